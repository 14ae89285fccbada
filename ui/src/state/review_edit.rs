//! "Edit then approve": the fields a person can change on a suggestion before approving it
//! (a task's title, description, priority and due date; a checkpoint's title and date; a
//! note's title), and the edit the shell receives: only what the person changed.

use adiuva_domain::{
    CheckpointPatch, ItemKind, NotePatch, Priority, ReviewItem, TaskPatch, ValidationError,
};
use serde::Serialize;

/// A person's changes to a suggestion, by kind (the shell's `edit_and_approve`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "patch", rename_all = "snake_case")]
pub enum SuggestionEdit {
    Task(TaskPatch),
    Checkpoint(CheckpointPatch),
    Note(NotePatch),
}

/// The edit form as typed; a date is `YYYY-MM-DD` or empty.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EditFields {
    pub title: String,
    pub description: String,
    pub priority: Option<Priority>,
    pub due_date: String,
    pub date: String,
}

impl EditFields {
    pub const FIELDS: &'static [&'static str] =
        &["title", "description", "priority", "due_date", "date"];

    /// The suggestion as proposed.
    pub fn of(item: &ReviewItem) -> Self {
        let proposed = |name: &str| {
            item.fields
                .iter()
                .find(|f| f.field == name)
                .and_then(|f| f.proposed.clone())
                .unwrap_or_default()
        };
        Self {
            title: item.title.clone(),
            description: proposed("description"),
            priority: proposed("priority").parse().ok(),
            due_date: proposed("due_date"),
            date: proposed("date"),
        }
    }

    /// The edit for `kind`: the fields that differ from `proposed`, checked by the domain's
    /// rules. The title always goes, so an untouched form still approves as proposed.
    pub fn to_edit(
        &self,
        kind: ItemKind,
        proposed: &EditFields,
    ) -> Result<SuggestionEdit, ValidationError> {
        let title = Some(self.title.clone());
        Ok(match kind {
            ItemKind::Task => {
                let due = self.due_date.trim();
                let patch = TaskPatch {
                    title,
                    description: changed(&self.description, &proposed.description),
                    priority: self.priority.filter(|p| Some(*p) != proposed.priority),
                    due_date: (due != proposed.due_date.trim())
                        .then(|| (!due.is_empty()).then(|| due.to_owned())),
                    ..TaskPatch::default()
                };
                patch.validate()?;
                SuggestionEdit::Task(patch)
            }
            ItemKind::Checkpoint => {
                let patch = CheckpointPatch {
                    title,
                    date: changed(self.date.trim(), proposed.date.trim()),
                    ..CheckpointPatch::default()
                };
                patch.validate()?;
                SuggestionEdit::Checkpoint(patch)
            }
            ItemKind::Note => {
                let patch = NotePatch {
                    title,
                    ..NotePatch::default()
                };
                patch.validate()?;
                SuggestionEdit::Note(patch)
            }
        })
    }
}

fn changed(value: &str, proposed: &str) -> Option<String> {
    (value != proposed).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use adiuva_domain::{FieldChange, Millis, ReviewChange, TagOrigin};
    use serde_json::json;

    use super::*;

    fn suggestion(kind: ItemKind, fields: &[(&str, &str)]) -> ReviewItem {
        ReviewItem {
            kind,
            id: "0192f0c0-0000-7000-8000-000000000001".into(),
            change: ReviewChange::Created,
            title: "Sow beans".into(),
            project_id: None,
            agent_id: None,
            origin: TagOrigin::Agent,
            rationale: None,
            fields: fields
                .iter()
                .map(|(field, proposed)| FieldChange {
                    field: (*field).into(),
                    before: None,
                    proposed: Some((*proposed).into()),
                })
                .collect(),
            proposed_at: Millis(0),
            snoozed_until: None,
        }
    }

    fn shaped(edit: &SuggestionEdit) -> serde_json::Value {
        serde_json::to_value(edit).unwrap()
    }

    #[test]
    fn the_form_starts_as_proposed_and_an_untouched_form_sends_only_the_title() {
        let item = suggestion(
            ItemKind::Task,
            &[
                ("description", "Row by the fence"),
                ("priority", "high"),
                ("due_date", "2026-11-30"),
            ],
        );
        let proposed = EditFields::of(&item);
        assert_eq!(
            (
                proposed.description.as_str(),
                proposed.priority,
                proposed.due_date.as_str()
            ),
            ("Row by the fence", Some(Priority::High), "2026-11-30")
        );
        let edit = proposed.to_edit(ItemKind::Task, &proposed).unwrap();
        assert_eq!(
            shaped(&edit),
            json!({"kind": "task", "patch": {"title": "Sow beans"}})
        );
    }

    #[test]
    fn a_task_edit_sends_what_changed_and_a_cleared_due_date_as_null() {
        let item = suggestion(
            ItemKind::Task,
            &[("priority", "high"), ("due_date", "2026-11-30")],
        );
        let proposed = EditFields::of(&item);
        let mut typed = proposed.clone();
        typed.title = "Sow broad beans".into();
        typed.description = "After the frost".into();
        typed.priority = Some(Priority::Low);
        typed.due_date = String::new();
        let edit = typed.to_edit(ItemKind::Task, &proposed).unwrap();
        assert_eq!(
            shaped(&edit),
            json!({"kind": "task", "patch": {
                "title": "Sow broad beans",
                "description": "After the frost",
                "priority": "low",
                "due_date": null,
            }})
        );
        typed.due_date = "30/11/2026".into();
        let wrong = typed.to_edit(ItemKind::Task, &proposed).unwrap_err();
        assert_eq!(wrong.field, "due_date");
    }

    #[test]
    fn checkpoints_edit_their_date_and_every_kind_needs_a_title() {
        let item = suggestion(ItemKind::Checkpoint, &[("date", "2026-12-01")]);
        let proposed = EditFields::of(&item);
        let mut typed = proposed.clone();
        typed.date = "2026-12-24".into();
        assert_eq!(
            shaped(&typed.to_edit(ItemKind::Checkpoint, &proposed).unwrap()),
            json!({"kind": "checkpoint", "patch": {"title": "Sow beans", "date": "2026-12-24"}})
        );
        let blank = EditFields {
            title: "  ".into(),
            ..EditFields::default()
        };
        for kind in [ItemKind::Task, ItemKind::Checkpoint, ItemKind::Note] {
            assert_eq!(blank.to_edit(kind, &proposed).unwrap_err().field, "title");
        }
    }
}
