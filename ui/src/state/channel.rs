//! The device channel as the Agents page shows it: the shell's status of the channel (state
//! and last error) and what each state tells the person, with the MCP endpoint agents use.

use serde::Deserialize;

/// Where the channel is (`device_channel_status`, and the `device://channel` event).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelState {
    Connected,
    Connecting,
    Offline,
    SignedOut,
}

impl ChannelState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Connected => "connected",
            Self::Connecting => "connecting",
            Self::Offline => "offline",
            Self::SignedOut => "signed_out",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ChannelStatus {
    pub state: ChannelState,
    pub last_error: Option<String>,
}

/// A token just created for an agent (`create_agent_token`): shown once, never stored here.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AgentToken {
    pub id: String,
    pub agent_id: String,
    pub token: String,
}

/// A live agent token as listed (`list_agent_tokens`): never the token itself.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AgentTokenEntry {
    pub id: String,
    pub agent_id: String,
    /// `None` for an agent this device does not have.
    pub agent_name: Option<String>,
    pub created_at: i64,
}

/// The server's MCP endpoint an agent with a token posts to.
pub fn mcp_endpoint(server_url: &str) -> String {
    format!("{}/api/v1/mcp", server_url.trim_end_matches('/'))
}

/// A headline and a sentence saying what the state means and, when something is wrong, what
/// to do about it.
pub fn describe(status: &ChannelStatus, server_url: Option<&str>) -> (&'static str, String) {
    let server = server_url.unwrap_or("the sync server");
    match status.state {
        ChannelState::Connected => (
            "Reachable",
            format!(
                "Agents with a token reach this device at {} while the app runs.",
                mcp_endpoint(server)
            ),
        ),
        ChannelState::Connecting => ("Connecting", format!("Dialing {server}…")),
        ChannelState::Offline => (
            "Offline",
            match &status.last_error {
                Some(error) => format!(
                    "{error}. The app dials again by itself; check the server address in \
                     Settings → Sync if this persists."
                ),
                None => "The app dials again by itself.".to_owned(),
            },
        ),
        ChannelState::SignedOut => (
            "Not signed in",
            "Agents can use this workspace through `adiuva mcp` on this computer. Sign in to \
             a sync server (Settings → Sync) to let them reach it from elsewhere."
                .to_owned(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_status_arrives_as_the_shell_sends_it() {
        let status: ChannelStatus =
            serde_json::from_str(r#"{"state":"signed_out","last_error":null}"#).unwrap();
        assert_eq!(status.state, ChannelState::SignedOut);
        assert_eq!(status.state.as_str(), "signed_out");
    }

    #[test]
    fn each_state_says_what_it_means() {
        let server = Some("http://127.0.0.1:8080/");
        let connected = ChannelStatus {
            state: ChannelState::Connected,
            last_error: Some("an old failure".into()),
        };
        let (headline, detail) = describe(&connected, server);
        assert_eq!(headline, "Reachable");
        assert!(
            detail.contains("http://127.0.0.1:8080/api/v1/mcp"),
            "{detail}"
        );
        assert!(
            !detail.contains("old failure"),
            "a past error is not news once connected"
        );

        let offline = ChannelStatus {
            state: ChannelState::Offline,
            last_error: Some("cannot open the device channel".into()),
        };
        let (headline, detail) = describe(&offline, server);
        assert_eq!(headline, "Offline");
        assert!(detail.starts_with("cannot open the device channel. "));
        assert!(detail.contains("Settings → Sync"));
    }
}
