//! Property tests of the sync decisions: the merge's algebra, convergence of three devices
//! under random edits and random sync orders, clock monotonicity and drift, batch planning,
//! and what happens to replayed and unopenable records.

mod algebra;
mod convergence;
mod planning;

use adiuva_sync::{Fields, Join, Stamp};
use proptest::prelude::*;
use serde_json::Value;

/// A stand-in CRDT for joinable fields: `tags` holds a grow-only set (any other value counts as
/// the set of itself), joined by union. Whatever the stamps, no member is ever lost.
pub struct TagSet;

pub fn members(value: &Value) -> Vec<Value> {
    match value {
        Value::Array(items) => items.clone(),
        other => vec![other.clone()],
    }
}

impl Join for TagSet {
    fn joins(&self, field: &str) -> bool {
        field == "tags"
    }
    fn join(&self, _: &str, a: &Value, b: &Value) -> Option<Value> {
        let mut union = members(a);
        union.extend(members(b));
        union.sort_by_key(Value::to_string);
        union.dedup();
        Some(Value::Array(union))
    }
}

/// Small ranges so ties and overlaps happen often.
pub fn stamp() -> impl Strategy<Value = Stamp> {
    (0u64..6, 0u32..3, 0u64..3).prop_map(|(wall_ms, counter, device)| Stamp {
        wall_ms,
        counter,
        device,
    })
}

pub fn value() -> impl Strategy<Value = Value> {
    prop_oneof![
        (0i64..4).prop_map(Value::from),
        "[a-c]{0,2}".prop_map(Value::from),
        any::<bool>().prop_map(Value::from),
    ]
}

pub fn fields() -> impl Strategy<Value = Fields> {
    prop::collection::vec(
        (
            prop::sample::select(vec!["title", "status", "tags", "_deleted"]),
            value(),
            stamp(),
        ),
        0..6,
    )
    .prop_map(|sets| {
        let mut fields = Fields::default();
        for (field, value, stamp) in sets {
            fields.set(field, value, stamp);
        }
        fields
    })
}
