//! Use cases of task comments.

use adiuva_domain::{Author, Comment, CommentDraft, CommentId, TaskId};
use adiuva_store::{Connection, comments};
use uuid::Uuid;

use crate::{AppError, Change, Entity, Workspace, tasks};

impl Workspace {
    /// Adds a comment by the workspace's owner to an existing task.
    pub fn add_comment(&self, draft: CommentDraft) -> Result<Comment, AppError> {
        let comment = draft.into_comment(
            CommentId::from_uuid(Uuid::now_v7()),
            Author::User,
            self.clock.now(),
        );
        self.write(|tx| insert(tx, &comment))?;
        self.emit(Entity::Comment, comment.id, Change::Created);
        Ok(comment)
    }

    /// A task's comments, oldest first.
    pub fn list_comments(&self, task: TaskId) -> Result<Vec<Comment>, AppError> {
        self.read(|conn| {
            tasks::existing(conn, task)?;
            Ok(comments::list_for_task(conn, task)?)
        })
    }

    /// Deletes one comment.
    pub fn delete_comment(&self, id: CommentId) -> Result<(), AppError> {
        self.write(|tx| delete(tx, id))?;
        self.emit(Entity::Comment, id, Change::Deleted);
        Ok(())
    }
}

/// Adds a comment to an existing task (inside the caller's transaction).
pub(crate) fn insert(conn: &Connection, comment: &Comment) -> Result<(), AppError> {
    tasks::existing(conn, comment.task_id)?;
    comments::insert(conn, comment)?;
    Ok(())
}

pub(crate) fn delete(conn: &Connection, id: CommentId) -> Result<(), AppError> {
    if !comments::delete(conn, id)? {
        return Err(AppError::not_found(Entity::Comment, id));
    }
    Ok(())
}
