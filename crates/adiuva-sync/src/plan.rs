//! Planning: how pushes are cut into batches, and what to do with each record the change feed
//! brings (write the merge, leave things as they are, or quarantine it).

use std::ops::Range;

use crate::{Fields, Join, merge_with};

/// Consecutive batches of at most `max_records` records and about `max_bytes` bytes, in
/// order; a record larger than `max_bytes` goes alone.
pub fn batches(sizes: &[usize], max_records: usize, max_bytes: usize) -> Vec<Range<usize>> {
    let max_records = max_records.max(1);
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, size) in sizes.iter().enumerate() {
        let full = i - start == max_records || (i > start && bytes + size > max_bytes);
        if full {
            out.push(start..i);
            start = i;
            bytes = 0;
        }
        bytes += size;
    }
    if start < sizes.len() {
        out.push(start..sizes.len());
    }
    out
}

/// Why a record from the change feed could not be read. The crypto and parse details stay
/// text because this crate knows neither; callers branch on the variant.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Unopened {
    #[error("the change carries no blob")]
    NoBlob,
    /// The envelope failed to authenticate or parse: tampered, truncated, moved, or sealed
    /// under a key this device does not hold.
    #[error("the blob does not open: {0}")]
    Sealed(String),
    /// It opened but is not a record's stamped fields.
    #[error("the blob is not a record: {0}")]
    NotARecord(String),
}

/// One record from the change feed, as the device opened it.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    /// The server's version of this record in the change.
    pub version: u64,
    /// The opened, parsed record, or why it did not open or verify.
    pub opened: Result<Fields, Unopened>,
}

/// Why a record is kept aside instead of applied.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Quarantine {
    /// It failed to open, authenticate or parse: tampered, truncated or moved.
    #[error(transparent)]
    DoesNotOpen(Unopened),
    /// The server offered an older version than one this device already took.
    #[error("version {version} is older than version {seen} already taken here (a replay)")]
    Replayed { version: u64, seen: u64 },
}

/// What to do with an incoming record.
#[derive(Clone, Debug, PartialEq)]
pub enum Apply {
    /// Store this merged state.
    Write(Fields),
    /// Local data already includes everything it brings.
    Unchanged,
    /// Never applied; local data stays as it is.
    Quarantine(Quarantine),
}

/// Decides about one incoming record, given the local state, the last server version this
/// device took for it, and how its joinable fields join.
pub fn apply_remote(
    local: Option<&Fields>,
    seen_version: Option<u64>,
    incoming: Incoming,
    join: &dyn Join,
) -> Apply {
    if let Some(seen) = seen_version
        && incoming.version < seen
    {
        return Apply::Quarantine(Quarantine::Replayed {
            version: incoming.version,
            seen,
        });
    }
    let remote = match incoming.opened {
        Ok(remote) => remote,
        Err(reason) => return Apply::Quarantine(Quarantine::DoesNotOpen(reason)),
    };
    match local {
        None => Apply::Write(remote),
        Some(local) => {
            let merged = merge_with(local, &remote, join);
            if &merged == local {
                Apply::Unchanged
            } else {
                Apply::Write(merged)
            }
        }
    }
}
