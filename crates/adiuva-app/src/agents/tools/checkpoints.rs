//! The checkpoint tools.

use adiuva_agent::args::checkpoints::{
    CheckpointRef, CreateCheckpoint, ListCheckpoints, UpdateCheckpoint,
};
use adiuva_domain::{CheckpointId, ItemKind, ProjectId};
use adiuva_store::{checkpoints as stored, review};
use serde_json::json;
use uuid::Uuid;

use super::{Ctx, Done, ItemRef, listed, quoted, rationale, value};
use crate::{AppError, Change, Entity, checkpoints, projects::existing_project};

pub(super) fn list(ctx: &Ctx<'_>, args: &ListCheckpoints) -> Result<Done, AppError> {
    let project = super::optional_id(args.project_id.as_deref(), "project_id", ProjectId::parse)?;
    if let Some(project) = project {
        existing_project(ctx.conn, project)?;
    }
    let list: Vec<_> = stored::list(ctx.conn, project)?
        .into_iter()
        .filter(|c| ctx.visible("checkpoints", Some(c.project_id)))
        .collect();
    Ok(Done::new(
        json!({ "checkpoints": value(&list), "count": list.len() }),
        listed("checkpoint", &list, |c| &c.title),
    ))
}

pub(super) fn create(ctx: &Ctx<'_>, args: &CreateCheckpoint) -> Result<Done, AppError> {
    let draft = args.new_checkpoint().validate()?;
    let why = rationale(args.rationale.as_deref())?;
    let id = CheckpointId::from_uuid(Uuid::now_v7());
    checkpoints::insert(ctx.conn, &draft.into_checkpoint(id, ctx.now))?;
    review::mark_suggested(
        ctx.conn,
        ItemKind::Checkpoint,
        *id.as_uuid(),
        ctx.caller,
        why.as_deref(),
    )?;
    let checkpoint = checkpoints::existing(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "checkpoint": value(&checkpoint), "review": "pending" }),
        format!(
            "Proposed checkpoint {} on {} ({id}); it waits for the person's review.",
            quoted(&checkpoint.title),
            checkpoint.date
        ),
    )
    .suggested(
        ItemRef::new(ItemKind::Checkpoint, *id.as_uuid()),
        args.auto_tag.unwrap_or(true),
    ))
}

pub(super) fn update(ctx: &Ctx<'_>, args: &UpdateCheckpoint) -> Result<Done, AppError> {
    let id = CheckpointId::parse(&args.checkpoint_id, "checkpoint_id")?;
    let (checkpoint, changed) =
        checkpoints::update(ctx.conn, id, args.patch().validate()?, ctx.now)?;
    let structured = json!({ "checkpoint": value(&checkpoint), "changed": changed });
    Ok(if changed {
        Done::new(
            structured,
            format!("Updated checkpoint {}.", quoted(&checkpoint.title)),
        )
        .wrote(Entity::Checkpoint, id, Change::Updated)
    } else {
        Done::new(
            structured,
            format!(
                "Checkpoint {} already had these values.",
                quoted(&checkpoint.title)
            ),
        )
    })
}

pub(super) fn delete(ctx: &Ctx<'_>, args: &CheckpointRef) -> Result<Done, AppError> {
    let id = CheckpointId::parse(&args.checkpoint_id, "checkpoint_id")?;
    checkpoints::delete(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "deleted": { "kind": "checkpoint", "id": id } }),
        format!("Deleted checkpoint {id}."),
    )
    .wrote(Entity::Checkpoint, id, Change::Deleted))
}
