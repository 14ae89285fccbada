//! `adiuva device …`: the device channel to the sync server (runs until interrupted, one line
//! per change of state, JSON with `--json`), and agent tokens for the server's MCP endpoint
//! (made, listed, revoked).

use std::io::Write;

use adiuva_app::{ChannelState, DeviceChannel, Workspace};

use crate::{CliError, args::DeviceCommand, output::Output};

pub fn run(ws: &Workspace, command: DeviceCommand, out: &Output) -> Result<(), CliError> {
    match command {
        DeviceCommand::Connect => {
            let channel = DeviceChannel::new();
            ws.run_device_channel(&channel, |status| {
                let line = if out.json {
                    serde_json::to_string(status).unwrap_or_default()
                } else {
                    let state = match status.state {
                        ChannelState::Connected => "connected",
                        ChannelState::Connecting => "connecting",
                        ChannelState::Offline => "offline",
                        ChannelState::SignedOut => "signed out",
                    };
                    match (status.state, &status.last_error) {
                        (ChannelState::Offline, Some(error)) => format!("{state}: {error}"),
                        _ => state.to_owned(),
                    }
                };
                // One line per change, flushed, for whoever watches the output.
                let mut stdout = std::io::stdout().lock();
                let _ = writeln!(stdout, "{line}");
                let _ = stdout.flush();
            })?;
        }
        DeviceCommand::Token { agent } => {
            let created = ws.create_agent_token(&agent)?;
            out.print(&created, |c| {
                format!(
                    "Agent token for {} (id {}; shown once):\n{}",
                    c.agent_id, c.id, c.token
                )
            });
        }
        DeviceCommand::Tokens { agent } => {
            let tokens = ws.agent_tokens(agent.as_deref())?;
            out.print(&tokens, |tokens| {
                if tokens.is_empty() {
                    return "No agent tokens.".to_owned();
                }
                tokens
                    .iter()
                    .map(|t| {
                        let created = chrono::DateTime::from_timestamp_millis(t.created_at)
                            .map(|at| at.format("%Y-%m-%d %H:%M UTC").to_string())
                            .unwrap_or_default();
                        let agent = t.agent_name.as_deref().unwrap_or("(not on this device)");
                        format!("{}  {agent}  {}  made {created}", t.id, t.agent_id)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            });
        }
        DeviceCommand::RevokeToken { id } => {
            ws.revoke_agent_token(&id)?;
            out.print(&serde_json::json!({ "revoked": id }), |_| {
                format!("Revoked agent token {id}.")
            });
        }
    }
    Ok(())
}
