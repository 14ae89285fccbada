//! Commands of the device channel: its state, a reconnect now, and agent tokens for the
//! server's MCP endpoint (answered once; the webview shows the token for the person to copy),
//! listed and revoked.

use adiuva_app::{AgentTokenEntry, AppError, ChannelStatus, Workspace};
use adiuva_protocol::AgentTokenCreated;
use tauri::State;

#[tauri::command(async, rename_all = "snake_case")]
pub fn device_channel_status(ws: State<'_, Workspace>) -> ChannelStatus {
    ws.device_channel_status()
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn reconnect_device_channel(ws: State<'_, Workspace>) {
    ws.reconnect_device_channel();
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn create_agent_token(
    ws: State<'_, Workspace>,
    agent: String,
) -> Result<AgentTokenCreated, AppError> {
    ws.create_agent_token(&agent)
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn list_agent_tokens(
    ws: State<'_, Workspace>,
    agent: Option<String>,
) -> Result<Vec<AgentTokenEntry>, AppError> {
    ws.agent_tokens(agent.as_deref())
}

#[tauri::command(async, rename_all = "snake_case")]
pub fn revoke_agent_token(ws: State<'_, Workspace>, id: String) -> Result<(), AppError> {
    ws.revoke_agent_token(&id)
}
