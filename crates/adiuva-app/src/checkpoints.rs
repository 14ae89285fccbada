//! Use cases of checkpoints (dated project milestones).

use adiuva_domain::{Checkpoint, CheckpointChanges, CheckpointDraft, CheckpointId, ProjectId};
use adiuva_store::{Connection, checkpoints};
use uuid::Uuid;

use crate::{AppError, Change, Entity, Workspace, projects::require_open_project};

impl Workspace {
    /// Creates a checkpoint in an active project.
    pub fn create_checkpoint(&self, draft: CheckpointDraft) -> Result<Checkpoint, AppError> {
        let checkpoint =
            draft.into_checkpoint(CheckpointId::from_uuid(Uuid::now_v7()), self.clock.now());
        self.write(|tx| {
            require_open_project(tx, checkpoint.project_id)?;
            checkpoints::insert(tx, &checkpoint)?;
            Ok(())
        })?;
        self.emit(Entity::Checkpoint, checkpoint.id, Change::Created);
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
        let (checkpoint, changed) = self.write(|tx| {
            let mut checkpoint = existing(tx, id)?;
            if let Some(project) = changes.target_project()
                && project != checkpoint.project_id
            {
                require_open_project(tx, project)?;
            }
            let changed = !changes.apply(&mut checkpoint, now).is_empty();
            if changed {
                checkpoints::update(tx, &checkpoint)?;
            }
            Ok((checkpoint, changed))
        })?;
        if changed {
            self.emit(Entity::Checkpoint, id, Change::Updated);
        }
        Ok(checkpoint)
    }

    /// Deletes a checkpoint.
    pub fn delete_checkpoint(&self, id: CheckpointId) -> Result<(), AppError> {
        self.write(|tx| {
            if !checkpoints::delete(tx, id)? {
                return Err(AppError::not_found(Entity::Checkpoint, id));
            }
            Ok(())
        })?;
        self.emit(Entity::Checkpoint, id, Change::Deleted);
        Ok(())
    }
}

fn existing(conn: &Connection, id: CheckpointId) -> Result<Checkpoint, AppError> {
    checkpoints::get(conn, id)?.ok_or_else(|| AppError::not_found(Entity::Checkpoint, id))
}
