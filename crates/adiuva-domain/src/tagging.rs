//! The tagging lifecycle (seed 000) and the tag schema.
//!
//! Taggable items (tasks, checkpoints, notes) are `pending` until a tagger writes their tags,
//! then `tagged`, once: the first write-back of a pending item stamps who tagged it (`auto`,
//! `manual` or `agent` with its id, always from the authenticated caller), and later writes
//! change the tags but never that origin. Re-tag puts an item back in the queue.
//!
//! Tag schema: each tag is `key:value`.
//!
//! | tag | projects onto | items |
//! |---|---|---|
//! | `label:<text>` | `labels` (the set of all label tags) | tasks, checkpoints, notes |
//! | `priority:high\|medium\|low` | `priority` | tasks |
//! | `due:YYYY-MM-DD` | `due_date` (tasks), `date` (checkpoints) | tasks, checkpoints |
//! | `project:<id>` | `project_id` | tasks, checkpoints, notes |
//!
//! A tag without a column on an item (a priority on a note) is kept in its tags only. Fields
//! given explicitly beside the tags take precedence over what the tags say.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{
    ids::{AgentId, ProjectId},
    task::Priority,
    text_enum::text_enum,
    time::{Millis, parse_date},
    validation::{Reason, ValidationError, single_line},
};

/// Tags on one item.
pub const TAGS_MAX: usize = 50;
/// Characters of one tag.
pub const TAG_MAX_CHARS: usize = 100;
/// Characters of one label.
pub const LABEL_MAX_CHARS: usize = 50;

text_enum!(
    /// The kinds of item that carry tags and can be suggested by an agent.
    ItemKind {
        Task => "task",
        Checkpoint => "checkpoint",
        Note => "note",
    }
);

impl ItemKind {
    /// The table holding items of this kind (also the word resource globs use: `tasks:…`).
    pub const fn table(self) -> &'static str {
        match self {
            Self::Task => "tasks",
            Self::Checkpoint => "checkpoints",
            Self::Note => "notes",
        }
    }

    /// Whether a tag of this key lands on a column of this kind of item.
    pub const fn projects(self, key: TagKey) -> bool {
        matches!(
            (self, key),
            (_, TagKey::Label | TagKey::Project)
                | (Self::Task, TagKey::Priority)
                | (Self::Task | Self::Checkpoint, TagKey::Due)
        )
    }
}

text_enum!(
    /// Where an item stands in the tagging lifecycle.
    TaggingStatus {
        /// Waiting for a tagger (the internal one, or an external agent's work queue).
        Pending => "pending",
        Tagged => "tagged",
    }
);

text_enum!(
    /// Who tagged an item first.
    TagOrigin {
        /// The internal tagger.
        Auto => "auto",
        /// The person, in the app or the CLI.
        Manual => "manual",
        /// An agent (its id is kept beside).
        Agent => "agent",
    }
);

/// Who is writing tags, derived from the authenticated caller (never from the request).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagSource {
    Auto,
    Manual,
    Agent(AgentId),
}

impl TagSource {
    pub const fn origin(self) -> TagOrigin {
        match self {
            Self::Auto => TagOrigin::Auto,
            Self::Manual => TagOrigin::Manual,
            Self::Agent(_) => TagOrigin::Agent,
        }
    }

    pub const fn agent(self) -> Option<AgentId> {
        match self {
            Self::Agent(id) => Some(id),
            _ => None,
        }
    }

    /// Machine tags wait for a person; a person's own tags do not.
    pub const fn needs_review(self) -> bool {
        !matches!(self, Self::Manual)
    }
}

/// An item's tagging state as stored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tagging {
    pub status: TaggingStatus,
    pub tagged_by: Option<TagOrigin>,
    pub tagged_by_agent: Option<AgentId>,
    pub tagged_at: Option<Millis>,
    pub tags: Vec<String>,
    pub labels: Vec<String>,
    /// Tags from the tagger or an agent that a person has not approved yet.
    pub review_pending: bool,
}

/// The keys of the tag schema.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TagKey {
    Label,
    Priority,
    Due,
    Project,
}

/// One tag of the schema.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Tag {
    Label(String),
    Priority(Priority),
    Due(NaiveDate),
    Project(ProjectId),
}

impl Tag {
    /// Parses `key:value`; the key is case-insensitive, the value trimmed.
    pub fn parse(text: &str) -> Result<Self, ValidationError> {
        let invalid = ValidationError::new("tags", Reason::InvalidTag);
        let text = single_line(text, "tags", TAG_MAX_CHARS)?;
        let (key, value) = text.split_once(':').ok_or(invalid.clone())?;
        let value = value.trim();
        match key.trim().to_ascii_lowercase().as_str() {
            "label" => Ok(Self::Label(label(value)?)),
            "priority" => value.parse().map(Self::Priority).map_err(|_| invalid),
            "due" => parse_date(value, "tags").map(Self::Due),
            "project" => ProjectId::parse(value, "tags").map(Self::Project),
            _ => Err(invalid),
        }
    }

    pub const fn key(&self) -> TagKey {
        match self {
            Self::Label(_) => TagKey::Label,
            Self::Priority(_) => TagKey::Priority,
            Self::Due(_) => TagKey::Due,
            Self::Project(_) => TagKey::Project,
        }
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Label(text) => write!(f, "label:{text}"),
            Self::Priority(p) => write!(f, "priority:{p}"),
            Self::Due(date) => write!(f, "due:{}", date.format("%Y-%m-%d")),
            Self::Project(id) => write!(f, "project:{id}"),
        }
    }
}

fn label(value: &str) -> Result<String, ValidationError> {
    single_line(value, "labels", LABEL_MAX_CHARS)
}

/// A tag write-back as asked for: the tags, and explicit fields that override them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TagInput {
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    #[serde(default)]
    pub priority: Option<Priority>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    pub due_date: Option<String>,
    #[serde(default)]
    pub project_id: Option<String>,
}

/// What a write-back sets on an item's columns; `None` leaves a column as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Projection {
    pub labels: Vec<String>,
    pub priority: Option<Priority>,
    pub due: Option<NaiveDate>,
    pub project_id: Option<ProjectId>,
}

/// A validated write-back; only [`TagInput::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct TagWrite {
    /// The tags in their canonical spelling, without repeats.
    pub tags: Vec<String>,
    parsed: Vec<Tag>,
    explicit: Projection,
    explicit_labels: bool,
}

impl TagInput {
    pub fn validate(&self) -> Result<TagWrite, ValidationError> {
        if self.tags.len() > TAGS_MAX {
            return Err(ValidationError::new(
                "tags",
                Reason::TooMany { max: TAGS_MAX },
            ));
        }
        let mut parsed: Vec<Tag> = Vec::new();
        for text in &self.tags {
            let tag = Tag::parse(text)?;
            let repeats_single = tag.key() != TagKey::Label
                && parsed.iter().any(|t| t.key() == tag.key() && *t != tag);
            if repeats_single {
                return Err(ValidationError::new("tags", Reason::Conflicting));
            }
            let same_label = |t: &Tag| matches!((t, &tag), (Tag::Label(a), Tag::Label(b)) if a.eq_ignore_ascii_case(b));
            if !parsed.iter().any(|t| *t == tag || same_label(t)) {
                parsed.push(tag);
            }
        }
        let labels = match &self.labels {
            Some(list) => Some(unique_labels(
                list.iter()
                    .map(|l| label(l))
                    .collect::<Result<Vec<_>, _>>()?,
            )),
            None => None,
        };
        let explicit = Projection {
            labels: labels.clone().unwrap_or_default(),
            priority: self.priority,
            due: crate::time::parse_optional_date(self.due_date.as_deref(), "due_date")?,
            project_id: crate::ids::parse_optional(
                self.project_id.as_deref(),
                "project_id",
                ProjectId::parse,
            )?,
        };
        Ok(TagWrite {
            tags: parsed.iter().map(ToString::to_string).collect(),
            parsed,
            explicit,
            explicit_labels: labels.is_some(),
        })
    }
}

fn unique_labels(labels: Vec<String>) -> Vec<String> {
    let mut kept: Vec<String> = Vec::new();
    for l in labels {
        if !kept.iter().any(|k| k.eq_ignore_ascii_case(&l)) {
            kept.push(l);
        }
    }
    kept
}

impl TagWrite {
    /// What the write sets on an item of `kind`: the tags' attributes that have a column
    /// there, overridden by the explicit fields.
    pub fn projection(&self, kind: ItemKind) -> Projection {
        let mut out = Projection::default();
        for tag in self.parsed.iter().filter(|t| kind.projects(t.key())) {
            match tag {
                Tag::Label(l) => out.labels.push(l.clone()),
                Tag::Priority(p) => out.priority = Some(*p),
                Tag::Due(d) => out.due = Some(*d),
                Tag::Project(p) => out.project_id = Some(*p),
            }
        }
        if self.explicit_labels {
            out.labels = self.explicit.labels.clone();
        }
        let keep = |key| kind.projects(key);
        if keep(TagKey::Priority) {
            out.priority = self.explicit.priority.or(out.priority);
        }
        if keep(TagKey::Due) {
            out.due = self.explicit.due.or(out.due);
        }
        out.project_id = self.explicit.project_id.or(out.project_id);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn write(tags: &[&str]) -> TagWrite {
        TagInput {
            tags: tags.iter().map(|t| (*t).to_owned()).collect(),
            ..TagInput::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn tags_parse_into_the_schema_and_print_canonically() {
        let project = Uuid::from_u128(5);
        let w = write(&[
            " Label: Garden ",
            "PRIORITY:high",
            "due:2026-05-01",
            &format!("project:{project}"),
            "label:garden",
        ]);
        assert_eq!(
            w.tags,
            [
                "label:Garden",
                "priority:high",
                "due:2026-05-01",
                &format!("project:{project}")
            ]
        );
        for bad in [
            "garden",
            "colour:red",
            "priority:urgent",
            "due:2026-02-30",
            "project:42",
            "label:",
        ] {
            let err = TagInput {
                tags: vec![bad.into()],
                ..TagInput::default()
            }
            .validate()
            .unwrap_err();
            assert!(matches!(err.field, "tags" | "labels"), "{bad}: {err}");
        }
        let twice = TagInput {
            tags: vec!["priority:high".into(), "priority:low".into()],
            ..TagInput::default()
        };
        assert_eq!(twice.validate().unwrap_err().reason, Reason::Conflicting);
    }

    #[test]
    fn each_kind_takes_the_attributes_it_has_columns_for() {
        let w = write(&["label:a", "priority:low", "due:2026-05-01"]);
        let task = w.projection(ItemKind::Task);
        assert_eq!(task.labels, ["a"]);
        assert_eq!(task.priority, Some(Priority::Low));
        assert_eq!(task.due, NaiveDate::from_ymd_opt(2026, 5, 1));
        let note = w.projection(ItemKind::Note);
        assert_eq!((note.priority, note.due), (None, None));
        let checkpoint = w.projection(ItemKind::Checkpoint);
        assert_eq!(
            (checkpoint.priority, checkpoint.due.is_some()),
            (None, true)
        );
    }

    #[test]
    fn explicit_fields_take_precedence_over_tags() {
        let w = TagInput {
            tags: vec!["label:a".into(), "priority:low".into()],
            labels: Some(vec!["b".into(), "B".into()]),
            priority: Some(Priority::High),
            due_date: None,
            project_id: None,
        }
        .validate()
        .unwrap();
        let p = w.projection(ItemKind::Task);
        assert_eq!(
            (p.labels, p.priority),
            (vec!["b".to_owned()], Some(Priority::High))
        );
    }

    #[test]
    fn only_machine_tags_wait_for_review() {
        let agent = TagSource::Agent(AgentId::from_uuid(Uuid::nil()));
        assert!(agent.needs_review() && TagSource::Auto.needs_review());
        assert!(!TagSource::Manual.needs_review());
        assert_eq!(agent.origin(), TagOrigin::Agent);
    }
}
