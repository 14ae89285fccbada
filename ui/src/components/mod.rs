//! Reusable pieces of the interface, shared by the pages.

pub mod board;
pub mod comments;
pub mod confirm_twice;
pub mod dialog;
pub mod form_state;
pub mod icons;
pub mod loadable;
pub mod lock_screen;
pub mod palette;
pub mod passphrase;
pub mod progress;
pub mod project_select;
pub mod sidebar;
pub mod sync_indicator;
pub mod task_card;
pub mod task_detail;
pub mod task_form;
pub mod task_list;
pub mod toast;
pub mod vault_dialogs;
