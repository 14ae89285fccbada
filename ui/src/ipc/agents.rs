//! The shell's commands of agents, the ledger and the review queue (part of the module that
//! is the UI's only I/O).

use adiuva_domain::{
    Agent, AgentId, Assignment, AssignmentUpdate, ErrorReport, LedgerEntry, NewAgent,
    NewAssignment, ReviewFilter, ReviewItem,
};
use serde::Serialize;

use super::{Id, Input, NoArgs, invoke, invoke_unit, listen, payload};
use crate::state::{
    agents::{AgentSummary, AssignmentUpdated, LedgerReport},
    channel::{AgentToken, AgentTokenEntry, ChannelStatus},
    review::{ItemRef, ReviewDone},
    review_edit::SuggestionEdit,
};

// Agents and the ledger.

pub async fn list_agents() -> Result<Vec<AgentSummary>, ErrorReport> {
    invoke("list_agents", &NoArgs {}).await
}

pub async fn add_agent(input: &NewAgent) -> Result<Agent, ErrorReport> {
    invoke("add_agent", &Input { input }).await
}

pub async fn revoke_agent(id: AgentId) -> Result<Agent, ErrorReport> {
    invoke("revoke_agent", &Id { id }).await
}

pub async fn assign_agent(id: AgentId, input: &NewAssignment) -> Result<Assignment, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: AgentId,
        input: &'a NewAssignment,
    }
    invoke("assign_agent", &Args { id, input }).await
}

/// Extends the agent's active assignment (a new one supersedes it).
pub async fn update_assignment(
    id: AgentId,
    update: &AssignmentUpdate,
) -> Result<AssignmentUpdated, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        id: AgentId,
        update: &'a AssignmentUpdate,
    }
    invoke("update_assignment", &Args { id, update }).await
}

/// The newest `limit` ledger entries, of one agent when given.
pub async fn list_ledger(
    agent_id: Option<AgentId>,
    limit: u32,
) -> Result<Vec<LedgerEntry>, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        agent_id: Option<String>,
        action: Option<String>,
        outcome: Option<String>,
        limit: u32,
    }
    let args = Args {
        agent_id: agent_id.map(|a| a.to_string()),
        action: None,
        outcome: None,
        limit,
    };
    invoke("list_ledger", &args).await
}

/// The chain recomputed; a break is an error naming the first entry that does not verify.
pub async fn verify_ledger() -> Result<LedgerReport, ErrorReport> {
    invoke("verify_ledger", &NoArgs {}).await
}

// The device channel, through which agents reach this device from the sync server.

/// Event the shell sends on every change of the device channel's state.
const DEVICE_CHANNEL: &str = "device://channel";

pub async fn device_channel_status() -> Result<ChannelStatus, ErrorReport> {
    invoke("device_channel_status", &NoArgs {}).await
}

/// Dials again now instead of after the backoff.
pub async fn reconnect_device_channel() -> Result<(), ErrorReport> {
    invoke_unit("reconnect_device_channel", &NoArgs {}).await
}

/// A new token for `agent` (its id) on the server's MCP endpoint; answered once.
pub async fn create_agent_token(agent: AgentId) -> Result<AgentToken, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        agent: String,
    }
    let args = Args {
        agent: agent.to_string(),
    };
    invoke("create_agent_token", &args).await
}

/// The account's live agent tokens (ids, agents and dates; never the tokens).
pub async fn list_agent_tokens() -> Result<Vec<AgentTokenEntry>, ErrorReport> {
    #[derive(Serialize)]
    struct Args {
        agent: Option<String>,
    }
    invoke("list_agent_tokens", &Args { agent: None }).await
}

/// Revokes the agent token `id` on the server.
pub async fn revoke_agent_token(id: String) -> Result<(), ErrorReport> {
    invoke_unit("revoke_agent_token", &Id { id }).await
}

/// Calls `handler` with each new status of the device channel, for the life of the page.
pub async fn on_device_channel(
    mut handler: impl FnMut(ChannelStatus) + 'static,
) -> Result<(), ErrorReport> {
    listen(DEVICE_CHANNEL, move |event| {
        if let Some(status) = payload(&event) {
            handler(status);
        }
    })
    .await
}

// The review queue.

/// Event the shell sends when the count of suggestions waiting changed.
const REVIEW_COUNT: &str = "review://count";

/// Calls `handler` with each new count of suggestions waiting, for the life of the page.
pub async fn on_review_count(mut handler: impl FnMut(u64) + 'static) -> Result<(), ErrorReport> {
    listen(REVIEW_COUNT, move |event| {
        if let Some(count) = payload(&event) {
            handler(count);
        }
    })
    .await
}

#[derive(Serialize)]
struct Items<'a> {
    items: &'a [ItemRef],
}

pub async fn review_queue(filter: &ReviewFilter) -> Result<Vec<ReviewItem>, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        filter: &'a ReviewFilter,
    }
    invoke("review_queue", &Args { filter }).await
}

/// Suggestions waiting now: the sidebar's badge.
pub async fn review_count() -> Result<u64, ErrorReport> {
    invoke("review_count", &NoArgs {}).await
}

pub async fn approve_suggestions(items: &[ItemRef]) -> Result<ReviewDone, ErrorReport> {
    invoke("approve_suggestions", &Items { items }).await
}

pub async fn reject_suggestions(items: &[ItemRef]) -> Result<ReviewDone, ErrorReport> {
    invoke("reject_suggestions", &Items { items }).await
}

pub async fn snooze_suggestions(items: &[ItemRef], hours: u64) -> Result<ReviewDone, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        items: &'a [ItemRef],
        hours: u64,
    }
    invoke("snooze_suggestions", &Args { items, hours }).await
}

pub async fn edit_and_approve(
    item: &ItemRef,
    edit: &SuggestionEdit,
) -> Result<ReviewDone, ErrorReport> {
    #[derive(Serialize)]
    struct Args<'a> {
        item: &'a ItemRef,
        edit: &'a SuggestionEdit,
    }
    invoke("edit_and_approve", &Args { item, edit }).await
}

/// Undoes the last decision; answers the items it put back (none: nothing to undo).
pub async fn undo_review() -> Result<Vec<ItemRef>, ErrorReport> {
    invoke("undo_review", &NoArgs {}).await
}
