//! Use cases of projects: create, read, rename, archive and delete.

use adiuva_domain::{
    Millis, Project, ProjectChanges, ProjectDraft, ProjectId, ProjectStatus, ProjectTaskCounts,
    Reason, TaskStatus, ValidationError,
};
use adiuva_store::{Connection, projects, tasks};
use std::collections::BTreeMap;
use uuid::Uuid;

use crate::{AppError, Change, Conflict, Entity, Workspace};

impl Workspace {
    /// Creates an active project.
    pub fn create_project(&self, draft: ProjectDraft) -> Result<Project, AppError> {
        let project = draft.into_project(ProjectId::from_uuid(Uuid::now_v7()), self.clock.now());
        self.write(|tx| Ok(projects::insert(tx, &project)?))?;
        self.emit(Entity::Project, project.id, Change::Created);
        Ok(project)
    }

    /// One project, active or archived.
    pub fn get_project(&self, id: ProjectId) -> Result<Project, AppError> {
        self.read(|conn| existing_project(conn, id))
    }

    /// Projects by name; archived ones too when `include_archived`.
    pub fn list_projects(&self, include_archived: bool) -> Result<Vec<Project>, AppError> {
        self.read(|conn| Ok(projects::list(conn, include_archived)?))
    }

    /// Every project's task counts by status, for project lists and badges.
    pub fn project_task_counts(&self) -> Result<Vec<ProjectTaskCounts>, AppError> {
        let rows = self.read(|conn| Ok(tasks::counts_by_project(conn)?))?;
        let mut counts: BTreeMap<ProjectId, ProjectTaskCounts> = BTreeMap::new();
        for (project_id, status, n) in rows {
            let entry = counts
                .entry(project_id)
                .or_insert_with(|| ProjectTaskCounts::none(project_id));
            match status {
                TaskStatus::Todo => entry.todo = n,
                TaskStatus::InProgress => entry.in_progress = n,
                TaskStatus::Done => entry.done = n,
            }
        }
        Ok(counts.into_values().collect())
    }

    /// Renames a project or changes its client.
    pub fn update_project(
        &self,
        id: ProjectId,
        changes: ProjectChanges,
    ) -> Result<Project, AppError> {
        let now = self.clock.now();
        let (project, changed) = self.write(|tx| update(tx, id, changes, now))?;
        if changed {
            self.emit(Entity::Project, id, Change::Updated);
        }
        Ok(project)
    }

    /// Archives a project: it leaves the sidebar and its tasks leave the board, nothing is lost.
    pub fn archive_project(&self, id: ProjectId) -> Result<Project, AppError> {
        self.set_project_status(id, ProjectStatus::Archived)
    }

    /// Brings an archived project back.
    pub fn unarchive_project(&self, id: ProjectId) -> Result<Project, AppError> {
        self.set_project_status(id, ProjectStatus::Active)
    }

    fn set_project_status(
        &self,
        id: ProjectId,
        status: ProjectStatus,
    ) -> Result<Project, AppError> {
        let now = self.clock.now();
        let (project, changed) = self.write(|tx| set_status(tx, id, status, now))?;
        if changed {
            self.emit(Entity::Project, id, Change::Updated);
        }
        Ok(project)
    }

    /// Deletes an archived project with its tasks, comments and checkpoints; its notes are
    /// kept, unfiled. An active project must be archived first, so one click cannot lose work.
    pub fn delete_project(&self, id: ProjectId) -> Result<(), AppError> {
        self.write(|tx| delete(tx, id))?;
        self.emit(Entity::Project, id, Change::Deleted);
        Ok(())
    }
}

/// Applies changes to a project; answers it and whether anything changed.
pub(crate) fn update(
    conn: &Connection,
    id: ProjectId,
    changes: ProjectChanges,
    now: Millis,
) -> Result<(Project, bool), AppError> {
    let mut project = existing_project(conn, id)?;
    let changed = !changes.apply(&mut project, now).is_empty();
    if changed {
        projects::update(conn, &project)?;
    }
    Ok((project, changed))
}

pub(crate) fn set_status(
    conn: &Connection,
    id: ProjectId,
    status: ProjectStatus,
    now: Millis,
) -> Result<(Project, bool), AppError> {
    let mut project = existing_project(conn, id)?;
    let changed = project.status != status;
    if changed {
        project.status = status;
        project.updated_at = now;
        projects::update(conn, &project)?;
    }
    Ok((project, changed))
}

/// Deletes an archived project (an active one is refused).
pub(crate) fn delete(conn: &Connection, id: ProjectId) -> Result<(), AppError> {
    if existing_project(conn, id)?.status == ProjectStatus::Active {
        return Err(Conflict::ProjectActive.into());
    }
    projects::delete(conn, id)?;
    Ok(())
}

pub(crate) fn existing_project(conn: &Connection, id: ProjectId) -> Result<Project, AppError> {
    projects::get(conn, id)?.ok_or_else(|| AppError::not_found(Entity::Project, id))
}

/// Checks that new work can be filed under `project`: it must exist and be active.
pub(crate) fn require_open_project(conn: &Connection, project: ProjectId) -> Result<(), AppError> {
    match projects::status(conn, project)? {
        None => Err(ValidationError::new("project_id", Reason::UnknownReference).into()),
        Some(ProjectStatus::Archived) => Err(Conflict::ProjectArchived.into()),
        Some(ProjectStatus::Active) => Ok(()),
    }
}
