//! The workspace-wide tools: search, the tagging work queue, tag write-back, re-tag.

use adiuva_agent::args::workspace::{ItemArg, ListPendingTagging, Search, SubmitTags};
use adiuva_domain::{
    SearchKind, TagSource, ValidationError,
    limits::SEARCH_QUERY_MAX_CHARS,
    validation::{Reason, single_line},
};
use adiuva_store::{search, tagging as stored};
use serde_json::json;

use super::{Ctx, Done, ItemRef, listed, uuid, value};
use crate::{
    AppError, Change, Entity,
    agents::tagging::{self, state},
};

/// The project a `project:` tag names, if any (for the call's scopes).
pub(super) fn project_tag(tags: &[String]) -> Option<String> {
    tags.iter().find_map(|t| {
        let (key, value) = t.split_once(':')?;
        key.trim()
            .eq_ignore_ascii_case("project")
            .then(|| value.trim().to_owned())
    })
}

pub(super) fn search(ctx: &Ctx<'_>, args: &Search) -> Result<Done, AppError> {
    let text = single_line(&args.query, "query", SEARCH_QUERY_MAX_CHARS)?;
    let limit = args.limit.unwrap_or(20).clamp(1, crate::SEARCH_LIMIT_MAX);
    let hits: Vec<_> = search::search(ctx.conn, &text, limit)?
        .into_iter()
        .filter(|h| {
            let table = match h.kind {
                SearchKind::Project => "projects",
                SearchKind::Task | SearchKind::Comment => "tasks",
                SearchKind::Checkpoint => "checkpoints",
                SearchKind::Note => "notes",
            };
            ctx.visible(table, h.project_id)
        })
        .collect();
    Ok(Done::new(
        json!({ "hits": value(&hits), "count": hits.len() }),
        listed("hit", &hits, |h| &h.title),
    ))
}

pub(super) fn pending(ctx: &Ctx<'_>, args: &ListPendingTagging) -> Result<Done, AppError> {
    let limit = args.limit.unwrap_or(50).clamp(1, 500);
    let items: Vec<_> = stored::pending(ctx.conn, args.kind, limit)?
        .into_iter()
        .filter(|i| ctx.visible(i.kind.table(), i.project_id))
        .collect();
    Ok(Done::new(
        json!({ "items": value(&items), "count": items.len() }),
        listed("item waiting for tags", &items, |i| &i.title),
    ))
}

fn item(kind: adiuva_domain::ItemKind, id: &str) -> Result<ItemRef, AppError> {
    uuid(id)
        .map(|id| ItemRef::new(kind, id))
        .ok_or_else(|| ValidationError::new("id", Reason::InvalidId).into())
}

pub(super) fn submit_tags(ctx: &Ctx<'_>, args: &SubmitTags) -> Result<Done, AppError> {
    let item = item(args.kind, &args.id)?;
    let write = args.input().validate()?;
    tagging::write_back(
        ctx.conn,
        item,
        &write,
        TagSource::Agent(ctx.caller),
        ctx.now,
    )?;
    let tagging = state(ctx.conn, item)?;
    let text = format!(
        "Tagged {} {} with {}; the tags wait for the person's review.",
        item.kind,
        item.id,
        if write.tags.is_empty() {
            "no tags".to_owned()
        } else {
            write.tags.join(", ")
        }
    );
    let mut done = Done::new(json!({ "item": item, "tagging": value(&tagging) }), text).wrote(
        item.entity(),
        item.id,
        Change::Updated,
    );
    done.events
        .push((Entity::Review, item.id.to_string(), Change::Updated));
    Ok(done)
}

pub(super) fn retag(ctx: &Ctx<'_>, args: &ItemArg) -> Result<Done, AppError> {
    let item = item(args.kind, &args.id)?;
    tagging::retag(ctx.conn, item, ctx.now)?;
    let tagging = state(ctx.conn, item)?;
    let mut done = Done::new(
        json!({ "item": item, "tagging": value(&tagging) }),
        format!("{} {} waits for tags again.", item.kind, item.id),
    )
    .wrote(item.entity(), item.id, Change::Updated);
    done.tag_later.push(item);
    Ok(done)
}
