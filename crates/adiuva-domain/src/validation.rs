//! Why an input was refused: the field and a reason callers can branch on.

use serde::{Deserialize, Serialize};
use std::fmt;

/// What is wrong with a field.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// Blank after trimming whitespace.
    Empty,
    /// Longer than `max` characters.
    TooLong { max: usize },
    /// More than `max` entries.
    TooMany { max: usize },
    /// Holds a line break or another control character where one line is expected.
    NotSingleLine,
    /// Not a well-formed id.
    InvalidId,
    /// Not an existing calendar date written `YYYY-MM-DD`.
    InvalidDate,
    /// A well-formed id that names nothing in the workspace.
    UnknownReference,
    /// Differs from the field it must repeat (a passphrase confirmation).
    Mismatch,
    /// A passphrase too easy to guess.
    TooWeak,
    /// A typed code whose checksum does not match (a typo in a recovery key).
    Checksum,
    /// Not an `http://` or `https://` URL.
    InvalidUrl,
    /// Not an email address.
    InvalidEmail,
    /// Not a tool name: 1 to 64 of `a-z`, `0-9` and `_`.
    InvalidToolName,
    /// Not a tag of the tag schema (`label:<text>`, `priority:<p>`, `due:<date>`, `project:<id>`).
    InvalidTag,
    /// Names a value twice where it may appear once (two `priority:` tags).
    Conflicting,
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("must not be empty"),
            Self::TooLong { max } => write!(f, "must be at most {max} characters"),
            Self::TooMany { max } => write!(f, "must have at most {max} entries"),
            Self::NotSingleLine => f.write_str("must be a single line of text"),
            Self::InvalidId => f.write_str("is not a valid id"),
            Self::InvalidDate => f.write_str("must be a real date written YYYY-MM-DD"),
            Self::UnknownReference => f.write_str("does not refer to an existing item"),
            Self::Mismatch => f.write_str("does not match the passphrase"),
            Self::TooWeak => f.write_str(
                "is too easy to guess: use at least 12 characters, for example four unrelated words",
            ),
            Self::Checksum => f.write_str("has a typo: check each group of four characters"),
            Self::InvalidUrl => f.write_str("must be an http:// or https:// URL"),
            Self::InvalidEmail => f.write_str("must be an email address like name@example.com"),
            Self::InvalidToolName => {
                f.write_str("must be 1 to 64 lowercase letters, digits or underscores")
            }
            Self::InvalidTag => f.write_str(
                "must be label:<text>, priority:high|medium|low, due:YYYY-MM-DD or project:<id>",
            ),
            Self::Conflicting => f.write_str("names the same attribute twice"),
        }
    }
}

/// An input field refused by validation; nothing is written when one is returned.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{field} {reason}")]
pub struct ValidationError {
    pub field: &'static str,
    pub reason: Reason,
}

impl ValidationError {
    pub const fn new(field: &'static str, reason: Reason) -> Self {
        Self { field, reason }
    }
}

/// A required single-line text such as a title: trimmed, non-empty, bounded.
pub fn single_line(
    value: &str,
    field: &'static str,
    max: usize,
) -> Result<String, ValidationError> {
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(ValidationError::new(field, Reason::Empty));
    }
    if trimmed.chars().any(char::is_control) {
        return Err(ValidationError::new(field, Reason::NotSingleLine));
    }
    bounded(trimmed, field, max).map(str::to_owned)
}

/// An optional single-line text where blank means absent.
pub fn optional_single_line(
    value: Option<&str>,
    field: &'static str,
    max: usize,
) -> Result<Option<String>, ValidationError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => single_line(text, field, max).map(Some),
    }
}

/// Free text (descriptions, bodies): kept as written, only bounded.
pub fn free_text(value: &str, field: &'static str, max: usize) -> Result<String, ValidationError> {
    bounded(value, field, max).map(str::to_owned)
}

/// Free text that must say something (comments).
pub fn required_free_text(
    value: &str,
    field: &'static str,
    max: usize,
) -> Result<String, ValidationError> {
    if value.trim().is_empty() {
        return Err(ValidationError::new(field, Reason::Empty));
    }
    free_text(value.trim_end(), field, max)
}

fn bounded<'a>(
    value: &'a str,
    field: &'static str,
    max: usize,
) -> Result<&'a str, ValidationError> {
    // Counting stops at max + 1 so a huge paste is refused without walking all of it.
    if value.chars().take(max + 1).count() > max {
        Err(ValidationError::new(field, Reason::TooLong { max }))
    } else {
        Ok(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_line_trims_and_refuses_blank_multiline_and_long() {
        assert_eq!(single_line("  Ship it ", "title", 10).unwrap(), "Ship it");
        assert_eq!(
            single_line(" \t ", "title", 10).unwrap_err().reason,
            Reason::Empty
        );
        assert_eq!(
            single_line("a\nb", "title", 10).unwrap_err().reason,
            Reason::NotSingleLine
        );
        assert_eq!(
            single_line("ééééééééééé", "title", 10).unwrap_err().reason,
            Reason::TooLong { max: 10 }
        );
        assert_eq!(
            single_line("éééééééééé", "title", 10).unwrap(),
            "éééééééééé"
        );
    }

    #[test]
    fn free_text_keeps_content_and_bounds_it() {
        assert_eq!(
            free_text("  # md\n\n", "content", 20).unwrap(),
            "  # md\n\n"
        );
        assert!(free_text("", "content", 20).is_ok());
        assert_eq!(
            required_free_text(" \n", "content", 20).unwrap_err().reason,
            Reason::Empty
        );
    }

    #[test]
    fn messages_name_the_field_and_the_fix() {
        let err = ValidationError::new("due_date", Reason::InvalidDate);
        assert_eq!(
            err.to_string(),
            "due_date must be a real date written YYYY-MM-DD"
        );
    }
}
