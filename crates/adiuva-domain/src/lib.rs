//! Adiuva's workspace model: entities, ids, validated inputs and the rules they obey.
//!
//! Nothing here does I/O or reads a clock: times are passed in, so the same types
//! and rules run in the core, in the CLI and in the wasm UI.

pub mod access;
pub mod agent;
pub mod assignment;
pub mod backup;
pub mod checkpoint;
pub mod comment;
pub mod error;
pub mod ids;
pub mod ledger;
pub mod limits;
pub mod note;
pub mod patch;
pub mod project;
pub mod provider;
pub mod review;
pub mod search;
pub mod tagging;
pub mod task;
mod text_enum;
pub mod time;
pub mod validation;

pub use access::{Decision, Glob, Rule, Scopes, ToolName, Verdict, decide, is_tool_name};
pub use agent::{Agent, AgentDraft, AgentKind, NewAgent};
pub use assignment::{
    Assignment, AssignmentDraft, AssignmentError, AssignmentStatus, AssignmentUpdate, Metadata,
    NewAssignment, Policy, UpdatePlan, ValidUpdate,
};
pub use backup::{BACKUP_RETRY_MS, BackupSchedule};
pub use checkpoint::{
    Checkpoint, CheckpointChanges, CheckpointDraft, CheckpointPatch, NewCheckpoint,
};
pub use comment::{Author, Comment, CommentDraft, NewComment};
pub use error::{ErrorCode, ErrorReport};
pub use ids::{
    AgentId, AssignmentId, CheckpointId, CommentId, LedgerId, NoteId, ProjectId, TaskId,
};
pub use ledger::{ChainBreak, ChainCheck, LedgerEntry, Outcome};
pub use note::{NewNote, Note, NoteChanges, NoteDraft, NotePatch, NoteSummary};
pub use project::{
    NewProject, Project, ProjectChanges, ProjectDraft, ProjectPatch, ProjectStatus,
    ProjectTaskCounts,
};
pub use provider::{
    NewProvider, PROVIDER_PRESETS, Provider, ProviderCheck, ProviderKind, ProviderPatch,
    ProviderPreset,
};
pub use review::{FieldChange, ReviewAction, ReviewChange, ReviewFilter, ReviewItem};
pub use search::{SearchHit, SearchKind};
pub use tagging::{
    ItemKind, Projection, TagInput, TagOrigin, TagSource, TagWrite, Tagging, TaggingStatus,
};
pub use task::{
    NewTask, Priority, Task, TaskChanges, TaskDraft, TaskFilter, TaskOrder, TaskPatch, TaskQuery,
    TaskStatus,
};
pub use time::Millis;
pub use validation::{Reason, ValidationError};
