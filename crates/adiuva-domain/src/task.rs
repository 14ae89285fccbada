//! Tasks: the unit of work, with status, priority, assignees, a due date and comments.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    ids::{ProjectId, TaskId, parse_optional},
    limits::{
        ASSIGNEE_MAX_CHARS, ASSIGNEES_MAX, DESCRIPTION_MAX_CHARS, SEARCH_QUERY_MAX_CHARS,
        TITLE_MAX_CHARS,
    },
    patch::double_option,
    text_enum::text_enum,
    time::{Millis, parse_optional_date},
    validation::{Reason, ValidationError, free_text, optional_single_line, single_line},
};

text_enum!(
    /// Where a task stands; the kanban board has one column per status, in this order.
    TaskStatus {
        Todo => "todo",
        InProgress => "in_progress",
        Done => "done",
    }
);

impl TaskStatus {
    /// The column to the right on the board, if any.
    pub fn next(self) -> Option<Self> {
        match self {
            Self::Todo => Some(Self::InProgress),
            Self::InProgress => Some(Self::Done),
            Self::Done => None,
        }
    }

    /// The column to the left on the board, if any.
    pub fn previous(self) -> Option<Self> {
        match self {
            Self::Todo => None,
            Self::InProgress => Some(Self::Todo),
            Self::Done => Some(Self::InProgress),
        }
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::Todo => "To do",
            Self::InProgress => "In progress",
            Self::Done => "Done",
        }
    }
}

text_enum!(
    /// How urgent a task is; lists sort high first.
    Priority {
        High => "high",
        Medium => "medium",
        Low => "low",
    }
);

impl Priority {
    pub const fn label(self) -> &'static str {
        match self {
            Self::High => "High",
            Self::Medium => "Medium",
            Self::Low => "Low",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: TaskId,
    pub project_id: Option<ProjectId>,
    pub title: String,
    pub description: String,
    pub status: TaskStatus,
    pub priority: Priority,
    pub assignees: Vec<String>,
    pub due_date: Option<NaiveDate>,
    /// Set when an agent proposed the task; it then waits for review.
    pub is_ai_suggested: bool,
    /// False while an AI suggestion awaits a person's approval.
    pub is_approved: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A task as a person or a program asks for it, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewTask {
    pub title: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub status: Option<TaskStatus>,
    #[serde(default)]
    pub priority: Option<Priority>,
    #[serde(default)]
    pub assignees: Vec<String>,
    /// `YYYY-MM-DD`; blank means no due date.
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
}

/// A task input that passed validation; only [`NewTask::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TaskDraft {
    pub project_id: Option<ProjectId>,
    pub title: String,
    pub description: String,
    pub status: TaskStatus,
    pub priority: Priority,
    pub assignees: Vec<String>,
    pub due_date: Option<NaiveDate>,
}

impl NewTask {
    pub fn validate(&self) -> Result<TaskDraft, ValidationError> {
        Ok(TaskDraft {
            title: single_line(&self.title, "title", TITLE_MAX_CHARS)?,
            description: free_text(
                self.description.as_deref().unwrap_or_default(),
                "description",
                DESCRIPTION_MAX_CHARS,
            )?,
            status: self.status.unwrap_or(TaskStatus::Todo),
            priority: self.priority.unwrap_or(Priority::Medium),
            assignees: assignees(&self.assignees)?,
            due_date: parse_optional_date(self.due_date.as_deref(), "due_date")?,
            project_id: parse_optional(self.project_id.as_deref(), "project_id", ProjectId::parse)?,
        })
    }
}

impl TaskDraft {
    /// The task a person creates: not an AI suggestion, so approved from the start.
    pub fn into_task(self, id: TaskId, now: Millis) -> Task {
        Task {
            id,
            project_id: self.project_id,
            title: self.title,
            description: self.description,
            status: self.status,
            priority: self.priority,
            assignees: self.assignees,
            due_date: self.due_date,
            is_ai_suggested: false,
            is_approved: true,
            created_at: now,
            updated_at: now,
        }
    }
}

/// Trims names, drops blanks and repeats (keeping the first spelling), and bounds the list.
fn assignees(names: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut kept: Vec<String> = Vec::new();
    for name in names {
        let Some(name) = optional_single_line(Some(name), "assignees", ASSIGNEE_MAX_CHARS)? else {
            continue;
        };
        if !kept.iter().any(|k| k.eq_ignore_ascii_case(&name)) {
            kept.push(name);
        }
    }
    if kept.len() > ASSIGNEES_MAX {
        return Err(ValidationError::new(
            "assignees",
            Reason::TooMany { max: ASSIGNEES_MAX },
        ));
    }
    Ok(kept)
}

/// Changes to a task; absent fields stay, `null` clears the optional ones.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<Priority>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignees: Option<Vec<String>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub due_date: Option<Option<String>>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<Option<String>>,
}

/// Validated task changes; only [`TaskPatch::validate`] makes one.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaskChanges {
    title: Option<String>,
    description: Option<String>,
    status: Option<TaskStatus>,
    priority: Option<Priority>,
    assignees: Option<Vec<String>>,
    due_date: Option<Option<NaiveDate>>,
    project_id: Option<Option<ProjectId>>,
}

impl TaskPatch {
    pub fn validate(&self) -> Result<TaskChanges, ValidationError> {
        Ok(TaskChanges {
            title: self
                .title
                .as_deref()
                .map(|t| single_line(t, "title", TITLE_MAX_CHARS))
                .transpose()?,
            description: self
                .description
                .as_deref()
                .map(|d| free_text(d, "description", DESCRIPTION_MAX_CHARS))
                .transpose()?,
            status: self.status,
            priority: self.priority,
            assignees: self.assignees.as_deref().map(assignees).transpose()?,
            due_date: self
                .due_date
                .as_ref()
                .map(|d| parse_optional_date(d.as_deref(), "due_date"))
                .transpose()?,
            project_id: self
                .project_id
                .as_ref()
                .map(|p| parse_optional(p.as_deref(), "project_id", ProjectId::parse))
                .transpose()?,
        })
    }
}

impl TaskChanges {
    /// Only a status change: what moving a card on the board does.
    pub fn status(status: TaskStatus) -> Self {
        Self {
            status: Some(status),
            ..Self::default()
        }
    }

    /// The project the task will belong to after the change, when the change names one.
    pub fn target_project(&self) -> Option<ProjectId> {
        self.project_id.flatten()
    }

    /// Applies the changes and returns the names of the fields whose value changed.
    pub fn apply(self, task: &mut Task, now: Millis) -> Vec<&'static str> {
        let mut changed = Vec::new();
        set(&mut task.title, self.title, "title", &mut changed);
        set(
            &mut task.description,
            self.description,
            "description",
            &mut changed,
        );
        set(&mut task.status, self.status, "status", &mut changed);
        set(&mut task.priority, self.priority, "priority", &mut changed);
        set(
            &mut task.assignees,
            self.assignees,
            "assignees",
            &mut changed,
        );
        set(&mut task.due_date, self.due_date, "due_date", &mut changed);
        set(
            &mut task.project_id,
            self.project_id,
            "project_id",
            &mut changed,
        );
        if !changed.is_empty() {
            task.updated_at = now;
        }
        changed
    }
}

pub(crate) fn set<T: PartialEq>(
    slot: &mut T,
    value: Option<T>,
    field: &'static str,
    changed: &mut Vec<&'static str>,
) {
    if let Some(value) = value
        && *slot != value
    {
        *slot = value;
        changed.push(field);
    }
}

text_enum!(
    /// How task lists are sorted.
    TaskOrder {
        /// High priority first, then earliest due date, then oldest.
        Priority => "priority",
        /// Earliest due date first; tasks without one last.
        DueDate => "due_date",
        /// Newest first.
        Created => "created",
        /// Most recently changed first.
        Updated => "updated",
        /// Alphabetical by title.
        Title => "title",
    }
);

/// What a task list asks for, before validation; every field is optional.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskFilter {
    #[serde(default)]
    pub project_id: Option<String>,
    #[serde(default)]
    pub status: Option<TaskStatus>,
    #[serde(default)]
    pub priority: Option<Priority>,
    /// Words matched against titles, descriptions and comments.
    #[serde(default)]
    pub search: Option<String>,
    #[serde(default)]
    pub order_by: Option<TaskOrder>,
    /// Include tasks of archived projects (hidden by default).
    #[serde(default)]
    pub include_archived: bool,
    #[serde(default)]
    pub limit: Option<u32>,
}

/// A validated task filter; only [`TaskFilter::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TaskQuery {
    pub project_id: Option<ProjectId>,
    pub status: Option<TaskStatus>,
    pub priority: Option<Priority>,
    pub search: Option<String>,
    pub order_by: TaskOrder,
    pub include_archived: bool,
    pub limit: Option<u32>,
}

impl TaskFilter {
    pub fn validate(&self) -> Result<TaskQuery, ValidationError> {
        Ok(TaskQuery {
            project_id: parse_optional(self.project_id.as_deref(), "project_id", ProjectId::parse)?,
            status: self.status,
            priority: self.priority,
            search: optional_single_line(self.search.as_deref(), "search", SEARCH_QUERY_MAX_CHARS)?,
            order_by: self.order_by.unwrap_or(TaskOrder::Priority),
            include_archived: self.include_archived,
            limit: self.limit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn task() -> Task {
        NewTask {
            title: "Write report".into(),
            ..NewTask::default()
        }
        .validate()
        .unwrap()
        .into_task(TaskId::from_uuid(Uuid::nil()), Millis(10))
    }

    #[test]
    fn defaults_are_todo_medium_approved() {
        let t = task();
        assert_eq!((t.status, t.priority), (TaskStatus::Todo, Priority::Medium));
        assert!(t.is_approved && !t.is_ai_suggested);
        assert_eq!(t.description, "");
    }

    #[test]
    fn every_bad_field_is_named() {
        let cases = [
            (
                NewTask {
                    title: " ".into(),
                    ..NewTask::default()
                },
                "title",
            ),
            (
                NewTask {
                    title: "x".repeat(TITLE_MAX_CHARS + 1),
                    ..NewTask::default()
                },
                "title",
            ),
            (
                NewTask {
                    title: "t".into(),
                    description: Some("d".repeat(DESCRIPTION_MAX_CHARS + 1)),
                    ..NewTask::default()
                },
                "description",
            ),
            (
                NewTask {
                    title: "t".into(),
                    due_date: Some("2026-02-29".into()),
                    ..NewTask::default()
                },
                "due_date",
            ),
            (
                NewTask {
                    title: "t".into(),
                    project_id: Some("42".into()),
                    ..NewTask::default()
                },
                "project_id",
            ),
            (
                NewTask {
                    title: "t".into(),
                    assignees: (0..=ASSIGNEES_MAX).map(|i| format!("p{i}")).collect(),
                    ..NewTask::default()
                },
                "assignees",
            ),
        ];
        for (input, field) in cases {
            assert_eq!(input.validate().unwrap_err().field, field, "{input:?}");
        }
    }

    #[test]
    fn assignees_are_trimmed_and_deduplicated() {
        let draft = NewTask {
            title: "t".into(),
            assignees: vec![" Ana ".into(), "".into(), "ana".into(), "Bo".into()],
            ..NewTask::default()
        }
        .validate()
        .unwrap();
        assert_eq!(draft.assignees, vec!["Ana", "Bo"]);
    }

    #[test]
    fn patch_reports_changed_fields_and_clears_due_date() {
        let mut t = task();
        t.due_date = NaiveDate::from_ymd_opt(2026, 1, 1);
        let patch: TaskPatch =
            serde_json::from_str(r#"{"status":"done","due_date":null,"title":"Write report"}"#)
                .unwrap();
        let changed = patch.validate().unwrap().apply(&mut t, Millis(20));
        assert_eq!(changed, vec!["status", "due_date"]);
        assert_eq!(
            (t.status, t.due_date, t.updated_at),
            (TaskStatus::Done, None, Millis(20))
        );
    }

    #[test]
    fn board_neighbours() {
        assert_eq!(TaskStatus::Todo.next(), Some(TaskStatus::InProgress));
        assert_eq!(TaskStatus::Done.next(), None);
        assert_eq!(TaskStatus::Todo.previous(), None);
        assert_eq!(TaskStatus::Done.previous(), Some(TaskStatus::InProgress));
        assert_eq!(
            "in_progress".parse::<TaskStatus>().unwrap(),
            TaskStatus::InProgress
        );
        assert_eq!(
            serde_json::to_string(&TaskStatus::InProgress).unwrap(),
            r#""in_progress""#
        );
        assert_eq!(
            format!("{:<6}|", Priority::Low),
            "low   |",
            "text columns line up"
        );
    }
}
