//! Size limits of user-entered fields, counted in Unicode scalar values (characters).
//!
//! They are generous for a person typing and tight enough that one runaway paste or a
//! misbehaving agent cannot bloat the database or freeze a list view.

/// Task, checkpoint and note titles.
pub const TITLE_MAX_CHARS: usize = 200;
/// Project names.
pub const PROJECT_NAME_MAX_CHARS: usize = 120;
/// A project's optional client reference.
pub const CLIENT_ID_MAX_CHARS: usize = 100;
/// Task descriptions.
pub const DESCRIPTION_MAX_CHARS: usize = 20_000;
/// One task comment.
pub const COMMENT_MAX_CHARS: usize = 10_000;
/// A note's markdown body (about 500 printed pages).
pub const NOTE_CONTENT_MAX_CHARS: usize = 1_000_000;
/// Assignees on one task.
pub const ASSIGNEES_MAX: usize = 20;
/// One assignee name.
pub const ASSIGNEE_MAX_CHARS: usize = 100;
/// A search query.
pub const SEARCH_QUERY_MAX_CHARS: usize = 200;
