//! Agents registered on this device: local (run by the app), cloud (relayed by the server)
//! and external (any MCP client). An agent calls nothing until an assignment grants it.

use serde::{Deserialize, Serialize};

use crate::{
    ids::AgentId,
    text_enum::text_enum,
    time::Millis,
    validation::{ValidationError, single_line},
};

/// The longest agent name.
pub const AGENT_NAME_MAX_CHARS: usize = 64;

text_enum!(
    /// Where an agent runs.
    AgentKind {
        /// Run by this app on the person's own provider keys.
        Local => "local",
        /// Runs in the cloud; its calls reach the device through the server.
        Cloud => "cloud",
        /// Any MCP client, over stdio or the device channel.
        External => "external",
    }
);

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agent {
    pub id: AgentId,
    /// Unique on this device (case-insensitive); scripts may name the agent by it.
    pub name: String,
    pub kind: AgentKind,
    pub created_at: Millis,
    /// Set once revoked: the agent can call nothing any more.
    pub revoked_at: Option<Millis>,
}

impl Agent {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// An agent as asked for, before validation.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAgent {
    pub name: String,
    #[serde(default)]
    pub kind: Option<AgentKind>,
}

/// An agent input that passed validation; only [`NewAgent::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AgentDraft {
    pub name: String,
    pub kind: AgentKind,
}

impl NewAgent {
    pub fn validate(&self) -> Result<AgentDraft, ValidationError> {
        Ok(AgentDraft {
            name: single_line(&self.name, "name", AGENT_NAME_MAX_CHARS)?,
            kind: self.kind.unwrap_or(AgentKind::External),
        })
    }
}

impl AgentDraft {
    pub fn into_agent(self, id: AgentId, now: Millis) -> Agent {
        Agent {
            id,
            name: self.name,
            kind: self.kind,
            created_at: now,
            revoked_at: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::Reason;

    #[test]
    fn a_name_is_required_and_the_kind_defaults_to_external() {
        let draft = NewAgent {
            name: " claude ".into(),
            kind: None,
        }
        .validate()
        .unwrap();
        assert_eq!(
            (draft.name.as_str(), draft.kind),
            ("claude", AgentKind::External)
        );
        let blank = NewAgent::default().validate().unwrap_err();
        assert_eq!((blank.field, blank.reason), ("name", Reason::Empty));
    }
}
