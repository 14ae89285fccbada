//! Agents through the server: agent tokens (`/agent-tokens`), and the device channel
//! (`/device/channel`), the WebSocket a signed-in device dials out to so the server can hand
//! it the MCP frames its agents post to `/mcp`. One JSON message per text frame.

use serde::{Deserialize, Serialize};

/// `POST /agent-tokens`: a token for one of the device's agents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentTokenRequest {
    /// The agent's id on the device (the server never interprets it).
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 200))]
    pub agent_id: String,
}

/// A new agent token; `token` is shown this once (the server keeps its sha256).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentTokenCreated {
    /// The token's id, to revoke it.
    pub id: String,
    pub agent_id: String,
    /// The bearer token for `POST /mcp`.
    pub token: String,
    pub created_at: i64,
}

/// A live agent token as `GET /agent-tokens` lists it (never the token itself).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentTokenInfo {
    /// The token's id, to revoke it.
    pub id: String,
    pub agent_id: String,
    pub created_at: i64,
}

/// `GET /agent-tokens`: the user's live agent tokens, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentTokenList {
    pub tokens: Vec<AgentTokenInfo>,
}

/// Server → device: one MCP frame an agent posted, with the agent the server authenticated.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum DeviceBound {
    /// Run `frame` as `agent_id` and answer `call` with a [`ServerBound`].
    Call {
        call: u64,
        agent_id: String,
        frame: String,
    },
    /// The device sent something that is not a [`ServerBound`]; the channel stays open.
    Invalid { message: String },
}

/// Device → server: the answer to one [`DeviceBound::Call`]; `frame` is `None` when the
/// frame was a notification or a response (nothing to answer).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerBound {
    pub call: u64,
    pub frame: Option<String>,
}
