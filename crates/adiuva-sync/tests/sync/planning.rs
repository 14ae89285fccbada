//! Batches cover every record in order within their limits; replayed and unopenable records
//! are quarantined and never touch local data.

use adiuva_sync::{
    Apply, Fields, Incoming, NoJoin, Quarantine, Stamp, Unopened, apply_remote, batches,
};
use proptest::prelude::*;
use serde_json::Value;

proptest! {
    #[test]
    fn batches_cover_everything_in_order_within_limits(
        sizes in prop::collection::vec(0usize..5000, 0..300),
        max_records in 1usize..50,
        max_bytes in 1usize..20_000,
    ) {
        let planned = batches(&sizes, max_records, max_bytes);
        let flat: Vec<usize> = planned.iter().flat_map(Clone::clone).collect();
        prop_assert_eq!(flat, (0..sizes.len()).collect::<Vec<_>>());
        for batch in &planned {
            prop_assert!(!batch.is_empty());
            prop_assert!(batch.len() <= max_records);
            let bytes: usize = sizes[batch.clone()].iter().sum();
            prop_assert!(bytes <= max_bytes || batch.len() == 1, "{batch:?} holds {bytes} bytes");
        }
    }
}

fn fields(title: &str, wall_ms: u64) -> Fields {
    let mut fields = Fields::default();
    fields.set(
        "title",
        Value::from(title),
        Stamp {
            wall_ms,
            counter: 0,
            device: 1,
        },
    );
    fields
}

#[test]
fn incoming_records_are_written_merged_skipped_or_quarantined() {
    let local = fields("newer", 20);
    let older = Incoming {
        version: 3,
        opened: Ok(fields("older", 10)),
    };
    assert_eq!(
        apply_remote(Some(&local), Some(2), older, &NoJoin),
        Apply::Unchanged
    );

    let newer = Incoming {
        version: 4,
        opened: Ok(fields("newest", 30)),
    };
    assert_eq!(
        apply_remote(Some(&local), Some(3), newer, &NoJoin),
        Apply::Write(fields("newest", 30))
    );
    let fresh = Incoming {
        version: 1,
        opened: Ok(fields("new", 5)),
    };
    assert_eq!(
        apply_remote(None, None, fresh, &NoJoin),
        Apply::Write(fields("new", 5))
    );

    let replay = Incoming {
        version: 2,
        opened: Ok(fields("old but valid", 40)),
    };
    assert_eq!(
        apply_remote(Some(&local), Some(3), replay, &NoJoin),
        Apply::Quarantine(Quarantine::Replayed {
            version: 2,
            seen: 3
        })
    );
    let tampered = Incoming {
        version: 5,
        opened: Err(Unopened::Sealed("does not authenticate".into())),
    };
    assert_eq!(
        apply_remote(Some(&local), Some(3), tampered, &NoJoin),
        Apply::Quarantine(Quarantine::DoesNotOpen(Unopened::Sealed(
            "does not authenticate".into()
        )))
    );
}

proptest::proptest! {
    #[test]
    fn a_backoff_grows_stays_capped_and_honours_retry_after(
        failures in 1u32..40,
        jitter in 0.0f64..1.0,
        retry_after in proptest::option::of(0u64..1_000),
    ) {
        use adiuva_sync::{BACKOFF_BASE, BACKOFF_CAP, backoff};
        use std::time::Duration;
        let retry_after = retry_after.map(Duration::from_secs);
        let wait = backoff(failures, retry_after, jitter);
        let full = BACKOFF_BASE.saturating_mul(1 << (failures - 1).min(16)).min(BACKOFF_CAP);
        proptest::prop_assert!(wait >= retry_after.unwrap_or_default());
        if retry_after.is_none_or(|r| r <= full / 2) {
            proptest::prop_assert!(wait >= full / 2 && wait <= full, "{wait:?} for {full:?}");
        }
        // More failures never mean a shorter wait at the same jitter.
        proptest::prop_assert!(backoff(failures + 1, None, jitter) >= backoff(failures, None, jitter));
    }
}

#[test]
fn the_first_waits_double_from_one_second() {
    use adiuva_sync::backoff;
    use std::time::Duration;
    let waits: Vec<u64> = (1..=5)
        .map(|n| backoff(n, None, 1.0).as_millis() as u64)
        .collect();
    assert_eq!(waits, [1000, 2000, 4000, 8000, 16000]);
    assert_eq!(backoff(1, None, 0.0), Duration::from_millis(500));
    assert_eq!(
        backoff(1, Some(Duration::from_secs(30)), 0.0),
        Duration::from_secs(30)
    );
    assert_eq!(backoff(60, None, 0.0), Duration::from_secs(150));
}
