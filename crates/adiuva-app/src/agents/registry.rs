//! Use cases of the agents registered on this device: add, list, show, revoke, and finding
//! one by name or id.

use adiuva_domain::{Agent, AgentDraft, AgentId, Assignment, AssignmentError, LedgerEntry};
use adiuva_store::{
    Connection, agents,
    assignments::{self, AssignmentEvent},
    ledger::{self, LedgerQuery},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::assignments::{EventKind, record_event};
use crate::{AppError, Change, Conflict, Entity, Workspace};

/// An agent in a list, with what it may do now.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSummary {
    pub agent: Agent,
    pub assignment: Option<Assignment>,
}

/// Everything about one agent: its assignment chain, the chain's events, its latest calls.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AgentDetail {
    pub agent: Agent,
    pub active: Option<Assignment>,
    /// Every assignment it has had, oldest first.
    pub history: Vec<Assignment>,
    pub events: Vec<AssignmentEvent>,
    /// Its most recent ledger entries, newest first.
    pub activity: Vec<LedgerEntry>,
}

/// Entries of an agent's activity shown with it.
const ACTIVITY_SHOWN: u32 = 20;

impl Workspace {
    /// Registers an agent. It can call nothing until it is assigned.
    pub fn add_agent(&self, draft: AgentDraft) -> Result<Agent, AppError> {
        let agent = draft.into_agent(AgentId::from_uuid(Uuid::now_v7()), self.clock.now());
        self.write(|tx| {
            if agents::by_name(tx, &agent.name)?.is_some() {
                return Err(Conflict::AgentNameTaken.into());
            }
            agents::insert(tx, &agent)?;
            Ok(())
        })?;
        self.emit(Entity::Agent, agent.id, Change::Created);
        Ok(agent)
    }

    /// Every agent with its active assignment, by name (revoked ones last).
    pub fn list_agents(&self) -> Result<Vec<AgentSummary>, AppError> {
        self.read(|conn| {
            agents::list(conn)?
                .into_iter()
                .map(|agent| {
                    Ok(AgentSummary {
                        assignment: assignments::active(conn, agent.id)?,
                        agent,
                    })
                })
                .collect()
        })
    }

    /// The agent named `reference` (case-insensitive) or with that id.
    pub fn find_agent(&self, reference: &str) -> Result<Agent, AppError> {
        self.read(|conn| find(conn, reference))
    }

    /// One agent with its assignments, their events and its latest calls.
    pub fn show_agent(&self, id: AgentId) -> Result<AgentDetail, AppError> {
        self.read(|conn| {
            let agent = existing(conn, id)?;
            Ok(AgentDetail {
                active: assignments::active(conn, id)?,
                history: assignments::history(conn, id)?,
                events: assignments::events(conn, id)?,
                activity: ledger::list(
                    conn,
                    &LedgerQuery {
                        agent_id: Some(id.to_string()),
                        limit: ACTIVITY_SHOWN,
                        ..LedgerQuery::default()
                    },
                )?,
                agent,
            })
        })
    }

    /// Revokes an agent for good: its active assignment ends (`assignment.revoked`) and every
    /// later call is refused. Revoking again changes nothing.
    pub fn revoke_agent(&self, id: AgentId) -> Result<Agent, AppError> {
        let (agent, changed) = self.write(|tx| {
            let now = self.clock.now();
            let changed = agents::revoke(tx, id, now)?;
            if let Some(active) = assignments::active(tx, id)? {
                assignments::revoke(tx, active.id, now)?;
                record_event(tx, EventKind::Revoked, &active, Default::default(), now)?;
            }
            Ok((existing(tx, id)?, changed))
        })?;
        if changed {
            self.emit(Entity::Agent, id, Change::Updated);
        }
        Ok(agent)
    }
}

pub(crate) fn existing(conn: &Connection, id: AgentId) -> Result<Agent, AppError> {
    agents::get(conn, id)?.ok_or_else(|| AppError::not_found(Entity::Agent, id))
}

/// An agent by id or name; a blank reference is a missing flag (seed 002's `--agent`).
pub(crate) fn find(conn: &Connection, reference: &str) -> Result<Agent, AppError> {
    let reference = reference.trim();
    if reference.is_empty() {
        return Err(AssignmentError::MissingFlag { flag: "agent" }.into());
    }
    let by_id = match Uuid::try_parse(reference) {
        Ok(uuid) => agents::get(conn, AgentId::from_uuid(uuid))?,
        Err(_) => None,
    };
    match by_id {
        Some(agent) => Ok(agent),
        None => agents::by_name(conn, reference)?
            .ok_or_else(|| AppError::not_found(Entity::Agent, reference)),
    }
}
