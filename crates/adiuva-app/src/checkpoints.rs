//! Use cases of checkpoints (dated project milestones).

use adiuva_domain::{
    Checkpoint, CheckpointChanges, CheckpointDraft, CheckpointId, ItemKind, Millis, ProjectId,
};
use adiuva_store::{Connection, checkpoints};
use uuid::Uuid;

use crate::{AppError, Change, Entity, Workspace, projects::require_open_project};

impl Workspace {
    /// Creates a checkpoint in an active project.
    pub fn create_checkpoint(&self, draft: CheckpointDraft) -> Result<Checkpoint, AppError> {
        let checkpoint =
            draft.into_checkpoint(CheckpointId::from_uuid(Uuid::now_v7()), self.clock.now());
        self.write(|tx| insert(tx, &checkpoint))?;
        self.emit(Entity::Checkpoint, checkpoint.id, Change::Created);
        self.ask_tagger(ItemKind::Checkpoint, *checkpoint.id.as_uuid(), true);
        Ok(checkpoint)
    }

    /// One checkpoint.
    pub fn get_checkpoint(&self, id: CheckpointId) -> Result<Checkpoint, AppError> {
        self.read(|conn| existing(conn, id))
    }

    /// A project's checkpoints by date (its timeline), or those of all active projects.
    pub fn list_checkpoints(
        &self,
        project: Option<ProjectId>,
    ) -> Result<Vec<Checkpoint>, AppError> {
        self.read(|conn| {
            if let Some(project) = project {
                crate::projects::existing_project(conn, project)?;
            }
            Ok(checkpoints::list(conn, project)?)
        })
    }

    /// Edits a checkpoint's title, date or project.
    pub fn update_checkpoint(
        &self,
        id: CheckpointId,
        changes: CheckpointChanges,
    ) -> Result<Checkpoint, AppError> {
        let now = self.clock.now();
        let (checkpoint, changed) = self.write(|tx| update(tx, id, changes, now))?;
        if changed {
            self.emit(Entity::Checkpoint, id, Change::Updated);
        }
        Ok(checkpoint)
    }

    /// Deletes a checkpoint.
    pub fn delete_checkpoint(&self, id: CheckpointId) -> Result<(), AppError> {
        self.write(|tx| delete(tx, id))?;
        self.emit(Entity::Checkpoint, id, Change::Deleted);
        Ok(())
    }
}

pub(crate) fn existing(conn: &Connection, id: CheckpointId) -> Result<Checkpoint, AppError> {
    checkpoints::get(conn, id)?.ok_or_else(|| AppError::not_found(Entity::Checkpoint, id))
}

/// Inserts a new checkpoint into its active project (inside the caller's transaction).
pub(crate) fn insert(conn: &Connection, checkpoint: &Checkpoint) -> Result<(), AppError> {
    require_open_project(conn, checkpoint.project_id)?;
    checkpoints::insert(conn, checkpoint)?;
    Ok(())
}

/// Applies changes to a checkpoint; answers it and whether anything changed.
pub(crate) fn update(
    conn: &Connection,
    id: CheckpointId,
    changes: CheckpointChanges,
    now: Millis,
) -> Result<(Checkpoint, bool), AppError> {
    let mut checkpoint = existing(conn, id)?;
    if let Some(project) = changes.target_project()
        && project != checkpoint.project_id
    {
        require_open_project(conn, project)?;
    }
    let changed = !changes.apply(&mut checkpoint, now).is_empty();
    if changed {
        checkpoints::update(conn, &checkpoint)?;
    }
    Ok((checkpoint, changed))
}

pub(crate) fn delete(conn: &Connection, id: CheckpointId) -> Result<(), AppError> {
    if !checkpoints::delete(conn, id)? {
        return Err(AppError::not_found(Entity::Checkpoint, id));
    }
    Ok(())
}
