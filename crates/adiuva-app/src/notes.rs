//! Use cases of markdown notes.

use adiuva_domain::{
    ItemKind, Millis, Note, NoteChanges, NoteDraft, NoteId, NoteSummary, ProjectId,
};
use adiuva_store::{Connection, notes};
use uuid::Uuid;

use crate::{AppError, Change, Entity, Workspace, projects::require_open_project};

impl Workspace {
    /// Creates a note, filed under an active project when the draft names one.
    pub fn create_note(&self, draft: NoteDraft) -> Result<Note, AppError> {
        let note = draft.into_note(NoteId::from_uuid(Uuid::now_v7()), self.clock.now());
        self.write(|tx| insert(tx, &note))?;
        self.emit(Entity::Note, note.id, Change::Created);
        self.ask_tagger(ItemKind::Note, *note.id.as_uuid(), true);
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
        let (note, changed) = self.write(|tx| update(tx, id, changes, now))?;
        if changed {
            self.emit(Entity::Note, id, Change::Updated);
        }
        Ok(note)
    }

    /// Deletes a note.
    pub fn delete_note(&self, id: NoteId) -> Result<(), AppError> {
        self.write(|tx| delete(tx, id))?;
        self.emit(Entity::Note, id, Change::Deleted);
        Ok(())
    }
}

pub(crate) fn existing(conn: &Connection, id: NoteId) -> Result<Note, AppError> {
    notes::get(conn, id)?.ok_or_else(|| AppError::not_found(Entity::Note, id))
}

/// Inserts a new note, filed under an active project when it names one (inside the caller's
/// transaction).
pub(crate) fn insert(conn: &Connection, note: &Note) -> Result<(), AppError> {
    if let Some(project) = note.project_id {
        require_open_project(conn, project)?;
    }
    notes::insert(conn, note)?;
    Ok(())
}

/// Applies changes to a note; answers it and whether anything changed.
pub(crate) fn update(
    conn: &Connection,
    id: NoteId,
    changes: NoteChanges,
    now: Millis,
) -> Result<(Note, bool), AppError> {
    let mut note = existing(conn, id)?;
    if let Some(project) = changes.target_project()
        && note.project_id != Some(project)
    {
        require_open_project(conn, project)?;
    }
    let changed = !changes.apply(&mut note, now).is_empty();
    if changed {
        notes::update(conn, &note)?;
    }
    Ok((note, changed))
}

pub(crate) fn delete(conn: &Connection, id: NoteId) -> Result<(), AppError> {
    if !notes::delete(conn, id)? {
        return Err(AppError::not_found(Entity::Note, id));
    }
    Ok(())
}
