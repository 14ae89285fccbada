//! The `ledger` table: appended to, read, never changed (triggers refuse updates and deletes).

use adiuva_domain::{LedgerEntry, Millis};
use rusqlite::{
    Connection, OptionalExtension, Row, params, params_from_iter, types::Type, types::Value,
};

use crate::columns::variant;

const COLUMNS: &str = "seq, id, at, actor, agent_id, assignment_id, action, planned, arguments, \
     arguments_hash, decision, rule, outcome, error_code, result, result_hash, affected, \
     idempotency_key, prev_hash, hash";

fn from_row(row: &Row<'_>) -> rusqlite::Result<LedgerEntry> {
    let affected: String = row.get(16)?;
    Ok(LedgerEntry {
        seq: row.get(0)?,
        id: row.get(1)?,
        at: Millis(row.get(2)?),
        actor: row.get(3)?,
        agent_id: row.get(4)?,
        assignment_id: row.get(5)?,
        action: row.get(6)?,
        planned: row.get(7)?,
        arguments: row.get(8)?,
        arguments_hash: row.get(9)?,
        decision: variant(row, 10)?,
        rule: row.get(11)?,
        outcome: variant(row, 12)?,
        error_code: row.get(13)?,
        result: row.get(14)?,
        result_hash: row.get(15)?,
        affected: serde_json::from_str(&affected)
            .map_err(|e| rusqlite::Error::FromSqlConversionFailure(16, Type::Text, Box::new(e)))?,
        idempotency_key: row.get(17)?,
        prev_hash: row.get(18)?,
        hash: row.get(19)?,
    })
}

pub fn append(conn: &Connection, e: &LedgerEntry) -> rusqlite::Result<()> {
    conn.prepare_cached(&format!(
        "INSERT INTO ledger ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, \
         ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
    ))?
    .execute(params![
        e.seq,
        e.id,
        e.at.0,
        e.actor,
        e.agent_id,
        e.assignment_id,
        e.action,
        e.planned,
        e.arguments,
        e.arguments_hash,
        e.decision.as_str(),
        e.rule,
        e.outcome.as_str(),
        e.error_code,
        e.result,
        e.result_hash,
        serde_json::to_string(&e.affected).expect("a list of strings serializes"),
        e.idempotency_key,
        e.prev_hash,
        e.hash,
    ])?;
    Ok(())
}

/// `(seq, hash)` of the newest entry: what the next entry links to.
pub fn head(conn: &Connection) -> rusqlite::Result<Option<(i64, String)>> {
    conn.prepare_cached("SELECT seq, hash FROM ledger ORDER BY seq DESC LIMIT 1")?
        .query_row([], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()
}

/// The entry of the agent's call that carried `key`, if one did.
pub fn by_idempotency_key(
    conn: &Connection,
    agent_id: &str,
    key: &str,
) -> rusqlite::Result<Option<LedgerEntry>> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ledger WHERE agent_id = ?1 AND idempotency_key = ?2"
    ))?
    .query_row(params![agent_id, key], from_row)
    .optional()
}

pub fn get(conn: &Connection, id: &str) -> rusqlite::Result<Option<LedgerEntry>> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM ledger WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()
}

/// Which entries to read, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LedgerQuery {
    pub agent_id: Option<String>,
    pub action: Option<String>,
    pub outcome: Option<String>,
    /// Only entries older than this sequence number (paging back).
    pub before_seq: Option<i64>,
    pub limit: u32,
}

pub fn list(conn: &Connection, query: &LedgerQuery) -> rusqlite::Result<Vec<LedgerEntry>> {
    let mut clauses = Vec::new();
    let mut values = Vec::new();
    for (column, value) in [
        ("agent_id", &query.agent_id),
        ("action", &query.action),
        ("outcome", &query.outcome),
    ] {
        if let Some(value) = value {
            clauses.push(format!("{column} = ?"));
            values.push(Value::Text(value.clone()));
        }
    }
    if let Some(seq) = query.before_seq {
        clauses.push("seq < ?".to_owned());
        values.push(Value::Integer(seq));
    }
    let filter = if clauses.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", clauses.join(" AND "))
    };
    values.push(Value::Integer(i64::from(query.limit)));
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ledger {filter} ORDER BY seq DESC LIMIT ?"
    ))?
    .query_map(params_from_iter(values), from_row)?
    .collect()
}

/// Every entry, oldest first, handed to `visit` one at a time (verification walks them all
/// without holding the whole ledger in memory).
pub fn walk(conn: &Connection, mut visit: impl FnMut(LedgerEntry) -> bool) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(&format!("SELECT {COLUMNS} FROM ledger ORDER BY seq"))?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        if !visit(from_row(row)?) {
            break;
        }
    }
    Ok(())
}
