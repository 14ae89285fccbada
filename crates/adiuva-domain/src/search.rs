//! Workspace search: what a hit is, and how typed words become a full-text query.

use serde::{Deserialize, Serialize};

use crate::{ids::ProjectId, text_enum::text_enum};

text_enum!(
    /// What kind of item a search hit points at.
    SearchKind {
        Project => "project",
        Task => "task",
        Comment => "comment",
        Checkpoint => "checkpoint",
        Note => "note",
    }
);

/// One search result, best first.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub kind: SearchKind,
    /// The id of the matching item.
    pub id: String,
    /// For comments, the task they belong to: where the result opens.
    pub task_id: Option<String>,
    pub project_id: Option<ProjectId>,
    pub title: String,
    /// Matching text with the matched words wrapped in `[` and `]`.
    pub snippet: String,
    /// Lower is better (SQLite FTS5 bm25).
    pub rank: f64,
}

/// Turns what a person typed into an FTS5 query: every word must appear, each as a prefix,
/// and no character can be read as FTS5 syntax. `None` when nothing searchable was typed.
pub fn fts_query(text: &str) -> Option<String> {
    let terms: Vec<String> = text
        .split_whitespace()
        .filter(|word| word.chars().any(char::is_alphanumeric))
        .map(|word| format!("\"{}\"*", word.replace('"', "\"\"")))
        .collect();
    (!terms.is_empty()).then(|| terms.join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_become_quoted_prefix_terms() {
        assert_eq!(
            fts_query("  quarterly rep ").as_deref(),
            Some(r#""quarterly"* "rep"*"#)
        );
        assert_eq!(
            fts_query(r#"say "hi" OR NOT x"#).as_deref(),
            Some(r#""say"* """hi"""* "OR"* "NOT"* "x"*"#)
        );
        assert_eq!(fts_query(" - * ( ) "), None);
        assert_eq!(fts_query(""), None);
    }
}
