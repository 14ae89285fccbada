//! The note tools.

use adiuva_agent::args::notes::{CreateNote, ListNotes, NoteRef, UpdateNote};
use adiuva_domain::{ItemKind, NoteId, ProjectId};
use adiuva_store::{notes as stored, review};
use serde_json::json;
use uuid::Uuid;

use super::{Ctx, Done, ItemRef, listed, quoted, rationale, value};
use crate::{AppError, Change, Entity, notes, projects::existing_project};

pub(super) fn list(ctx: &Ctx<'_>, args: &ListNotes) -> Result<Done, AppError> {
    let project = super::optional_id(args.project_id.as_deref(), "project_id", ProjectId::parse)?;
    if let Some(project) = project {
        existing_project(ctx.conn, project)?;
    }
    let list: Vec<_> = stored::list(ctx.conn, project)?
        .into_iter()
        .filter(|n| ctx.visible("notes", n.project_id))
        .collect();
    Ok(Done::new(
        json!({ "notes": value(&list), "count": list.len() }),
        listed("note", &list, |n| &n.title),
    ))
}

pub(super) fn get(ctx: &Ctx<'_>, args: &NoteRef) -> Result<Done, AppError> {
    let note = notes::existing(ctx.conn, NoteId::parse(&args.note_id, "note_id")?)?;
    Ok(Done::new(
        json!({ "note": value(&note) }),
        format!(
            "Note {} ({} characters).",
            quoted(&note.title),
            note.content.chars().count()
        ),
    ))
}

pub(super) fn create(ctx: &Ctx<'_>, args: &CreateNote) -> Result<Done, AppError> {
    let draft = args.new_note().validate()?;
    let why = rationale(args.rationale.as_deref())?;
    let id = NoteId::from_uuid(Uuid::now_v7());
    notes::insert(ctx.conn, &draft.into_note(id, ctx.now))?;
    review::mark_suggested(
        ctx.conn,
        ItemKind::Note,
        *id.as_uuid(),
        ctx.caller,
        why.as_deref(),
    )?;
    let note = notes::existing(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "note": value(&note), "review": "pending" }),
        format!(
            "Proposed note {} ({id}); it waits for the person's review.",
            quoted(&note.title)
        ),
    )
    .suggested(
        ItemRef::new(ItemKind::Note, *id.as_uuid()),
        args.auto_tag.unwrap_or(true),
    ))
}

pub(super) fn update(ctx: &Ctx<'_>, args: &UpdateNote) -> Result<Done, AppError> {
    let id = NoteId::parse(&args.note_id, "note_id")?;
    let (note, changed) = notes::update(ctx.conn, id, args.patch().validate()?, ctx.now)?;
    let structured = json!({ "note": value(&note), "changed": changed });
    Ok(if changed {
        Done::new(structured, format!("Updated note {}.", quoted(&note.title))).wrote(
            Entity::Note,
            id,
            Change::Updated,
        )
    } else {
        Done::new(
            structured,
            format!("Note {} already had these values.", quoted(&note.title)),
        )
    })
}

pub(super) fn delete(ctx: &Ctx<'_>, args: &NoteRef) -> Result<Done, AppError> {
    let id = NoteId::parse(&args.note_id, "note_id")?;
    notes::delete(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "deleted": { "kind": "note", "id": id } }),
        format!("Deleted note {id}."),
    )
    .wrote(Entity::Note, id, Change::Deleted))
}
