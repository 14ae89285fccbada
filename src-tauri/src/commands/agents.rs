//! Commands of agents: the registry (list, add, revoke), their assignments (a first one, the
//! extension that supersedes it) and the ledger of what they and the person did (read, verify).

use adiuva_app::{AgentSummary, AppError, AssignmentUpdated, LedgerQuery, LedgerReport, Workspace};
use adiuva_domain::{
    Agent, AgentId, Assignment, AssignmentUpdate, LedgerEntry, NewAgent, NewAssignment,
};
use tauri::State;

fn agent_id(text: &str) -> Result<AgentId, AppError> {
    Ok(AgentId::parse(text, "agent")?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_agents(ws: State<'_, Workspace>) -> Result<Vec<AgentSummary>, AppError> {
    ws.list_agents()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn add_agent(ws: State<'_, Workspace>, input: NewAgent) -> Result<Agent, AppError> {
    ws.add_agent(input.validate()?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn revoke_agent(ws: State<'_, Workspace>, id: String) -> Result<Agent, AppError> {
    ws.revoke_agent(agent_id(&id)?)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn assign_agent(
    ws: State<'_, Workspace>,
    id: String,
    input: NewAssignment,
) -> Result<Assignment, AppError> {
    // The request is checked before the agent is looked up, as the CLI does.
    let draft = input.validate()?;
    ws.assign(agent_id(&id)?, draft)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn update_assignment(
    ws: State<'_, Workspace>,
    id: String,
    update: AssignmentUpdate,
) -> Result<AssignmentUpdated, AppError> {
    let update = update.validate()?;
    ws.update_assignment(agent_id(&id)?, &update)
}

/// Ledger entries, newest first, narrowed by agent, action (a tool or `review.<decision>`)
/// and outcome (`ok`, `error`, `denied`).
#[tauri::command(async, rename_all = "snake_case")]
pub fn list_ledger(
    ws: State<'_, Workspace>,
    agent_id: Option<String>,
    action: Option<String>,
    outcome: Option<String>,
    limit: u32,
) -> Result<Vec<LedgerEntry>, AppError> {
    ws.ledger(&LedgerQuery {
        agent_id,
        action,
        outcome,
        before_seq: None,
        limit,
    })
}

/// The whole chain recomputed: its length and head hash, or the first entry that breaks it.
#[tauri::command(async, rename_all = "snake_case")]
pub fn verify_ledger(ws: State<'_, Workspace>) -> Result<LedgerReport, AppError> {
    ws.verify_ledger()
}
