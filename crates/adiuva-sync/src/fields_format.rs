//! How stamped fields are written, on the device and in sealed bodies: each distinct stamp
//! once, under `~stamps`, and each field as `[stamp index, value]`, e.g.
//! `{"~stamps":[[1795300263961,0,4021]],"title":[0,"Pack"],"priority":[0,"high"]}`.
//!
//! Fields changed together share a stamp, so a task's thirty fields carry one or two stamps
//! instead of thirty (2.7 KB of JSON became about 0.8 KB). The earlier form, each field as
//! `{"stamp": …, "value": …}`, still reads, so records stored or sealed before open as ever.

use std::{collections::BTreeMap, fmt};

use serde::{
    Deserialize, Deserializer, Serialize, Serializer,
    de::{self, MapAccess, SeqAccess, Visitor, value::MapAccessDeserializer},
    ser::SerializeMap,
};
use serde_json::Value;

use crate::{Fields, Stamp, Stamped};

/// The key of the stamp list: no field is named so (field names are column names).
const STAMPS: &str = "~stamps";

type StampTuple = (u64, u32, u64);

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut stamps: Vec<Stamp> = Vec::new();
        let index: Vec<usize> = self
            .0
            .values()
            .map(|field| {
                // A record has a few distinct stamps: a scan beats a map.
                stamps
                    .iter()
                    .position(|s| *s == field.stamp)
                    .unwrap_or_else(|| {
                        stamps.push(field.stamp);
                        stamps.len() - 1
                    })
            })
            .collect();
        let tuples: Vec<StampTuple> = stamps
            .iter()
            .map(|s| (s.wall_ms, s.counter, s.device))
            .collect();
        let mut map = serializer.serialize_map(Some(self.0.len() + 1))?;
        map.serialize_entry(STAMPS, &tuples)?;
        for ((name, field), at) in self.0.iter().zip(index) {
            map.serialize_entry(name, &(at, &field.value))?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(FieldsVisitor)
    }
}

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = Fields;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a record's stamped fields")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
        let mut stamps: Vec<Stamp> = Vec::new();
        let mut fields = BTreeMap::new();
        while let Some(name) = map.next_key::<String>()? {
            if name == STAMPS {
                stamps = map
                    .next_value::<Vec<StampTuple>>()?
                    .into_iter()
                    .map(|(wall_ms, counter, device)| Stamp {
                        wall_ms,
                        counter,
                        device,
                    })
                    .collect();
                continue;
            }
            let field = match map.next_value::<Written>()? {
                Written::Earlier(field) => field,
                Written::Indexed(at, value) => Stamped {
                    stamp: *stamps.get(at).ok_or_else(|| {
                        de::Error::custom(format!("the field {name} names a stamp not listed"))
                    })?,
                    value,
                },
            };
            fields.insert(name, field);
        }
        Ok(Fields(fields))
    }
}

/// One field as written: `[stamp index, value]`, or the earlier `{"stamp", "value"}`.
enum Written {
    Indexed(usize, Value),
    Earlier(Stamped),
}

impl<'de> Deserialize<'de> for Written {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(WrittenVisitor)
    }
}

struct WrittenVisitor;

impl<'de> Visitor<'de> for WrittenVisitor {
    type Value = Written;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[stamp index, value] or {\"stamp\", \"value\"}")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Written, A::Error> {
        let at = seq
            .next_element::<usize>()?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let value = seq
            .next_element::<Value>()?
            .ok_or_else(|| de::Error::invalid_length(1, &self))?;
        if seq.next_element::<de::IgnoredAny>()?.is_some() {
            return Err(de::Error::invalid_length(3, &self));
        }
        Ok(Written::Indexed(at, value))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Written, A::Error> {
        Stamped::deserialize(MapAccessDeserializer::new(map)).map(Written::Earlier)
    }
}

/// The newest wall-clock time among a record's stamps, read from its text without building
/// its fields: sealing needs only this, and parsing every field of every record for it was
/// a third of a push's sealing.
pub fn newest_wall_ms(text: &str) -> serde_json::Result<u64> {
    #[derive(Deserialize)]
    struct StampsOnly {
        #[serde(rename = "~stamps")]
        stamps: Option<Vec<StampTuple>>,
    }
    match serde_json::from_str::<StampsOnly>(text)?.stamps {
        Some(stamps) => Ok(stamps.iter().map(|s| s.0).max().unwrap_or(0)),
        // The earlier form lists no stamps: its fields are read.
        None => Ok(serde_json::from_str::<Fields>(text)?
            .max_stamp()
            .map_or(0, |s| s.wall_ms)),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn stamp(wall_ms: u64, device: u64) -> Stamp {
        Stamp {
            wall_ms,
            counter: 0,
            device,
        }
    }

    #[test]
    fn the_newest_wall_time_reads_from_either_form_without_the_fields() {
        let mut fields = Fields::default();
        fields.set("title", json!("a"), stamp(30, 1));
        fields.set("status", json!("todo"), stamp(45, 2));
        fields.set("priority", json!("low"), stamp(12, 3));
        let text = serde_json::to_string(&fields).unwrap();
        assert_eq!(newest_wall_ms(&text).unwrap(), 45);
        let earlier = r#"{"title":{"stamp":{"wall_ms":7,"counter":0,"device":1},"value":"a"},
            "status":{"stamp":{"wall_ms":9,"counter":0,"device":1},"value":"todo"}}"#;
        assert_eq!(newest_wall_ms(earlier).unwrap(), 9);
        assert_eq!(newest_wall_ms("{}").unwrap(), 0);
        assert!(newest_wall_ms("[1]").is_err());
    }

    #[test]
    fn fields_sharing_a_stamp_write_it_once_and_read_back_the_same() {
        let mut fields = Fields::default();
        fields.set("title", json!("Pack the kitchen"), stamp(10, 7));
        fields.set("priority", json!("high"), stamp(10, 7));
        fields.set("due_date", Value::Null, stamp(12, 9));
        fields.set("body", json!({"loro": [1, 2, 3]}), stamp(10, 7));
        let text = serde_json::to_string(&fields).unwrap();
        assert_eq!(
            text,
            r#"{"~stamps":[[10,0,7],[12,0,9]],"body":[0,{"loro":[1,2,3]}],"due_date":[1,null],"priority":[0,"high"],"title":[0,"Pack the kitchen"]}"#
        );
        assert_eq!(serde_json::from_str::<Fields>(&text).unwrap(), fields);
        assert_eq!(
            serde_json::from_str::<Fields>("{}").unwrap(),
            Fields::default()
        );
    }

    #[test]
    fn the_earlier_form_still_reads() {
        let earlier = r#"{"title":{"stamp":{"wall_ms":10,"counter":1,"device":7},"value":"Repot"},"done":{"value":true,"stamp":[11,0,7]}}"#;
        let fields: Fields = serde_json::from_str(earlier).unwrap();
        assert_eq!(fields.get("title"), Some(&json!("Repot")));
        assert_eq!(
            fields.0["title"].stamp,
            Stamp {
                wall_ms: 10,
                counter: 1,
                device: 7
            }
        );
        assert_eq!(fields.0["done"].stamp, stamp(11, 7));
    }

    #[test]
    fn a_field_naming_a_missing_stamp_or_malformed_is_refused() {
        for bad in [
            r#"{"title":[0,"no stamps listed"]}"#,
            r#"{"~stamps":[[1,0,1]],"title":[1,"past the list"]}"#,
            r#"{"~stamps":[[1,0,1]],"title":[0]}"#,
            r#"{"~stamps":[[1,0,1]],"title":[0,"x","extra"]}"#,
            r#"{"~stamps":[[1,0,1]],"title":"bare"}"#,
            r#"["not", "a", "map"]"#,
        ] {
            assert!(serde_json::from_str::<Fields>(bad).is_err(), "{bad}");
        }
    }
}
