//! Form state as typed text, turned into the domain's inputs and patches, and the errors
//! shown under each field (from the domain's validation or from the backend).

use adiuva_domain::{
    ErrorReport, NewNote, NewTask, Note, NotePatch, Priority, ProjectId, Task, TaskPatch,
    TaskStatus, ValidationError,
};

use super::dates::input_value;

/// Messages keyed by field name, shown inline under the matching input.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<(String, String)>);

impl FieldErrors {
    pub fn from_validation(err: &ValidationError) -> Self {
        Self(vec![(err.field.to_owned(), err.to_string())])
    }

    /// One message under one field (a refusal not shaped as a `ValidationError`).
    pub fn one(field: &str, message: String) -> Self {
        Self(vec![(field.to_owned(), message)])
    }

    pub fn get(&self, field: &str) -> Option<String> {
        self.0
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, message)| message.clone())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Where a refused request's message belongs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Failure {
    /// Under a field of the form.
    Fields(FieldErrors),
    /// In a toast: no field, or a field this form does not show.
    General(String),
}

/// Routes a backend error to the field it names when the form has that field.
pub fn classify(report: &ErrorReport, form_fields: &[&str]) -> Failure {
    match report.field.as_deref() {
        Some(field) if form_fields.contains(&field) => Failure::Fields(FieldErrors(vec![(
            field.to_owned(),
            report.message.clone(),
        )])),
        _ => Failure::General(report.message.clone()),
    }
}

/// "Ana, Bo ,  " → ["Ana", "Bo"]; the domain trims and deduplicates further.
pub fn parse_assignees(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(str::to_owned)
        .collect()
}

fn blank_to_none(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn id_text(id: Option<ProjectId>) -> String {
    id.map(|p| p.to_string()).unwrap_or_default()
}

/// The task form and the task detail editor, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskFields {
    pub title: String,
    pub description: String,
    pub status: TaskStatus,
    pub priority: Priority,
    /// `YYYY-MM-DD` or empty.
    pub due: String,
    /// A project id or empty for none.
    pub project: String,
    /// Comma separated.
    pub assignees: String,
}

impl TaskFields {
    /// Fields validated by `NewTask`, in form order, so backend errors find their input.
    pub const FIELDS: &'static [&'static str] = &[
        "title",
        "description",
        "status",
        "priority",
        "due_date",
        "project_id",
        "assignees",
    ];

    pub fn blank(status: TaskStatus, project: Option<ProjectId>) -> Self {
        Self {
            title: String::new(),
            description: String::new(),
            status,
            priority: Priority::Medium,
            due: String::new(),
            project: id_text(project),
            assignees: String::new(),
        }
    }

    pub fn from_task(task: &Task) -> Self {
        Self {
            title: task.title.clone(),
            description: task.description.clone(),
            status: task.status,
            priority: task.priority,
            due: input_value(task.due_date),
            project: id_text(task.project_id),
            assignees: task.assignees.join(", "),
        }
    }

    pub fn to_new_task(&self) -> NewTask {
        NewTask {
            title: self.title.clone(),
            description: blank_to_none(&self.description).map(|_| self.description.clone()),
            status: Some(self.status),
            priority: Some(self.priority),
            assignees: parse_assignees(&self.assignees),
            due_date: blank_to_none(&self.due),
            project_id: blank_to_none(&self.project),
        }
    }

    /// Only what differs from `original`, so saving an untouched field never overwrites a
    /// concurrent change to it.
    pub fn patch_from(&self, original: &Task) -> TaskPatch {
        let before = Self::from_task(original);
        let changed = |now: &str, then: &str| (now.trim() != then.trim()).then(|| now.to_owned());
        let cleared_or_set =
            |now: &str, then: &str| (now.trim() != then.trim()).then(|| blank_to_none(now));
        let assignees = parse_assignees(&self.assignees);
        TaskPatch {
            title: changed(&self.title, &before.title),
            description: (self.description != before.description).then(|| self.description.clone()),
            status: (self.status != before.status).then_some(self.status),
            priority: (self.priority != before.priority).then_some(self.priority),
            assignees: (assignees != original.assignees).then_some(assignees),
            due_date: cleared_or_set(&self.due, &before.due),
            project_id: cleared_or_set(&self.project, &before.project),
        }
    }
}

impl TaskFields {
    /// Carries edits over a newer version of the task: fields the user left alone take
    /// the new values, fields the user changed keep the user's text.
    pub fn rebase(&self, old: &Task, new: &Task) -> Self {
        let before = Self::from_task(old);
        let after = Self::from_task(new);
        fn pick<T: PartialEq + Clone>(mine: &T, before: &T, after: &T) -> T {
            if mine == before {
                after.clone()
            } else {
                mine.clone()
            }
        }
        Self {
            title: pick(&self.title, &before.title, &after.title),
            description: pick(&self.description, &before.description, &after.description),
            status: pick(&self.status, &before.status, &after.status),
            priority: pick(&self.priority, &before.priority, &after.priority),
            due: pick(&self.due, &before.due, &after.due),
            project: pick(&self.project, &before.project, &after.project),
            assignees: pick(&self.assignees, &before.assignees, &after.assignees),
        }
    }
}

/// True when a patch would change nothing.
pub fn is_empty_patch(patch: &TaskPatch) -> bool {
    *patch == TaskPatch::default()
}

/// The note editor, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoteFields {
    pub title: String,
    pub content: String,
    /// A project id or empty for none.
    pub project: String,
}

impl NoteFields {
    pub const FIELDS: &'static [&'static str] = &["title", "content", "project_id"];

    pub fn blank(project: Option<ProjectId>) -> Self {
        Self {
            project: id_text(project),
            ..Self::default()
        }
    }

    pub fn from_note(note: &Note) -> Self {
        Self {
            title: note.title.clone(),
            content: note.content.clone(),
            project: id_text(note.project_id),
        }
    }

    pub fn to_new_note(&self) -> NewNote {
        NewNote {
            title: self.title.clone(),
            content: Some(self.content.clone()),
            project_id: blank_to_none(&self.project),
        }
    }

    pub fn patch_from(&self, saved: &Self) -> NotePatch {
        NotePatch {
            title: (self.title != saved.title).then(|| self.title.clone()),
            content: (self.content != saved.content).then(|| self.content.clone()),
            project_id: (self.project != saved.project).then(|| blank_to_none(&self.project)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::board::tests::task;
    use adiuva_domain::{ErrorCode, Reason};
    use chrono::NaiveDate;

    #[test]
    fn blank_title_is_refused_with_the_domain_message() {
        let fields = TaskFields::blank(TaskStatus::Todo, None);
        let err = fields.to_new_task().validate().expect_err("blank title");
        let errors = FieldErrors::from_validation(&err);
        assert_eq!(
            errors.get("title").as_deref(),
            Some("title must not be empty")
        );
        assert_eq!(errors.get("due_date"), None);
    }

    #[test]
    fn new_task_maps_blank_fields_to_none() {
        let mut fields = TaskFields::blank(TaskStatus::InProgress, None);
        fields.title = "Call Ana".into();
        fields.assignees = "Ana, , Bo ".into();
        fields.priority = Priority::High;
        let input = fields.to_new_task();
        assert_eq!(input.description, None);
        assert_eq!(input.due_date, None);
        assert_eq!(input.project_id, None);
        assert_eq!(input.assignees, vec!["Ana", "Bo"]);
        let draft = input.validate().expect("valid");
        assert_eq!(
            (draft.status, draft.priority),
            (TaskStatus::InProgress, Priority::High)
        );
    }

    #[test]
    fn bad_date_names_the_due_date_field() {
        let mut fields = TaskFields::blank(TaskStatus::Todo, None);
        fields.title = "x".into();
        fields.due = "2026-02-30".into();
        let err = fields.to_new_task().validate().expect_err("bad date");
        assert_eq!((err.field, err.reason), ("due_date", Reason::InvalidDate));
    }

    #[test]
    fn patch_holds_only_changes_and_clears_the_due_date() {
        let mut original = task(1, "Write", TaskStatus::Todo);
        original.due_date = NaiveDate::from_ymd_opt(2026, 11, 21);
        let mut fields = TaskFields::from_task(&original);
        assert!(is_empty_patch(&fields.patch_from(&original)));
        fields.due.clear();
        fields.status = TaskStatus::Done;
        fields.assignees = "Ana".into();
        let patch = fields.patch_from(&original);
        assert_eq!(
            patch,
            TaskPatch {
                status: Some(TaskStatus::Done),
                due_date: Some(None),
                assignees: Some(vec!["Ana".into()]),
                ..TaskPatch::default()
            }
        );
    }

    #[test]
    fn rebase_keeps_edits_and_takes_the_rest_from_the_new_version() {
        let old = task(1, "Write", TaskStatus::Todo);
        let mut new = old.clone();
        new.status = TaskStatus::InProgress;
        new.title = "Write (agent)".into();
        let mut mine = TaskFields::from_task(&old);
        mine.title = "Write the report".into();
        let merged = mine.rebase(&old, &new);
        assert_eq!(merged.title, "Write the report");
        assert_eq!(merged.status, TaskStatus::InProgress);
        let untouched = TaskFields::from_task(&old).rebase(&old, &new);
        assert_eq!(untouched, TaskFields::from_task(&new));
    }

    #[test]
    fn backend_errors_go_under_known_fields_or_to_a_toast() {
        let mut report = ErrorReport::new(
            ErrorCode::Invalid,
            "project_id does not refer to an existing item",
        );
        report.field = Some("project_id".into());
        match classify(&report, TaskFields::FIELDS) {
            Failure::Fields(errors) => assert!(errors.get("project_id").is_some()),
            Failure::General(m) => panic!("expected a field error, got {m}"),
        }
        report.field = Some("id".into());
        assert!(matches!(
            classify(&report, TaskFields::FIELDS),
            Failure::General(_)
        ));
        report.field = None;
        assert!(matches!(
            classify(&report, TaskFields::FIELDS),
            Failure::General(_)
        ));
    }

    #[test]
    fn note_patch_and_dirtiness() {
        let saved = NoteFields {
            title: "Plan".into(),
            content: "# Plan".into(),
            project: String::new(),
        };
        let mut edited = saved.clone();
        assert_eq!(edited.patch_from(&saved), NotePatch::default());
        edited.content.push_str("\n- step");
        assert_ne!(edited, saved);
        let patch = edited.patch_from(&saved);
        assert_eq!(patch.title, None);
        assert_eq!(patch.content.as_deref(), Some("# Plan\n- step"));
        assert_eq!(patch.project_id, None);
    }
}
