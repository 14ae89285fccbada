//! The names of every application command, shared by the build script (which generates
//! their permissions) and the invoke handler (which registers them).

/// Every command the webview may call; the capability file allows exactly these.
pub const NAMES: &[&str] = &[
    "create_project",
    "get_project",
    "list_projects",
    "update_project",
    "archive_project",
    "unarchive_project",
    "delete_project",
    "create_task",
    "get_task",
    "list_tasks",
    "tasks_due_today",
    "overdue_tasks",
    "update_task",
    "move_task",
    "delete_task",
    "add_comment",
    "list_comments",
    "delete_comment",
    "create_checkpoint",
    "list_checkpoints",
    "update_checkpoint",
    "delete_checkpoint",
    "create_note",
    "get_note",
    "list_notes",
    "update_note",
    "delete_note",
    "search",
];
