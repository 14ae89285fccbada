//! Use cases of markdown notes.

use adiuva_domain::{Note, NoteChanges, NoteDraft, NoteId, NoteSummary, ProjectId};
use adiuva_store::{Connection, notes};
use uuid::Uuid;

use crate::{AppError, Change, Entity, Workspace, projects::require_open_project};

impl Workspace {
    /// Creates a note, filed under an active project when the draft names one.
    pub fn create_note(&self, draft: NoteDraft) -> Result<Note, AppError> {
        let note = draft.into_note(NoteId::from_uuid(Uuid::now_v7()), self.clock.now());
        self.write(|tx| {
            if let Some(project) = note.project_id {
                require_open_project(tx, project)?;
            }
            notes::insert(tx, &note)?;
            Ok(())
        })?;
        self.emit(Entity::Note, note.id, Change::Created);
        Ok(note)
    }

    /// One note with its whole body.
    pub fn get_note(&self, id: NoteId) -> Result<Note, AppError> {
        self.read(|conn| existing(conn, id))
    }

    /// Note summaries, most recently edited first; of one project when given.
    pub fn list_notes(&self, project: Option<ProjectId>) -> Result<Vec<NoteSummary>, AppError> {
        self.read(|conn| {
            if let Some(project) = project {
                crate::projects::existing_project(conn, project)?;
            }
            Ok(notes::list(conn, project)?)
        })
    }

    /// Edits a note's title, body or project.
    pub fn update_note(&self, id: NoteId, changes: NoteChanges) -> Result<Note, AppError> {
        let now = self.clock.now();
        let (note, changed) = self.write(|tx| {
            let mut note = existing(tx, id)?;
            if let Some(project) = changes.target_project()
                && note.project_id != Some(project)
            {
                require_open_project(tx, project)?;
            }
            let changed = !changes.apply(&mut note, now).is_empty();
            if changed {
                notes::update(tx, &note)?;
            }
            Ok((note, changed))
        })?;
        if changed {
            self.emit(Entity::Note, id, Change::Updated);
        }
        Ok(note)
    }

    /// Deletes a note.
    pub fn delete_note(&self, id: NoteId) -> Result<(), AppError> {
        self.write(|tx| {
            if !notes::delete(tx, id)? {
                return Err(AppError::not_found(Entity::Note, id));
            }
            Ok(())
        })?;
        self.emit(Entity::Note, id, Change::Deleted);
        Ok(())
    }
}

fn existing(conn: &Connection, id: NoteId) -> Result<Note, AppError> {
    notes::get(conn, id)?.ok_or_else(|| AppError::not_found(Entity::Note, id))
}
