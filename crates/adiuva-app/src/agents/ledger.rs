//! Appending to the ledger (each entry linked to the one before by its SHA-256 hash) and the
//! use cases that read and verify it.

use adiuva_domain::{
    AgentId, AssignmentId, ChainCheck, Decision, LedgerEntry, Millis, Outcome, Rule,
    ledger::GENESIS_HASH,
};
use adiuva_store::{
    Connection,
    ledger::{self, LedgerQuery},
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use uuid::Uuid;

use crate::{AppError, Workspace};

/// The chain's hash: lowercase hex SHA-256.
pub(crate) fn hash(bytes: &[u8]) -> String {
    adiuva_crypto::checksum(bytes)
}

/// An entry before it is linked into the chain.
pub(crate) struct NewEntry {
    pub actor: String,
    pub agent_id: Option<AgentId>,
    pub assignment_id: Option<AssignmentId>,
    pub action: String,
    pub planned: Value,
    /// Already redacted.
    pub arguments: Value,
    pub arguments_hash: String,
    pub decision: Decision,
    pub rule: Rule,
    pub outcome: Outcome,
    pub error_code: Option<String>,
    pub result: Option<Value>,
    pub result_hash: String,
    pub affected: Vec<String>,
    pub idempotency_key: Option<String>,
}

/// Links `entry` after the newest one and appends it (inside the caller's transaction, so
/// the entry commits with what it records, or not at all).
pub(crate) fn append(
    conn: &Connection,
    entry: NewEntry,
    at: Millis,
) -> Result<LedgerEntry, AppError> {
    let (seq, prev_hash) = match ledger::head(conn)? {
        Some((seq, hash)) => (seq + 1, hash),
        None => (1, GENESIS_HASH.to_owned()),
    };
    let mut linked = LedgerEntry {
        seq,
        id: Uuid::now_v7().to_string(),
        at,
        actor: entry.actor,
        agent_id: entry.agent_id.map(|a| a.to_string()),
        assignment_id: entry.assignment_id.map(|a| a.to_string()),
        action: entry.action,
        planned: entry.planned.to_string(),
        arguments: entry.arguments.to_string(),
        arguments_hash: entry.arguments_hash,
        decision: entry.decision,
        rule: entry.rule.to_string(),
        outcome: entry.outcome,
        error_code: entry.error_code,
        result: entry.result.map(|r| r.to_string()),
        result_hash: entry.result_hash,
        affected: entry.affected,
        idempotency_key: entry.idempotency_key,
        prev_hash,
        hash: String::new(),
    };
    linked.hash = hash(&linked.canonical());
    ledger::append(conn, &linked)?;
    Ok(linked)
}

/// A verified ledger.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerReport {
    /// Entries checked, from the first to the newest.
    pub entries: u64,
    /// The newest entry's hash (what a copy kept elsewhere can be compared with).
    pub head: Option<String>,
}

/// The most ledger entries one read returns.
pub const LEDGER_LIMIT_MAX: u32 = 10_000;

impl Workspace {
    /// Ledger entries matching `query`, newest first.
    /// Ledger entries, newest first, narrowed by `query`; at least one and at most
    /// [`LEDGER_LIMIT_MAX`] per read, whatever the caller asked.
    pub fn ledger(&self, query: &LedgerQuery) -> Result<Vec<LedgerEntry>, AppError> {
        let query = LedgerQuery {
            limit: query.limit.clamp(1, LEDGER_LIMIT_MAX),
            ..query.clone()
        };
        self.read(|conn| Ok(ledger::list(conn, &query)?))
    }

    /// One ledger entry by id.
    pub fn ledger_entry(&self, id: &str) -> Result<LedgerEntry, AppError> {
        self.read(|conn| {
            ledger::get(conn, id)?.ok_or_else(|| AppError::not_found(crate::Entity::Ledger, id))
        })
    }

    /// Walks the whole chain, recomputing every hash: a changed, removed or inserted entry is
    /// reported as `AppError::Ledger` naming the first entry that does not verify.
    pub fn verify_ledger(&self) -> Result<LedgerReport, AppError> {
        self.read(|conn| {
            let mut check = ChainCheck::default();
            let mut broken = None;
            let mut head = None;
            ledger::walk(conn, |entry| match check.next(&entry, hash) {
                Ok(()) => {
                    head = Some(entry.hash);
                    true
                }
                Err(err) => {
                    broken = Some(err);
                    false
                }
            })?;
            match broken {
                Some(err) => Err(err.into()),
                None => Ok(LedgerReport {
                    entries: check.checked(),
                    head,
                }),
            }
        })
    }
}
