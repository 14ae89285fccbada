//! Checkpoints: dated project milestones, shown as a timeline.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::{
    ids::{CheckpointId, ProjectId},
    limits::TITLE_MAX_CHARS,
    task::set,
    time::{Millis, parse_date},
    validation::{ValidationError, single_line},
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub id: CheckpointId,
    pub project_id: ProjectId,
    pub title: String,
    pub date: NaiveDate,
    pub is_ai_suggested: bool,
    pub is_approved: bool,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A checkpoint as asked for, before validation; the project and the date are required.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewCheckpoint {
    pub project_id: String,
    pub title: String,
    /// `YYYY-MM-DD`.
    pub date: String,
}

/// A checkpoint input that passed validation; only [`NewCheckpoint::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CheckpointDraft {
    pub project_id: ProjectId,
    pub title: String,
    pub date: NaiveDate,
}

impl NewCheckpoint {
    pub fn validate(&self) -> Result<CheckpointDraft, ValidationError> {
        Ok(CheckpointDraft {
            project_id: ProjectId::parse(&self.project_id, "project_id")?,
            title: single_line(&self.title, "title", TITLE_MAX_CHARS)?,
            date: parse_date(&self.date, "date")?,
        })
    }
}

impl CheckpointDraft {
    /// The checkpoint a person creates: approved from the start.
    pub fn into_checkpoint(self, id: CheckpointId, now: Millis) -> Checkpoint {
        Checkpoint {
            id,
            project_id: self.project_id,
            title: self.title,
            date: self.date,
            is_ai_suggested: false,
            is_approved: true,
            created_at: now,
            updated_at: now,
        }
    }
}

/// Changes to a checkpoint; absent fields stay.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckpointPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project_id: Option<String>,
}

/// Validated checkpoint changes; only [`CheckpointPatch::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CheckpointChanges {
    title: Option<String>,
    date: Option<NaiveDate>,
    project_id: Option<ProjectId>,
}

impl CheckpointPatch {
    pub fn validate(&self) -> Result<CheckpointChanges, ValidationError> {
        Ok(CheckpointChanges {
            title: self
                .title
                .as_deref()
                .map(|t| single_line(t, "title", TITLE_MAX_CHARS))
                .transpose()?,
            date: self
                .date
                .as_deref()
                .map(|d| parse_date(d, "date"))
                .transpose()?,
            project_id: self
                .project_id
                .as_deref()
                .map(|p| ProjectId::parse(p, "project_id"))
                .transpose()?,
        })
    }
}

impl CheckpointChanges {
    pub fn target_project(&self) -> Option<ProjectId> {
        self.project_id
    }

    /// Applies the changes and returns the names of the fields whose value changed.
    pub fn apply(self, checkpoint: &mut Checkpoint, now: Millis) -> Vec<&'static str> {
        let mut changed = Vec::new();
        set(&mut checkpoint.title, self.title, "title", &mut changed);
        set(&mut checkpoint.date, self.date, "date", &mut changed);
        set(
            &mut checkpoint.project_id,
            self.project_id,
            "project_id",
            &mut changed,
        );
        if !changed.is_empty() {
            checkpoint.updated_at = now;
        }
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn project_and_date_are_required() {
        let ok = NewCheckpoint {
            project_id: uuid::Uuid::nil().to_string(),
            title: "Beta".into(),
            date: "2026-12-01".into(),
        };
        assert!(ok.validate().is_ok());
        let no_project = NewCheckpoint {
            project_id: String::new(),
            ..ok.clone()
        };
        assert_eq!(no_project.validate().unwrap_err().field, "project_id");
        let no_date = NewCheckpoint {
            date: String::new(),
            ..ok
        };
        assert_eq!(no_date.validate().unwrap_err().field, "date");
    }
}
