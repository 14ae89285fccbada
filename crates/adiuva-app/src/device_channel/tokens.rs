//! Agent tokens on the signed-in server: the bearer an MCP client uses to reach one of this
//! device's agents through the server's `/mcp`. Made here (shown once), listed with the
//! agent each speaks as, and revoked; the server keeps only their hashes.

use adiuva_protocol::{AgentTokenCreated, AgentTokenRequest};
use serde::{Deserialize, Serialize};

use crate::{AppError, Workspace};

/// A live agent token, with the name of its agent when this device knows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentTokenEntry {
    pub id: String,
    pub agent_id: String,
    /// `None` for an agent this device does not have (made on another device, or deleted).
    pub agent_name: Option<String>,
    pub created_at: i64,
}

impl Workspace {
    /// Asks the signed-in server for a token for the agent `reference` (name or id), for an
    /// MCP client to reach this device's agent through the server's `/mcp`. The token is
    /// answered once; the server keeps only its hash.
    pub fn create_agent_token(&self, reference: &str) -> Result<AgentTokenCreated, AppError> {
        let (agent, _) = self.mcp_tools(reference)?;
        let request = AgentTokenRequest {
            agent_id: agent.id.to_string(),
        };
        self.with_server(|cloud, token| cloud.create_agent_token(token, &request))
    }

    /// The account's live agent tokens, oldest first; only those of the agent `reference`
    /// (name or id) when given.
    pub fn agent_tokens(&self, reference: Option<&str>) -> Result<Vec<AgentTokenEntry>, AppError> {
        let only = reference
            .map(|r| self.find_agent(r).map(|a| a.id.to_string()))
            .transpose()?;
        let listed = self.with_server(|cloud, token| cloud.agent_tokens(token))?;
        let agents = self.list_agents()?;
        Ok(listed
            .tokens
            .into_iter()
            .filter(|t| only.as_ref().is_none_or(|id| *id == t.agent_id))
            .map(|t| AgentTokenEntry {
                agent_name: agents
                    .iter()
                    .find(|a| a.agent.id.to_string() == t.agent_id)
                    .map(|a| a.agent.name.clone()),
                id: t.id,
                agent_id: t.agent_id,
                created_at: t.created_at,
            })
            .collect())
    }

    /// Revokes the agent token `id` on the server: the client holding it is refused from its
    /// next call. An unknown or already revoked id is the server's `not_found`.
    pub fn revoke_agent_token(&self, id: &str) -> Result<(), AppError> {
        self.with_server(|cloud, token| cloud.revoke_agent_token(token, id))?;
        Ok(())
    }
}
