//! The names of every application command, shared by the build script (which generates
//! their permissions) and the invoke handler (which registers them).

/// Every command the webview may call; the capability file allows exactly these.
pub const NAMES: &[&str] = &[
    "create_project",
    "get_project",
    "list_projects",
    "project_task_counts",
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
    "account_status",
    "sign_up",
    "sign_in",
    "sign_out",
    "sync_now",
    "sync_status",
    "sync_progress",
    "list_backups",
    "create_backup",
    "restore_backup",
    "delete_backup",
    "backup_schedule",
    "set_backup_schedule",
    "backup_progress",
    "vault_status",
    "check_passphrase_strength",
    "create_vault",
    "unlock_vault",
    "unlock_vault_with_recovery_key",
    "unlock_from_device",
    "lock_vault",
    "change_passphrase",
    "regenerate_recovery_key",
    "rotate_vault_key",
    "resume_rotation",
    "set_auto_lock",
    "remember_on_device",
    "note_vault_activity",
    "list_providers",
    "add_provider",
    "update_provider",
    "set_provider_key",
    "remove_provider_key",
    "delete_provider",
    "test_provider",
    "hide_window",
    "device_channel_status",
    "reconnect_device_channel",
    "create_agent_token",
    "list_agent_tokens",
    "revoke_agent_token",
    "list_agents",
    "add_agent",
    "revoke_agent",
    "assign_agent",
    "update_assignment",
    "list_ledger",
    "verify_ledger",
    "review_queue",
    "review_count",
    "approve_suggestions",
    "edit_and_approve",
    "reject_suggestions",
    "snooze_suggestions",
    "undo_review",
];

#[cfg(test)]
mod tests {
    use super::NAMES;
    use std::collections::BTreeSet;

    /// The capability grants each command's generated permission and event listening, nothing more.
    #[test]
    fn the_capability_grants_exactly_the_apps_commands() {
        let text = include_str!("../../capabilities/main.json");
        let capability: serde_json::Value = serde_json::from_str(text).unwrap();
        let granted: BTreeSet<&str> = capability["permissions"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_str().unwrap())
            .collect();
        let generated: Vec<String> = NAMES
            .iter()
            .map(|n| format!("allow-{}", n.replace('_', "-")))
            .collect();
        let mut expected: BTreeSet<&str> = generated.iter().map(String::as_str).collect();
        expected.extend(["core:event:allow-listen", "core:event:allow-unlisten"]);
        assert_eq!(granted, expected);
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
    }

    /// Every named command is registered with the invoke handler, and only those.
    #[test]
    fn the_invoke_handler_registers_exactly_the_named_commands() {
        let shell = include_str!("../lib.rs");
        let handler = &shell[shell.find("generate_handler![").unwrap()..];
        let handler = &handler[..handler.find(']').unwrap()];
        let registered: BTreeSet<&str> = handler
            .split(',')
            .filter_map(|entry| entry.trim().rsplit("::").next())
            .filter(|name| !name.is_empty() && !name.contains('['))
            .collect();
        assert_eq!(registered, NAMES.iter().copied().collect::<BTreeSet<_>>());
    }
}
