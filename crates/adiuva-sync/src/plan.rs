//! Planning: how pushes are cut into batches, and what to do with each record the change feed
//! brings (write the merge, leave things as they are, or quarantine it).

use std::ops::Range;

use crate::{Fields, merge};

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

/// One record from the change feed, as the device opened it.
#[derive(Clone, Debug, PartialEq)]
pub struct Incoming {
    /// The server's version of this record in the change.
    pub version: u64,
    /// The opened, parsed record, or why it did not open or verify.
    pub opened: Result<Fields, String>,
}

/// Why a record is kept aside instead of applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Quarantine {
    /// It failed to open, authenticate or parse: tampered, truncated or moved.
    DoesNotOpen(String),
    /// The server offered an older version than one this device already took.
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

/// Decides about one incoming record, given the local state and the last server version this
/// device took for it.
pub fn apply_remote(
    local: Option<&Fields>,
    seen_version: Option<u64>,
    incoming: Incoming,
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
            let merged = merge(local, &remote);
            if &merged == local {
                Apply::Unchanged
            } else {
                Apply::Write(merged)
            }
        }
    }
}
