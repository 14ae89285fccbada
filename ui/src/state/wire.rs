//! Request bodies whose JSON shape the domain types cannot produce by themselves.
//!
//! Patch fields distinguish "leave unchanged" (key absent) from "clear" (`null`), but the
//! derived `Serialize` of `Option<Option<T>>` writes `null` for both; sending a patch as-is
//! would clear every optional field the user did not touch. These build the JSON by hand.

use adiuva_domain::{NotePatch, ProjectPatch, TaskPatch};
use serde::Serialize;
use serde_json::{Map, Value};

fn put<T: Serialize>(map: &mut Map<String, Value>, key: &str, value: Option<&T>) {
    if let Some(value) = value
        && let Ok(json) = serde_json::to_value(value)
    {
        map.insert(key.to_owned(), json);
    }
}

pub fn task_patch(patch: &TaskPatch) -> Value {
    let mut map = Map::new();
    put(&mut map, "title", patch.title.as_ref());
    put(&mut map, "description", patch.description.as_ref());
    put(&mut map, "status", patch.status.as_ref());
    put(&mut map, "priority", patch.priority.as_ref());
    put(&mut map, "assignees", patch.assignees.as_ref());
    put(&mut map, "due_date", patch.due_date.as_ref());
    put(&mut map, "project_id", patch.project_id.as_ref());
    Value::Object(map)
}

pub fn project_patch(patch: &ProjectPatch) -> Value {
    let mut map = Map::new();
    put(&mut map, "name", patch.name.as_ref());
    put(&mut map, "client_id", patch.client_id.as_ref());
    Value::Object(map)
}

pub fn note_patch(patch: &NotePatch) -> Value {
    let mut map = Map::new();
    put(&mut map, "title", patch.title.as_ref());
    put(&mut map, "content", patch.content.as_ref());
    put(&mut map, "project_id", patch.project_id.as_ref());
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;
    use adiuva_domain::TaskStatus;
    use serde_json::json;

    #[test]
    fn untouched_fields_are_absent_and_cleared_ones_null() {
        let patch = TaskPatch {
            status: Some(TaskStatus::Done),
            due_date: Some(None),
            ..TaskPatch::default()
        };
        let body = task_patch(&patch);
        assert_eq!(body, json!({"status": "done", "due_date": null}));
        // The backend reads it back as the same patch.
        let read: TaskPatch = serde_json::from_value(body).expect("patch JSON");
        assert_eq!(read, patch);
    }

    #[test]
    fn project_and_note_patches() {
        let rename = ProjectPatch {
            name: Some("Orchard".into()),
            client_id: None,
        };
        assert_eq!(project_patch(&rename), json!({"name": "Orchard"}));
        let unfile = NotePatch {
            project_id: Some(None),
            ..NotePatch::default()
        };
        assert_eq!(note_patch(&unfile), json!({"project_id": null}));
        let read: NotePatch = serde_json::from_value(note_patch(&unfile)).expect("note patch");
        assert_eq!(read, unfile);
    }
}
