//! MCP for this workspace, whatever the transport: the executor bound to one authenticated
//! agent, as the `Tools` an `adiuva_agent::mcp::Session` calls. The agent is the transport's
//! to establish (the local user naming it for stdio, the server's agent token for the device
//! channel); nothing in a frame can change it.

use adiuva_agent::{ToolCall, ToolDescription, ToolOutcome, mcp::Tools};
use adiuva_domain::{Agent, AgentId};

use crate::{AppError, Conflict, Workspace};

/// The tools one agent calls through MCP.
#[derive(Clone, Copy)]
pub struct AgentTools<'w> {
    workspace: &'w Workspace,
    caller: AgentId,
}

impl AgentTools<'_> {
    pub fn caller(&self) -> AgentId {
        self.caller
    }
}

impl Workspace {
    /// The tools of the agent named `reference` (or with that id), for a transport about to
    /// serve it: an unknown agent is `not_found` and a revoked one a conflict, so the
    /// transport refuses before speaking MCP. Whether the agent may do anything is decided
    /// per call by the executor (no assignment: every call is refused with `isError`).
    pub fn mcp_tools(&self, reference: &str) -> Result<(Agent, AgentTools<'_>), AppError> {
        let agent = self.find_agent(reference)?;
        if agent.is_revoked() {
            return Err(Conflict::AgentRevoked.into());
        }
        let tools = self.agent_tools(agent.id);
        Ok((agent, tools))
    }

    /// The tools of an agent a transport already authenticated by id. The executor still
    /// refuses each call of an unknown or revoked agent.
    pub fn agent_tools(&self, caller: AgentId) -> AgentTools<'_> {
        AgentTools {
            workspace: self,
            caller,
        }
    }
}

impl Tools for AgentTools<'_> {
    type Error = AppError;

    fn list(&mut self) -> Vec<ToolDescription> {
        self.workspace.tool_catalogue()
    }

    fn call(&mut self, call: &ToolCall) -> Result<ToolOutcome, AppError> {
        self.workspace.execute(self.caller, call)
    }
}
