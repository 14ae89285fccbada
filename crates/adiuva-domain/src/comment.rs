//! Task comments and who wrote them.

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{
    error::UnknownVariant,
    ids::{CommentId, TaskId},
    limits::COMMENT_MAX_CHARS,
    time::Millis,
    validation::{ValidationError, required_free_text},
};

/// Who wrote something. It comes from the authenticated caller, never from the request,
/// so a request cannot claim to be someone else.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum Author {
    /// The person who owns this workspace.
    User,
    /// An AI agent, by its id.
    Agent(String),
}

impl fmt::Display for Author {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::User => f.write_str("user"),
            Self::Agent(id) => write!(f, "agent:{id}"),
        }
    }
}

impl From<Author> for String {
    fn from(author: Author) -> Self {
        author.to_string()
    }
}

impl TryFrom<String> for Author {
    type Error = UnknownVariant;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        match text.strip_prefix("agent:") {
            _ if text == "user" => Ok(Self::User),
            Some(id) if !id.is_empty() => Ok(Self::Agent(id.to_owned())),
            _ => Err(UnknownVariant(text)),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: CommentId,
    pub task_id: TaskId,
    pub author: Author,
    pub content: String,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A comment as asked for, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewComment {
    pub task_id: String,
    pub content: String,
}

/// A comment input that passed validation; only [`NewComment::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CommentDraft {
    pub task_id: TaskId,
    pub content: String,
}

impl NewComment {
    pub fn validate(&self) -> Result<CommentDraft, ValidationError> {
        Ok(CommentDraft {
            task_id: TaskId::parse(&self.task_id, "task_id")?,
            content: required_free_text(&self.content, "content", COMMENT_MAX_CHARS)?,
        })
    }
}

impl CommentDraft {
    pub fn into_comment(self, id: CommentId, author: Author, now: Millis) -> Comment {
        Comment {
            id,
            task_id: self.task_id,
            author,
            content: self.content,
            created_at: now,
            updated_at: now,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn author_round_trips_as_text() {
        for author in [Author::User, Author::Agent("task-agent".into())] {
            let text = String::from(author.clone());
            assert_eq!(Author::try_from(text).unwrap(), author);
        }
        assert!(Author::try_from("agent:".to_owned()).is_err());
        assert!(Author::try_from("admin".to_owned()).is_err());
    }

    #[test]
    fn blank_comments_are_refused() {
        let input = NewComment {
            task_id: uuid::Uuid::nil().to_string(),
            content: " \n ".into(),
        };
        assert_eq!(input.validate().unwrap_err().field, "content");
    }
}
