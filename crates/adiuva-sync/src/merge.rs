//! A synced record as stamped fields, and their merge: for each field the value with the
//! greater stamp. The merge is commutative, associative and idempotent, so devices converge
//! whatever order changes arrive in.
//!
//! Deletion is the field [`DELETED`] set to `true` under a stamp; a later `false` restores the
//! record. Edits made elsewhere after a deletion are kept in the tombstone's other fields, so
//! restoring brings back the newest of everything.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::Stamp;

/// The tombstone field.
pub const DELETED: &str = "_deleted";

/// A field's value and the stamp of its last change.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stamped {
    pub stamp: Stamp,
    pub value: Value,
}

/// A record's fields by name.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Fields(pub BTreeMap<String, Stamped>);

impl Fields {
    /// Sets `field` to `value` if `stamp` is newer than what the field holds.
    pub fn set(&mut self, field: &str, value: Value, stamp: Stamp) {
        let candidate = Stamped { stamp, value };
        match self.0.get(field) {
            Some(current) if !wins(&candidate, current) => {}
            _ => {
                self.0.insert(field.to_owned(), candidate);
            }
        }
    }

    pub fn get(&self, field: &str) -> Option<&Value> {
        self.0.get(field).map(|s| &s.value)
    }

    pub fn is_deleted(&self) -> bool {
        self.get(DELETED) == Some(&Value::Bool(true))
    }

    /// The newest stamp of any field.
    pub fn max_stamp(&self) -> Option<Stamp> {
        self.0.values().map(|s| s.stamp).max()
    }
}

/// Whether `a` replaces `b`: the greater stamp; on equal stamps (which honest devices never
/// issue for different values) the greater value text, so the choice is the same everywhere.
fn wins(a: &Stamped, b: &Stamped) -> bool {
    match a.stamp.cmp(&b.stamp) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => {
            let (ours, theirs) = (a.value.to_string(), b.value.to_string());
            ours > theirs
        }
    }
}

/// The field-wise merge of two versions of one record.
pub fn merge(a: &Fields, b: &Fields) -> Fields {
    let mut merged = a.clone();
    for (field, theirs) in &b.0 {
        match merged.0.get(field) {
            Some(ours) if !wins(theirs, ours) => {}
            _ => {
                merged.0.insert(field.clone(), theirs.clone());
            }
        }
    }
    merged
}
