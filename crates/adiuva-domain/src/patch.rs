//! Serde support for patch fields that distinguish "leave unchanged" from "clear".

use serde::{Deserialize, Deserializer};

/// For `Option<Option<T>>` patch fields with `#[serde(default)]`: a missing key stays
/// `None` (unchanged), `null` becomes `Some(None)` (clear), a value `Some(Some(v))`. Such
/// fields also carry `skip_serializing_if = "Option::is_none"` so that an untouched field is
/// sent as an absent key, not as `null` (which would clear it).
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use crate::{NotePatch, ProjectPatch, TaskPatch, TaskStatus};
    use serde_json::json;

    #[test]
    fn patches_round_trip_untouched_as_absent_and_cleared_as_null() {
        let patch = TaskPatch {
            status: Some(TaskStatus::Done),
            due_date: Some(None),
            ..TaskPatch::default()
        };
        let body = serde_json::to_value(&patch).unwrap();
        assert_eq!(body, json!({"status": "done", "due_date": null}));
        assert_eq!(serde_json::from_value::<TaskPatch>(body).unwrap(), patch);

        let rename = ProjectPatch {
            name: Some("Orchard".into()),
            client_id: None,
        };
        assert_eq!(
            serde_json::to_value(&rename).unwrap(),
            json!({"name": "Orchard"})
        );
        let unfile = NotePatch {
            project_id: Some(None),
            ..NotePatch::default()
        };
        let body = serde_json::to_value(&unfile).unwrap();
        assert_eq!(body, json!({"project_id": null}));
        assert_eq!(serde_json::from_value::<NotePatch>(body).unwrap(), unfile);
    }
}
