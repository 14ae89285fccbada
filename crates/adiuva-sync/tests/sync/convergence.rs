//! Three devices edit, delete and restore records in random orders and exchange state in
//! random pairs; after a final full exchange they are identical, and every field holds the
//! newest write anyone made to it.

use std::collections::BTreeMap;

use adiuva_sync::{Apply, Clock, DELETED, Fields, Incoming, NoJoin, apply_remote};
use proptest::prelude::*;
use serde_json::Value;

#[derive(Clone, Debug)]
enum Step {
    Edit {
        device: usize,
        record: u8,
        field: u8,
        value: i64,
    },
    Delete {
        device: usize,
        record: u8,
    },
    Restore {
        device: usize,
        record: u8,
    },
    Sync {
        from: usize,
        to: usize,
    },
    /// Time passes on one device (clocks disagree).
    Wait {
        device: usize,
        ms: u64,
    },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => (0usize..3, 0u8..4, 0u8..3, 0i64..100)
            .prop_map(|(device, record, field, value)| Step::Edit { device, record, field, value }),
        1 => (0usize..3, 0u8..4).prop_map(|(device, record)| Step::Delete { device, record }),
        1 => (0usize..3, 0u8..4).prop_map(|(device, record)| Step::Restore { device, record }),
        3 => (0usize..3, 0usize..3).prop_map(|(from, to)| Step::Sync { from, to }),
        1 => (0usize..3, 0u64..5).prop_map(|(device, ms)| Step::Wait { device, ms }),
    ]
}

struct Device {
    clock: Clock,
    now: u64,
    records: BTreeMap<u8, Fields>,
}

impl Device {
    fn write(
        &mut self,
        record: u8,
        field: &str,
        value: Value,
    ) -> (u8, String, adiuva_sync::Stamped) {
        let stamp = self.clock.tick(self.now).unwrap();
        self.records
            .entry(record)
            .or_default()
            .set(field, value.clone(), stamp);
        (
            record,
            field.to_owned(),
            adiuva_sync::Stamped { stamp, value },
        )
    }

    /// Takes everything `other` holds, the way a pull applies the change feed.
    fn pull(&mut self, other: &BTreeMap<u8, Fields>) {
        for (id, remote) in other {
            if let Some(stamp) = remote.max_stamp() {
                self.clock.observe(stamp, self.now).unwrap();
            }
            let incoming = Incoming {
                version: 1,
                opened: Ok(remote.clone()),
            };
            match apply_remote(self.records.get(id), None, incoming, &NoJoin) {
                Apply::Write(merged) => {
                    self.records.insert(*id, merged);
                }
                Apply::Unchanged => {}
                Apply::Quarantine(q) => panic!("nothing here is quarantined: {q:?}"),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn three_devices_converge_on_the_newest_writes(steps in prop::collection::vec(step(), 1..60)) {
        let mut devices: Vec<Device> = (0..3)
            .map(|i| Device { clock: Clock::new(i), now: 100, records: BTreeMap::new() })
            .collect();
        let mut writes = Vec::new();
        for step in steps {
            match step {
                Step::Edit { device, record, field, value } => {
                    writes.push(devices[device].write(record, &format!("f{field}"), Value::from(value)));
                }
                Step::Delete { device, record } => {
                    writes.push(devices[device].write(record, DELETED, Value::Bool(true)));
                }
                Step::Restore { device, record } => {
                    writes.push(devices[device].write(record, DELETED, Value::Bool(false)));
                }
                Step::Sync { from, to } => {
                    let snapshot = devices[from].records.clone();
                    devices[to].pull(&snapshot);
                }
                Step::Wait { device, ms } => devices[device].now += ms,
            }
        }
        // A final round: everyone pulls from everyone, twice.
        for _ in 0..2 {
            for from in 0..3 {
                for to in 0..3 {
                    let snapshot = devices[from].records.clone();
                    devices[to].pull(&snapshot);
                }
            }
        }
        prop_assert_eq!(&devices[0].records, &devices[1].records);
        prop_assert_eq!(&devices[1].records, &devices[2].records);
        // Every field holds the write with the greatest stamp made to it.
        let mut newest: BTreeMap<(u8, String), adiuva_sync::Stamped> = BTreeMap::new();
        for (record, field, stamped) in writes {
            let slot = newest.entry((record, field)).or_insert_with(|| stamped.clone());
            if stamped.stamp > slot.stamp {
                *slot = stamped;
            }
        }
        for ((record, field), stamped) in newest {
            prop_assert_eq!(devices[0].records[&record].0.get(&field), Some(&stamped));
        }
    }
}
