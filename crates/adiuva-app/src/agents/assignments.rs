//! Use cases of assignments (seed 002): a first assignment, and extending the allow-list by
//! superseding the active row and inserting its successor in one `BEGIN IMMEDIATE`
//! transaction, with the ids and the timestamp made inside it (a writer that waited for the
//! lock cannot commit a time before the winner's). Idempotent; lineage in reserved metadata.

use adiuva_domain::{
    AgentId, Assignment, AssignmentDraft, AssignmentError, AssignmentId, Metadata, Millis,
    UpdatePlan, ValidUpdate,
    assignment::{SUPERSEDED_ASSIGNMENT_ID, SUPERSEDED_BY, plan_update},
};
use adiuva_store::{
    Connection,
    assignments::{self, AssignmentEvent},
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::registry;
use crate::{AppError, Change, Conflict, Entity, Workspace};

/// The answer of `agent update`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentUpdated {
    /// A new assignment superseded the active one.
    pub changed: bool,
    /// Nothing would have changed: the active assignment is kept as it is.
    pub reused: bool,
    /// The active assignment after the update.
    pub assignment: Assignment,
    /// The assignment it superseded, when it did.
    pub superseded_assignment_id: Option<AssignmentId>,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum EventKind {
    Assigned,
    Superseded,
    Revoked,
}

impl EventKind {
    const fn as_str(self) -> &'static str {
        match self {
            Self::Assigned => "task.assigned",
            Self::Superseded => "assignment.superseded",
            Self::Revoked => "assignment.revoked",
        }
    }
}

pub(crate) fn record_event(
    conn: &Connection,
    kind: EventKind,
    assignment: &Assignment,
    metadata: Metadata,
    at: Millis,
) -> Result<(), AppError> {
    assignments::insert_event(
        conn,
        &AssignmentEvent {
            id: Uuid::now_v7().to_string(),
            kind: kind.as_str().to_owned(),
            assignment_id: assignment.id.to_string(),
            agent_id: assignment.agent_id.to_string(),
            metadata,
            created_at: at,
        },
    )?;
    Ok(())
}

impl Workspace {
    /// Gives an agent its first assignment (or a new one after revocation of the last).
    /// Refused while it has an active one: that is extended with
    /// [`Workspace::update_assignment`].
    pub fn assign(&self, agent: AgentId, draft: AssignmentDraft) -> Result<Assignment, AppError> {
        let assignment = self.write(|tx| {
            let found = registry::existing(tx, agent)?;
            if found.is_revoked() {
                return Err(Conflict::AgentRevoked.into());
            }
            if assignments::active(tx, agent)?.is_some() {
                return Err(Conflict::AssignmentExists.into());
            }
            let now = self.clock.now();
            let assignment =
                draft.into_assignment(AssignmentId::from_uuid(Uuid::now_v7()), agent, now);
            assignments::insert(tx, &assignment)?;
            record_event(tx, EventKind::Assigned, &assignment, Metadata::new(), now)?;
            Ok(assignment)
        })?;
        self.emit(Entity::Assignment, assignment.id, Change::Created);
        Ok(assignment)
    }

    /// Extends the agent's active allow-list. Re-running the same update changes nothing
    /// (`changed=false, reused=true`); otherwise the active row is superseded
    /// (`assignment.superseded`, `superseded_by`) and its successor inserted (`task.assigned`,
    /// `superseded_assignment_id`), all in one transaction.
    pub fn update_assignment(
        &self,
        agent: AgentId,
        update: &ValidUpdate,
    ) -> Result<AssignmentUpdated, AppError> {
        let updated = self.write(|tx| {
            let found = registry::existing(tx, agent)?;
            if found.is_revoked() {
                return Err(Conflict::AgentRevoked.into());
            }
            supersede_and_insert(tx, agent, update, || self.clock.now())
        })?;
        if updated.changed {
            if let Some(old) = updated.superseded_assignment_id {
                self.emit(Entity::Assignment, old, Change::Updated);
            }
            self.emit(Entity::Assignment, updated.assignment.id, Change::Created);
        }
        Ok(updated)
    }

    /// The agent's active assignment.
    pub fn active_assignment(&self, agent: AgentId) -> Result<Option<Assignment>, AppError> {
        self.read(|conn| Ok(assignments::active(conn, agent)?))
    }
}

/// Looks up, merges, supersedes and inserts, inside the caller's transaction. `now` is read
/// only once the transaction holds the write lock.
pub(crate) fn supersede_and_insert(
    conn: &Connection,
    agent: AgentId,
    update: &ValidUpdate,
    now: impl FnOnce() -> Millis,
) -> Result<AssignmentUpdated, AppError> {
    let active =
        assignments::active(conn, agent)?.ok_or(AssignmentError::NoActiveAssignment { agent })?;
    if update.expect.is_some_and(|expected| expected != active.id) {
        return Err(AssignmentError::StaleUpdate.into());
    }
    let draft = match plan_update(&active, update) {
        UpdatePlan::Reused => {
            return Ok(AssignmentUpdated {
                changed: false,
                reused: true,
                assignment: active,
                superseded_assignment_id: None,
            });
        }
        UpdatePlan::Supersede(draft) => draft,
    };
    let now = now();
    let mut successor = draft.into_assignment(AssignmentId::from_uuid(Uuid::now_v7()), agent, now);
    successor
        .metadata
        .insert(SUPERSEDED_ASSIGNMENT_ID.to_owned(), active.id.to_string());
    supersede(conn, active.id, successor.id, now)?;
    match assignments::insert(conn, &successor) {
        Err(adiuva_store::rusqlite::Error::SqliteFailure(e, _))
            if e.code == adiuva_store::rusqlite::ErrorCode::ConstraintViolation =>
        {
            // Another row became active for the agent: the same answer as a lost race.
            return Err(AssignmentError::StaleUpdate.into());
        }
        other => other?,
    }
    record_event(
        conn,
        EventKind::Superseded,
        &active,
        Metadata::from([(SUPERSEDED_BY.to_owned(), successor.id.to_string())]),
        now,
    )?;
    record_event(
        conn,
        EventKind::Assigned,
        &successor,
        Metadata::from([(SUPERSEDED_ASSIGNMENT_ID.to_owned(), active.id.to_string())]),
        now,
    )?;
    Ok(AssignmentUpdated {
        changed: true,
        reused: false,
        assignment: successor,
        superseded_assignment_id: Some(active.id),
    })
}

/// Ends `old` as superseded by `by`; zero rows (it is no longer active) is a stale update.
pub(crate) fn supersede(
    conn: &Connection,
    old: AssignmentId,
    by: AssignmentId,
    at: Millis,
) -> Result<(), AppError> {
    if assignments::supersede(conn, old, by, at)? {
        Ok(())
    } else {
        Err(AssignmentError::StaleUpdate.into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use adiuva_domain::{AssignmentUpdate, NewAgent, NewAssignment};

    /// The zero-row branch: superseding a row that is no longer active writes nothing and
    /// answers `assignment_stale_update`, whatever the caller believed.
    #[test]
    fn superseding_a_row_that_is_no_longer_active_is_a_stale_update() {
        let dir = tempfile::tempdir().unwrap();
        let ws = Workspace::open(dir.path()).unwrap();
        let agent = ws
            .add_agent(
                NewAgent {
                    name: "ext".into(),
                    kind: None,
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        let first = ws
            .assign(
                agent.id,
                NewAssignment {
                    allow: vec!["create_task".into()],
                    reason: Some("triage".into()),
                    ..NewAssignment::default()
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        let update = AssignmentUpdate {
            add_allow: vec!["update_task:status".into()],
            reason: Some("more".into()),
            ..AssignmentUpdate::default()
        }
        .validate()
        .unwrap();
        let second = ws.update_assignment(agent.id, &update).unwrap().assignment;

        let before = ws.show_agent(agent.id).unwrap();
        let err = ws
            .write(|tx| {
                supersede(
                    tx,
                    first.id,
                    AssignmentId::from_uuid(Uuid::now_v7()),
                    Millis(9),
                )
            })
            .unwrap_err();
        assert!(
            matches!(err, AppError::Assignment(AssignmentError::StaleUpdate)),
            "{err:?}"
        );
        assert_eq!(err.code(), adiuva_domain::ErrorCode::AssignmentStaleUpdate);
        let after = ws.show_agent(agent.id).unwrap();
        assert_eq!(after.history, before.history, "nothing was written");
        assert_eq!(after.active.map(|a| a.id), Some(second.id));
    }
}
