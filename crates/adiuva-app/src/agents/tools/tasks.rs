//! The task and comment tools.

use adiuva_agent::args::tasks::{
    AddTaskComment, CommentRef, CreateTask, ListTasks, TaskRef, UpdateTask,
};
use adiuva_domain::{Author, CommentId, ItemKind, Scopes, TaskId};
use adiuva_store::{Connection, comments as stored_comments, review, tasks as stored_tasks};
use serde_json::json;
use uuid::Uuid;

use super::{Ctx, Done, ItemRef, listed, place_of, quoted, rationale, uuid, value};
use crate::{AppError, Change, Entity, comments, tasks};

/// Where a comment's task is filed.
pub(super) fn comment_place(
    conn: &Connection,
    scopes: Scopes,
    comment: &str,
) -> Result<Scopes, AppError> {
    let task = uuid(comment)
        .map(|id| stored_comments::get(conn, CommentId::from_uuid(id)))
        .transpose()?
        .flatten()
        .map(|c| c.task_id.to_string());
    match task {
        Some(task) => place_of(conn, scopes, ItemKind::Task, &task),
        None => Ok(scopes),
    }
}

pub(super) fn list(ctx: &Ctx<'_>, args: &ListTasks) -> Result<Done, AppError> {
    let query = args.filter().validate()?;
    let list: Vec<_> = stored_tasks::list(ctx.conn, &query)?
        .into_iter()
        .filter(|t| ctx.visible("tasks", t.project_id))
        .collect();
    Ok(Done::new(
        json!({ "tasks": value(&list), "count": list.len() }),
        listed("task", &list, |t| &t.title),
    ))
}

pub(super) fn due_today(ctx: &Ctx<'_>) -> Result<Done, AppError> {
    let list: Vec<_> = stored_tasks::due_on(ctx.conn, ctx.today)?
        .into_iter()
        .filter(|t| ctx.visible("tasks", t.project_id))
        .collect();
    Ok(Done::new(
        json!({ "tasks": value(&list), "count": list.len(), "day": ctx.today }),
        listed("task due today", &list, |t| &t.title),
    ))
}

pub(super) fn create(ctx: &Ctx<'_>, args: &CreateTask) -> Result<Done, AppError> {
    let draft = args.new_task().validate()?;
    let why = rationale(args.rationale.as_deref())?;
    let id = TaskId::from_uuid(Uuid::now_v7());
    tasks::insert(ctx.conn, &draft.into_task(id, ctx.now))?;
    review::mark_suggested(
        ctx.conn,
        ItemKind::Task,
        *id.as_uuid(),
        ctx.caller,
        why.as_deref(),
    )?;
    let task = tasks::existing(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "task": value(&task), "review": "pending" }),
        format!(
            "Proposed task {} ({id}); it waits for the person's review.",
            quoted(&task.title)
        ),
    )
    .suggested(
        ItemRef::new(ItemKind::Task, *id.as_uuid()),
        args.auto_tag.unwrap_or(true),
    ))
}

pub(super) fn update(ctx: &Ctx<'_>, args: &UpdateTask) -> Result<Done, AppError> {
    let id = TaskId::parse(&args.task_id, "task_id")?;
    let (task, changed) = tasks::update(ctx.conn, id, args.patch().validate()?, ctx.now)?;
    let structured = json!({ "task": value(&task), "changed": changed });
    Ok(if changed {
        Done::new(structured, format!("Updated task {}.", quoted(&task.title))).wrote(
            Entity::Task,
            id,
            Change::Updated,
        )
    } else {
        Done::new(
            structured,
            format!("Task {} already had these values.", quoted(&task.title)),
        )
    })
}

pub(super) fn delete(ctx: &Ctx<'_>, args: &TaskRef) -> Result<Done, AppError> {
    let id = TaskId::parse(&args.task_id, "task_id")?;
    tasks::delete(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "deleted": { "kind": "task", "id": id } }),
        format!("Deleted task {id}."),
    )
    .wrote(Entity::Task, id, Change::Deleted))
}

pub(super) fn comments(ctx: &Ctx<'_>, args: &TaskRef) -> Result<Done, AppError> {
    let id = TaskId::parse(&args.task_id, "task_id")?;
    tasks::existing(ctx.conn, id)?;
    let list = stored_comments::list_for_task(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "comments": value(&list), "count": list.len() }),
        listed("comment", &list, |c| &c.content),
    ))
}

pub(super) fn comment(ctx: &Ctx<'_>, args: &AddTaskComment) -> Result<Done, AppError> {
    let comment = args.new_comment().validate()?.into_comment(
        CommentId::from_uuid(Uuid::now_v7()),
        Author::Agent(ctx.caller.to_string()),
        ctx.now,
    );
    comments::insert(ctx.conn, &comment)?;
    Ok(Done::new(
        json!({ "comment": value(&comment) }),
        format!("Commented on task {}.", comment.task_id),
    )
    .wrote(Entity::Comment, comment.id, Change::Created))
}

pub(super) fn delete_comment(ctx: &Ctx<'_>, args: &CommentRef) -> Result<Done, AppError> {
    let id = CommentId::parse(&args.comment_id, "comment_id")?;
    comments::delete(ctx.conn, id)?;
    Ok(Done::new(
        json!({ "deleted": { "kind": "comment", "id": id } }),
        format!("Deleted comment {id}."),
    )
    .wrote(Entity::Comment, id, Change::Deleted))
}
