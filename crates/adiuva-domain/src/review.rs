//! The review queue: what agents (and the internal tagger) proposed and a person has not
//! decided yet, and the decisions a person takes on it.
//!
//! Suggestions live only here until approved: work views (board, lists, today, timeline,
//! search, counts) show approved items only, and a rejected suggestion is kept for the ledger
//! but never shown as work again.

use serde::{Deserialize, Serialize};

use crate::{
    ids::{AgentId, ProjectId},
    tagging::{ItemKind, TagOrigin},
    text_enum::text_enum,
    time::Millis,
};

text_enum!(
    /// What waits for a decision.
    ReviewChange {
        /// An item an agent created.
        Created => "created",
        /// Tags the tagger or an agent wrote (and the columns they set).
        Tags => "tags",
    }
);

text_enum!(
    /// What a person decided.
    ReviewAction {
        Approve => "approve",
        /// Changed the proposal, then approved it.
        EditApprove => "edit_approve",
        Reject => "reject",
        Snooze => "snooze",
    }
);

/// One field of a suggestion: its value before (none for a new item) and as proposed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: Option<String>,
    pub proposed: Option<String>,
}

/// One suggestion in the queue.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewItem {
    pub kind: ItemKind,
    pub id: String,
    pub change: ReviewChange,
    pub title: String,
    pub project_id: Option<ProjectId>,
    /// The agent that proposed it; `None` with `origin: auto` for the internal tagger.
    pub agent_id: Option<AgentId>,
    pub origin: TagOrigin,
    pub rationale: Option<String>,
    pub fields: Vec<FieldChange>,
    pub proposed_at: Millis,
    pub snoozed_until: Option<Millis>,
}

/// Which suggestions to show.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewFilter {
    #[serde(default)]
    pub kind: Option<ItemKind>,
    #[serde(default)]
    pub agent_id: Option<AgentId>,
    #[serde(default)]
    pub project_id: Option<ProjectId>,
    /// Also those snoozed until later.
    #[serde(default)]
    pub include_snoozed: bool,
}
