//! The ledger's entries and their chain: each entry commits to the previous one through its
//! hash, computed over a canonical encoding of every other column. The hash function is
//! passed in (SHA-256 in the application layer), so this stays pure.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{access::Decision, text_enum::text_enum, time::Millis};

/// The `prev_hash` of the first entry.
pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

text_enum!(
    /// How a call ended.
    Outcome {
        /// It ran and succeeded.
        Ok => "ok",
        /// It was allowed and failed (bad arguments, a missing record, a conflict).
        Error => "error",
        /// It was refused before running.
        Denied => "denied",
    }
);

/// One ledger row. Ids are kept as stored text so a tampered row still reads and is reported
/// by [`verify_chain`], not by a parse failure.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerEntry {
    pub seq: i64,
    pub id: String,
    pub at: Millis,
    /// `user` or `agent:<id>`.
    pub actor: String,
    pub agent_id: Option<String>,
    pub assignment_id: Option<String>,
    /// The tool, or the review action (`review.approve`, ...).
    pub action: String,
    /// JSON: the call's scopes and the provenance fields it tried to set.
    pub planned: String,
    /// JSON: the arguments, redacted.
    pub arguments: String,
    pub arguments_hash: String,
    pub decision: Decision,
    pub rule: String,
    pub outcome: Outcome,
    pub error_code: Option<String>,
    /// JSON: the answer, kept when the call carried an idempotency key.
    pub result: Option<String>,
    pub result_hash: String,
    /// `<kind>:<id>` of each record written.
    pub affected: Vec<String>,
    pub idempotency_key: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

impl LedgerEntry {
    /// Every column but `hash`, each as a type byte, a big-endian length and its bytes, in a
    /// fixed order: two different entries never encode alike.
    pub fn canonical(&self) -> Vec<u8> {
        let mut out = b"adiuva-ledger-v1".to_vec();
        let mut text = |value: Option<&str>| match value {
            None => out.push(0),
            Some(v) => {
                out.push(1);
                out.extend_from_slice(&(v.len() as u64).to_be_bytes());
                out.extend_from_slice(v.as_bytes());
            }
        };
        text(Some(&self.seq.to_string()));
        text(Some(&self.id));
        text(Some(&self.at.0.to_string()));
        text(Some(&self.actor));
        text(self.agent_id.as_deref());
        text(self.assignment_id.as_deref());
        text(Some(&self.action));
        text(Some(&self.planned));
        text(Some(&self.arguments));
        text(Some(&self.arguments_hash));
        text(Some(self.decision.as_str()));
        text(Some(&self.rule));
        text(Some(self.outcome.as_str()));
        text(self.error_code.as_deref());
        text(self.result.as_deref());
        text(Some(&self.result_hash));
        text(Some(&self.affected.len().to_string()));
        for id in &self.affected {
            text(Some(id));
        }
        text(self.idempotency_key.as_deref());
        text(Some(&self.prev_hash));
        out
    }
}

/// Why the chain does not verify, at the first entry that breaks it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("ledger entry {id} (#{seq}) {kind}")]
pub struct ChainBreak {
    pub seq: i64,
    pub id: String,
    pub kind: BreakKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BreakKind {
    /// Its `prev_hash` is not the previous entry's hash: an entry before it was changed,
    /// removed or inserted.
    Link,
    /// Its hash does not match its columns: the entry itself was changed.
    Content,
}

impl fmt::Display for BreakKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Link => "does not follow the entry before it",
            Self::Content => "was changed after it was written",
        })
    }
}

/// Checks a chain entry by entry, in order (so a long ledger can be streamed through it).
#[derive(Clone, Debug)]
pub struct ChainCheck {
    previous: String,
    checked: u64,
}

impl Default for ChainCheck {
    fn default() -> Self {
        Self {
            previous: GENESIS_HASH.to_owned(),
            checked: 0,
        }
    }
}

impl ChainCheck {
    /// Checks the next entry's link and recomputes its hash with `hash`.
    pub fn next(
        &mut self,
        entry: &LedgerEntry,
        hash: impl Fn(&[u8]) -> String,
    ) -> Result<(), ChainBreak> {
        let broken = |kind| ChainBreak {
            seq: entry.seq,
            id: entry.id.clone(),
            kind,
        };
        if entry.prev_hash != self.previous {
            return Err(broken(BreakKind::Link));
        }
        if hash(&entry.canonical()) != entry.hash {
            return Err(broken(BreakKind::Content));
        }
        self.previous.clone_from(&entry.hash);
        self.checked += 1;
        Ok(())
    }

    /// Entries checked so far.
    pub const fn checked(&self) -> u64 {
        self.checked
    }
}

/// Walks `entries` in order, checking each link and recomputing each hash with `hash`;
/// answers how many entries verified.
pub fn verify_chain<'a>(
    entries: impl IntoIterator<Item = &'a LedgerEntry>,
    hash: impl Fn(&[u8]) -> String,
) -> Result<u64, ChainBreak> {
    let mut check = ChainCheck::default();
    for entry in entries {
        check.next(entry, &hash)?;
    }
    Ok(check.checked())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A stand-in hash for the chain logic (the app uses SHA-256).
    fn fnv(bytes: &[u8]) -> String {
        let mut h: u64 = 0xcbf29ce484222325;
        for b in bytes {
            h = (h ^ u64::from(*b)).wrapping_mul(0x100000001b3);
        }
        format!("{h:064x}")
    }

    fn chain(n: i64) -> Vec<LedgerEntry> {
        let mut prev = GENESIS_HASH.to_owned();
        (1..=n)
            .map(|seq| {
                let mut e = LedgerEntry {
                    seq,
                    id: format!("e{seq}"),
                    at: Millis(seq),
                    actor: "agent:a".into(),
                    agent_id: Some("a".into()),
                    assignment_id: None,
                    action: "create_task".into(),
                    planned: "{}".into(),
                    arguments: "{}".into(),
                    arguments_hash: "h".into(),
                    decision: Decision::Allow,
                    rule: "allow:create_task".into(),
                    outcome: Outcome::Ok,
                    error_code: None,
                    result: None,
                    result_hash: "r".into(),
                    affected: vec![format!("task:{seq}")],
                    idempotency_key: None,
                    prev_hash: prev.clone(),
                    hash: String::new(),
                };
                e.hash = fnv(&e.canonical());
                prev.clone_from(&e.hash);
                e
            })
            .collect()
    }

    #[test]
    fn a_chain_verifies_and_any_change_breaks_it_where_it_happened() {
        let entries = chain(4);
        assert_eq!(verify_chain(&entries, fnv), Ok(4));

        let mut edited = entries.clone();
        edited[1].rule = "human".into();
        let err = verify_chain(&edited, fnv).unwrap_err();
        assert_eq!((err.id.as_str(), err.kind), ("e2", BreakKind::Content));

        let mut removed = entries.clone();
        removed.remove(1);
        assert_eq!(verify_chain(&removed, fnv).unwrap_err().id, "e3");

        let mut rehashed = entries;
        rehashed[0].error_code = Some("x".into());
        rehashed[0].hash = fnv(&rehashed[0].canonical());
        let err = verify_chain(&rehashed, fnv).unwrap_err();
        assert_eq!((err.id.as_str(), err.kind), ("e2", BreakKind::Link));
    }

    #[test]
    fn absent_and_empty_values_encode_differently() {
        let mut a = chain(1).remove(0);
        let mut b = a.clone();
        a.error_code = None;
        b.error_code = Some(String::new());
        assert_ne!(a.canonical(), b.canonical());
    }
}
