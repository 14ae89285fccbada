//! Workspace-wide search.

use adiuva_domain::{SearchHit, limits::SEARCH_QUERY_MAX_CHARS, validation::single_line};
use adiuva_store::search;

use crate::{AppError, Workspace};

/// The most hits one search returns.
pub const SEARCH_LIMIT_MAX: u32 = 200;

impl Workspace {
    /// Projects, tasks, comments, checkpoints and notes matching every typed word (as a
    /// prefix), best first, at most `limit` (capped at [`SEARCH_LIMIT_MAX`]).
    pub fn search(&self, text: &str, limit: u32) -> Result<Vec<SearchHit>, AppError> {
        let text = single_line(text, "query", SEARCH_QUERY_MAX_CHARS)?;
        let limit = limit.clamp(1, SEARCH_LIMIT_MAX);
        self.read(|conn| Ok(search::search(conn, &text, limit)?))
    }
}
