//! `adiuva device …`: the device channel to the sync server (runs until interrupted, one line
//! per change of state, JSON with `--json`), and agent tokens for the server's MCP endpoint.

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
    }
    Ok(())
}
