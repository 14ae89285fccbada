//! The merge is a join: commutative, associative, idempotent; and the clock only moves on.

use crate::{TagSet, fields, members, stamp};
use adiuva_sync::{Clock, ClockError, Fields, MAX_DRIFT_MS, Stamp, merge, merge_with};
use proptest::prelude::*;

proptest! {
    #[test]
    fn setting_fields_together_is_setting_them_one_by_one(
        held in fields(),
        changed in fields(),
        at in stamp(),
    ) {
        let changed: Vec<(String, serde_json::Value)> =
            changed.0.into_iter().map(|(name, f)| (name, f.value)).collect();
        for start in [held, Fields::default()] {
            let mut one_by_one = start.clone();
            for (name, value) in changed.clone() {
                one_by_one.set(name, value, at);
            }
            let mut together = start;
            together.set_all(changed.clone(), at);
            prop_assert_eq!(together, one_by_one);
        }
    }

    #[test]
    fn merge_is_commutative(a in fields(), b in fields()) {
        prop_assert_eq!(merge(&a, &b), merge(&b, &a));
    }

    #[test]
    fn merge_is_associative(a in fields(), b in fields(), c in fields()) {
        prop_assert_eq!(merge(&merge(&a, &b), &c), merge(&a, &merge(&b, &c)));
    }

    #[test]
    fn merge_is_idempotent(a in fields(), b in fields()) {
        prop_assert_eq!(&merge(&a, &a), &a);
        let once = merge(&a, &b);
        prop_assert_eq!(merge(&once, &b), once);
    }

    #[test]
    fn a_merge_with_joined_fields_is_still_a_join(a in fields(), b in fields(), c in fields()) {
        let m = |x: &_, y: &_| merge_with(x, y, &TagSet);
        prop_assert_eq!(m(&a, &b), m(&b, &a));
        prop_assert_eq!(m(&m(&a, &b), &c), m(&a, &m(&b, &c)));
        prop_assert_eq!(&m(&a, &a), &a);
        let once = m(&a, &b);
        prop_assert_eq!(m(&once, &b), once);
    }

    #[test]
    fn a_joined_field_keeps_every_side_under_the_greater_stamp(a in fields(), b in fields()) {
        let merged = merge_with(&a, &b, &TagSet);
        if let (Some(x), Some(y)) = (a.0.get("tags"), b.0.get("tags")) {
            let kept = &merged.0["tags"];
            prop_assert_eq!(kept.stamp, x.stamp.max(y.stamp));
            for member in members(&x.value).iter().chain(&members(&y.value)) {
                prop_assert!(members(&kept.value).contains(member), "{member} lost");
            }
        }
    }

    #[test]
    fn the_greater_stamp_of_each_field_survives(a in fields(), b in fields()) {
        let merged = merge(&a, &b);
        for (field, kept) in &merged.0 {
            for side in [&a, &b] {
                if let Some(other) = side.0.get(field) {
                    prop_assert!(kept.stamp >= other.stamp);
                }
            }
        }
        prop_assert_eq!(
            merged.0.keys().collect::<Vec<_>>(),
            a.0.keys().chain(b.0.keys()).collect::<std::collections::BTreeSet<_>>().into_iter().collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_clock_never_issues_a_stamp_twice_or_backwards(
        nows in prop::collection::vec(0u64..50, 1..40),
        remote in stamp(),
    ) {
        let mut clock = Clock::new(7);
        let mut last = Stamp::default();
        for (i, now) in nows.iter().enumerate() {
            if i == nows.len() / 2 {
                clock.observe(remote, *now).unwrap();
                let next = clock.tick(*now).unwrap();
                prop_assert!(next > remote);
                prop_assert!(next > last);
                last = next;
                continue;
            }
            let next = clock.tick(*now).unwrap();
            prop_assert!(next > last, "{next:?} after {last:?}");
            prop_assert_eq!(next.device, 7);
            last = next;
        }
    }
}

#[test]
fn a_stamp_from_far_in_the_future_is_refused_and_changes_nothing() {
    let mut clock = Clock::new(1);
    clock.tick(1_000).unwrap();
    let before = clock.last();
    let future = Stamp {
        wall_ms: 1_000 + MAX_DRIFT_MS + 1,
        counter: 0,
        device: 2,
    };
    assert_eq!(
        clock.observe(future, 1_000),
        Err(ClockError::Drift {
            ahead_ms: MAX_DRIFT_MS + 1
        })
    );
    assert_eq!(clock.last(), before);
}
