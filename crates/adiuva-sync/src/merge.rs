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

/// A record's fields by name (written as `fields_format.rs` says).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Fields(pub BTreeMap<String, Stamped>);

impl Fields {
    /// Sets `field` to `value` if `stamp` is newer than what the field holds.
    pub fn set(&mut self, field: impl AsRef<str> + Into<String>, value: Value, stamp: Stamp) {
        let candidate = Stamped { stamp, value };
        match self.0.get(field.as_ref()) {
            Some(current) if !wins(&candidate, current) => {}
            _ => {
                self.0.insert(field.into(), candidate);
            }
        }
    }

    /// Sets each of `changed` (distinct names) as [`Fields::set`] does, all under `stamp`.
    /// Into a record holding nothing yet (a first capture) they go in one go: collected
    /// in name order instead of each looked up and inserted.
    pub fn set_all(&mut self, changed: Vec<(String, Value)>, stamp: Stamp) {
        if self.0.is_empty() {
            self.0 = changed
                .into_iter()
                .map(|(name, value)| (name, Stamped { stamp, value }))
                .collect();
            return;
        }
        for (name, value) in changed {
            self.set(name, value, stamp);
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

/// Fields whose values are states of a CRDT of their own (a note's text): two versions are
/// joined, not chosen between, so concurrent edits of one field both survive.
///
/// A join must be commutative, associative and idempotent, and give back `a` itself when `b`
/// brings nothing new (that is how a merge tells that nothing changed).
pub trait Join {
    /// Whether `field` holds a joinable state.
    fn joins(&self, field: &str) -> bool;
    /// The join of two states of `field`, or `None` when they cannot be joined (then the
    /// greater stamp wins, as for any field).
    fn join(&self, field: &str, a: &Value, b: &Value) -> Option<Value>;
}

/// Every field is last-writer-wins.
pub struct NoJoin;

impl Join for NoJoin {
    fn joins(&self, _: &str) -> bool {
        false
    }
    fn join(&self, _: &str, _: &Value, _: &Value) -> Option<Value> {
        None
    }
}

/// The field-wise merge of two versions of one record, every field last-writer-wins.
pub fn merge(a: &Fields, b: &Fields) -> Fields {
    merge_with(a, b, &NoJoin)
}

/// The field-wise merge of two versions of one record: joinable fields are joined under the
/// greater of their stamps, the others take the value with the greater stamp.
pub fn merge_with(a: &Fields, b: &Fields, join: &dyn Join) -> Fields {
    let mut merged = a.clone();
    for (field, theirs) in &b.0 {
        let joined = match merged.0.get(field) {
            Some(ours) if ours == theirs => continue,
            Some(ours) if join.joins(field) => {
                join.join(field, &ours.value, &theirs.value)
                    .map(|value| Stamped {
                        stamp: ours.stamp.max(theirs.stamp),
                        value,
                    })
            }
            _ => None,
        };
        match (joined, merged.0.get(field)) {
            (Some(joined), _) => {
                merged.0.insert(field.clone(), joined);
            }
            (None, Some(ours)) if !wins(theirs, ours) => {}
            (None, _) => {
                merged.0.insert(field.clone(), theirs.clone());
            }
        }
    }
    merged
}
