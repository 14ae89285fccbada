//! Use cases of tasks: create (one or many), read, list and filter, edit, move, delete.

use adiuva_domain::{
    ItemKind, Millis, Task, TaskChanges, TaskDraft, TaskId, TaskQuery, TaskStatus,
};
use adiuva_store::{Connection, tasks};
use uuid::Uuid;

use crate::{AppError, Change, Entity, Workspace, projects::require_open_project};

impl Workspace {
    /// Creates a task, filed under an active project when the draft names one.
    pub fn create_task(&self, draft: TaskDraft) -> Result<Task, AppError> {
        let task = draft.into_task(TaskId::from_uuid(Uuid::now_v7()), self.clock.now());
        self.write(|tx| insert(tx, &task))?;
        self.emit(Entity::Task, task.id, Change::Created);
        self.ask_tagger(ItemKind::Task, *task.id.as_uuid(), true);
        Ok(task)
    }

    /// Creates many tasks in one transaction (imports, bulk agent output): all or none.
    /// Returns the new ids in input order.
    pub fn create_tasks(&self, drafts: Vec<TaskDraft>) -> Result<Vec<TaskId>, AppError> {
        let now = self.clock.now();
        let ids = self.write(|tx| {
            let mut checked = Vec::new();
            let mut ids = Vec::with_capacity(drafts.len());
            for draft in drafts {
                if let Some(project) = draft.project_id
                    && !checked.contains(&project)
                {
                    require_open_project(tx, project)?;
                    checked.push(project);
                }
                let task = draft.into_task(TaskId::from_uuid(Uuid::now_v7()), now);
                tasks::insert(tx, &task)?;
                ids.push(task.id);
            }
            Ok(ids)
        })?;
        for id in &ids {
            self.emit(Entity::Task, id, Change::Created);
            self.ask_tagger(ItemKind::Task, *id.as_uuid(), true);
        }
        Ok(ids)
    }

    /// One task.
    pub fn get_task(&self, id: TaskId) -> Result<Task, AppError> {
        self.read(|conn| existing(conn, id))
    }

    /// Tasks matching a filter (project, status, priority, words), sorted as asked.
    pub fn list_tasks(&self, query: &TaskQuery) -> Result<Vec<Task>, AppError> {
        self.read(|conn| Ok(tasks::list(conn, query)?))
    }

    /// Tasks due today (the user's local day), open ones first.
    pub fn tasks_due_today(&self) -> Result<Vec<Task>, AppError> {
        let today = self.clock.today();
        self.read(|conn| Ok(tasks::due_on(conn, today)?))
    }

    /// Open tasks whose due date has passed, oldest first.
    pub fn overdue_tasks(&self) -> Result<Vec<Task>, AppError> {
        let today = self.clock.today();
        self.read(|conn| Ok(tasks::overdue(conn, today)?))
    }

    /// Edits a task's fields; moving it to another project requires that project to be active.
    pub fn update_task(&self, id: TaskId, changes: TaskChanges) -> Result<Task, AppError> {
        let now = self.clock.now();
        let (task, changed) = self.write(|tx| update(tx, id, changes, now))?;
        if changed {
            self.emit(Entity::Task, id, Change::Updated);
        }
        Ok(task)
    }

    /// Moves a task to another status column (what dragging a card does).
    pub fn move_task(&self, id: TaskId, status: TaskStatus) -> Result<Task, AppError> {
        self.update_task(id, TaskChanges::status(status))
    }

    /// Deletes a task and its comments.
    pub fn delete_task(&self, id: TaskId) -> Result<(), AppError> {
        self.write(|tx| delete(tx, id))?;
        self.emit(Entity::Task, id, Change::Deleted);
        Ok(())
    }
}

pub(crate) fn existing(conn: &Connection, id: TaskId) -> Result<Task, AppError> {
    tasks::get(conn, id)?.ok_or_else(|| AppError::not_found(Entity::Task, id))
}

/// Inserts a new task, filed under an active project when it names one (inside the
/// caller's transaction: the use case above, or an agent's call).
pub(crate) fn insert(conn: &Connection, task: &Task) -> Result<(), AppError> {
    if let Some(project) = task.project_id {
        require_open_project(conn, project)?;
    }
    tasks::insert(conn, task)?;
    Ok(())
}

/// Applies changes to a task; answers it and whether anything changed.
pub(crate) fn update(
    conn: &Connection,
    id: TaskId,
    changes: TaskChanges,
    now: Millis,
) -> Result<(Task, bool), AppError> {
    let mut task = existing(conn, id)?;
    if let Some(project) = changes.target_project()
        && task.project_id != Some(project)
    {
        require_open_project(conn, project)?;
    }
    let changed = !changes.apply(&mut task, now).is_empty();
    if changed {
        tasks::update(conn, &task)?;
    }
    Ok((task, changed))
}

pub(crate) fn delete(conn: &Connection, id: TaskId) -> Result<(), AppError> {
    if !tasks::delete(conn, id)? {
        return Err(AppError::not_found(Entity::Task, id));
    }
    Ok(())
}
