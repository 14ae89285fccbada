//! Markdown notes, optionally filed under a project.

use serde::{Deserialize, Serialize};

use crate::{
    ids::{NoteId, ProjectId, parse_optional},
    limits::{NOTE_CONTENT_MAX_CHARS, TITLE_MAX_CHARS},
    patch::double_option,
    task::set,
    time::Millis,
    validation::{ValidationError, free_text, single_line},
};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    pub project_id: Option<ProjectId>,
    pub title: String,
    /// Markdown source.
    pub content: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A note in a list: the body is cut to a short excerpt so lists stay light.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteSummary {
    pub id: NoteId,
    pub project_id: Option<ProjectId>,
    pub title: String,
    pub excerpt: String,
    pub updated_at: Millis,
}

/// Characters of a note body shown in lists.
pub const EXCERPT_CHARS: usize = 140;

/// A note as asked for, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewNote {
    pub title: String,
    #[serde(default)]
    pub content: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
}

/// A note input that passed validation; only [`NewNote::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct NoteDraft {
    pub project_id: Option<ProjectId>,
    pub title: String,
    pub content: String,
}

impl NewNote {
    pub fn validate(&self) -> Result<NoteDraft, ValidationError> {
        Ok(NoteDraft {
            title: single_line(&self.title, "title", TITLE_MAX_CHARS)?,
            content: free_text(
                self.content.as_deref().unwrap_or_default(),
                "content",
                NOTE_CONTENT_MAX_CHARS,
            )?,
            project_id: parse_optional(self.project_id.as_deref(), "project_id", ProjectId::parse)?,
        })
    }
}

impl NoteDraft {
    pub fn into_note(self, id: NoteId, now: Millis) -> Note {
        Note {
            id,
            project_id: self.project_id,
            title: self.title,
            content: self.content,
            created_at: now,
            updated_at: now,
        }
    }
}

/// Changes to a note; absent fields stay, `project_id: null` unfiles it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotePatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub project_id: Option<Option<String>>,
}

/// Validated note changes; only [`NotePatch::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteChanges {
    title: Option<String>,
    content: Option<String>,
    project_id: Option<Option<ProjectId>>,
}

impl NotePatch {
    pub fn validate(&self) -> Result<NoteChanges, ValidationError> {
        Ok(NoteChanges {
            title: self
                .title
                .as_deref()
                .map(|t| single_line(t, "title", TITLE_MAX_CHARS))
                .transpose()?,
            content: self
                .content
                .as_deref()
                .map(|c| free_text(c, "content", NOTE_CONTENT_MAX_CHARS))
                .transpose()?,
            project_id: self
                .project_id
                .as_ref()
                .map(|p| parse_optional(p.as_deref(), "project_id", ProjectId::parse))
                .transpose()?,
        })
    }
}

impl NoteChanges {
    pub fn target_project(&self) -> Option<ProjectId> {
        self.project_id.flatten()
    }

    /// Applies the changes and returns the names of the fields whose value changed.
    pub fn apply(self, note: &mut Note, now: Millis) -> Vec<&'static str> {
        let mut changed = Vec::new();
        set(&mut note.title, self.title, "title", &mut changed);
        set(&mut note.content, self.content, "content", &mut changed);
        set(
            &mut note.project_id,
            self.project_id,
            "project_id",
            &mut changed,
        );
        if !changed.is_empty() {
            note.updated_at = now;
        }
        changed
    }
}

/// The first characters of a markdown body as plain-ish text for a list row.
pub fn excerpt(content: &str) -> String {
    let flat: String = content
        .lines()
        .map(|l| l.trim_start_matches(['#', '>', '-', '*', ' ']).trim())
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    let mut cut: String = flat.chars().take(EXCERPT_CHARS).collect();
    if flat.chars().nth(EXCERPT_CHARS).is_some() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpt_flattens_markdown_and_cuts() {
        assert_eq!(excerpt("# Title\n\n- one\n- two\n"), "Title one two");
        let long = "word ".repeat(100);
        let cut = excerpt(&long);
        assert!(cut.ends_with('…'));
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 1);
    }
}
