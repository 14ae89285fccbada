//! `adiuva review …`

use adiuva_app::{AppError, ItemRef, Workspace};
use adiuva_domain::{
    ItemKind, ProjectId, ReviewChange, ReviewFilter, ReviewItem, ValidationError,
    validation::Reason,
};
use std::time::Duration;
use uuid::Uuid;

use crate::{
    CliError,
    agent_args::ReviewCommand,
    output::{Output, lines},
};

pub fn run(ws: &Workspace, command: ReviewCommand, out: &Output) -> Result<(), CliError> {
    match command {
        ReviewCommand::List {
            kind,
            agent,
            project,
            all,
        } => {
            let filter = ReviewFilter {
                kind: kind.map(Into::into),
                agent_id: agent.map(|a| ws.find_agent(&a)).transpose()?.map(|a| a.id),
                project_id: project
                    .map(|p| ProjectId::parse(&p, "project"))
                    .transpose()?,
                include_snoozed: all,
            };
            let items = ws.review_queue(&filter)?;
            out.print(&items, |list| {
                lines(list, "Nothing waits for review.", line)
            });
        }
        ReviewCommand::Approve { items } => {
            let done = ws.approve(&resolve(ws, &items)?)?;
            out.print(&done, |d| format!("approved {}", d.items.len()));
        }
        ReviewCommand::Reject { items } => {
            let done = ws.reject(&resolve(ws, &items)?)?;
            out.print(&done, |d| format!("rejected {}", d.items.len()));
        }
        ReviewCommand::Snooze { items, duration } => {
            let done = ws.snooze(&resolve(ws, &items)?, span(&duration)?)?;
            out.print(&done, |d| {
                format!("snoozed {} for {duration}", d.items.len())
            });
        }
        ReviewCommand::Undo => {
            let restored = ws.undo_review()?;
            out.print(&restored, |r| {
                if r.is_empty() {
                    "Nothing to undo.".to_owned()
                } else {
                    format!("undid the decision on {}", r.len())
                }
            });
        }
    }
    Ok(())
}

/// `kind:id`, or an id looked up in the queue (snoozed items included).
fn resolve(ws: &Workspace, items: &[String]) -> Result<Vec<ItemRef>, CliError> {
    let mut queue: Option<Vec<ReviewItem>> = None;
    items
        .iter()
        .map(|text| {
            let invalid = || ValidationError::new("item", Reason::InvalidId);
            if let Some((kind, id)) = text.split_once(':') {
                let kind: ItemKind = kind.parse().map_err(|_| invalid())?;
                let id = Uuid::try_parse(id.trim()).map_err(|_| invalid())?;
                return Ok(ItemRef::new(kind, id));
            }
            let id = Uuid::try_parse(text.trim()).map_err(|_| invalid())?;
            let queue = match &queue {
                Some(q) => q,
                None => queue.insert(ws.review_queue(&ReviewFilter {
                    include_snoozed: true,
                    ..ReviewFilter::default()
                })?),
            };
            queue
                .iter()
                .find(|i| i.id == id.to_string())
                .map(|i| ItemRef::new(i.kind, id))
                .ok_or_else(|| {
                    AppError::NotFound {
                        entity: adiuva_app::Entity::Review,
                        id: text.clone(),
                    }
                    .into()
                })
        })
        .collect()
}

/// `30m`, `4h`, `2d`: at least a minute, at most a year.
fn span(text: &str) -> Result<Duration, CliError> {
    let bad = || CliError::BadDuration(text.to_owned());
    let text = text.trim();
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: u64 = number.parse().map_err(|_| bad())?;
    let seconds = match unit {
        "m" => 60,
        "h" => 3_600,
        "d" => 86_400,
        _ => return Err(bad()),
    };
    let span = Duration::from_secs(n.saturating_mul(seconds));
    if span < Duration::from_secs(60) || span > Duration::from_secs(366 * 86_400) {
        return Err(bad());
    }
    Ok(span)
}

fn line(i: &ReviewItem) -> String {
    let what = match i.change {
        ReviewChange::Created => "new",
        ReviewChange::Tags => "tags",
    };
    let by = i
        .agent_id
        .map(|a| a.to_string())
        .unwrap_or_else(|| i.origin.to_string());
    let why = i
        .rationale
        .as_deref()
        .map(|r| format!("  — {r}"))
        .unwrap_or_default();
    format!("{}:{}  {what:<4}  {}  by {by}{why}", i.kind, i.id, i.title)
}
