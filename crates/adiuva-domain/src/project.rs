//! Projects: a named container for tasks, checkpoints and notes, active or archived.

use crate::{
    ids::ProjectId,
    limits::{CLIENT_ID_MAX_CHARS, PROJECT_NAME_MAX_CHARS},
    patch::double_option,
    text_enum::text_enum,
    time::Millis,
    validation::{ValidationError, optional_single_line, single_line},
};
use serde::{Deserialize, Serialize};

text_enum!(
    /// Whether a project is in use; archived projects are hidden by default and may be deleted.
    ProjectStatus {
        Active => "active",
        Archived => "archived",
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Project {
    pub id: ProjectId,
    pub name: String,
    pub client_id: Option<String>,
    pub status: ProjectStatus,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// How many of a project's tasks are in each status.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectTaskCounts {
    pub project_id: ProjectId,
    pub todo: u32,
    pub in_progress: u32,
    pub done: u32,
}

impl ProjectTaskCounts {
    pub fn none(project_id: ProjectId) -> Self {
        Self {
            project_id,
            todo: 0,
            in_progress: 0,
            done: 0,
        }
    }

    /// Tasks not done yet.
    pub fn open(&self) -> u32 {
        self.todo + self.in_progress
    }

    pub fn total(&self) -> u32 {
        self.open() + self.done
    }
}

/// A project as a person or a program asks for it, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProject {
    pub name: String,
    #[serde(default)]
    pub client_id: Option<String>,
}

/// A project input that passed validation; only [`NewProject::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ProjectDraft {
    pub name: String,
    pub client_id: Option<String>,
}

impl NewProject {
    pub fn validate(&self) -> Result<ProjectDraft, ValidationError> {
        Ok(ProjectDraft {
            name: single_line(&self.name, "name", PROJECT_NAME_MAX_CHARS)?,
            client_id: optional_single_line(
                self.client_id.as_deref(),
                "client_id",
                CLIENT_ID_MAX_CHARS,
            )?,
        })
    }
}

impl ProjectDraft {
    pub fn into_project(self, id: ProjectId, now: Millis) -> Project {
        Project {
            id,
            name: self.name,
            client_id: self.client_id,
            status: ProjectStatus::Active,
            created_at: now,
            updated_at: now,
        }
    }
}

/// Changes to a project's fields; absent fields stay as they are, `client_id: null` clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub client_id: Option<Option<String>>,
}

/// Validated project changes; only [`ProjectPatch::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectChanges {
    name: Option<String>,
    client_id: Option<Option<String>>,
}

impl ProjectPatch {
    pub fn validate(&self) -> Result<ProjectChanges, ValidationError> {
        Ok(ProjectChanges {
            name: self
                .name
                .as_deref()
                .map(|n| single_line(n, "name", PROJECT_NAME_MAX_CHARS))
                .transpose()?,
            client_id: self
                .client_id
                .as_ref()
                .map(|c| optional_single_line(c.as_deref(), "client_id", CLIENT_ID_MAX_CHARS))
                .transpose()?,
        })
    }
}

impl ProjectChanges {
    /// Applies the changes and returns the names of the fields whose value changed.
    pub fn apply(self, project: &mut Project, now: Millis) -> Vec<&'static str> {
        let mut changed = Vec::new();
        if let Some(name) = self.name
            && name != project.name
        {
            project.name = name;
            changed.push("name");
        }
        if let Some(client_id) = self.client_id
            && client_id != project.client_id
        {
            project.client_id = client_id;
            changed.push("client_id");
        }
        if !changed.is_empty() {
            project.updated_at = now;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Reason;
    use uuid::Uuid;

    fn project() -> Project {
        NewProject {
            name: "Garden".into(),
            client_id: Some("ACME".into()),
        }
        .validate()
        .unwrap()
        .into_project(ProjectId::from_uuid(Uuid::nil()), Millis(1))
    }

    #[test]
    fn patch_distinguishes_missing_from_null() {
        let keep: ProjectPatch = serde_json::from_str(r#"{"name":"Orchard"}"#).unwrap();
        let clear: ProjectPatch = serde_json::from_str(r#"{"client_id":null}"#).unwrap();
        let mut p = project();
        assert_eq!(
            keep.validate().unwrap().apply(&mut p, Millis(2)),
            vec!["name"]
        );
        assert_eq!(p.client_id.as_deref(), Some("ACME"));
        assert_eq!(
            clear.validate().unwrap().apply(&mut p, Millis(3)),
            vec!["client_id"]
        );
        assert_eq!((p.client_id, p.updated_at), (None, Millis(3)));
    }

    #[test]
    fn unchanged_values_do_not_touch_updated_at() {
        let mut p = project();
        let same = ProjectPatch {
            name: Some(" Garden ".into()),
            client_id: None,
        };
        assert!(same.validate().unwrap().apply(&mut p, Millis(9)).is_empty());
        assert_eq!(p.updated_at, Millis(1));
    }

    #[test]
    fn names_are_required() {
        let err = NewProject {
            name: "  ".into(),
            client_id: None,
        }
        .validate()
        .unwrap_err();
        assert_eq!((err.field, err.reason), ("name", Reason::Empty));
    }
}
