//! The tagging lifecycle on the device (seed 000): the internal tagger's seam and the setting
//! that turns it off, the pending work queue, write-backs stamped with the caller's origin
//! (once, only while pending), the projection of tags onto columns, and re-tag.

use adiuva_domain::{ItemKind, Millis, TagSource, TagWrite, Tagging, TaggingStatus};
use adiuva_store::{
    Connection, items, settings,
    tagging::{self, PendingItem, TagColumns, TagsReview},
};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use uuid::Uuid;

use crate::{AppError, Change, Entity, Workspace, projects::require_open_project};

/// The setting that lets the internal tagger run (`1`, the default) or leaves tagging to an
/// external agent (`0`).
const INTERNAL_TAGGER: &str = "tagging.internal";

/// A taggable, reviewable item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ItemRef {
    pub kind: ItemKind,
    pub id: Uuid,
}

impl ItemRef {
    pub const fn new(kind: ItemKind, id: Uuid) -> Self {
        Self { kind, id }
    }

    /// `task:<id>`, as the ledger lists affected records.
    pub fn label(&self) -> String {
        format!("{}:{}", self.kind, self.id)
    }

    pub(crate) fn entity(&self) -> Entity {
        match self.kind {
            ItemKind::Task => Entity::Task,
            ItemKind::Checkpoint => Entity::Checkpoint,
            ItemKind::Note => Entity::Note,
        }
    }
}

/// The internal tagger (built with the chat and search issues, on the person's provider or
/// local embeddings). The workspace hands it items to tag; it answers later through
/// [`Workspace::apply_auto_tags`].
pub trait Tagger: Send + Sync {
    /// Must not block: it runs on the thread that committed the item.
    fn enqueue(&self, item: ItemRef);
}

impl Workspace {
    /// Whether the internal tagger may run. Off, new items stay pending for an external agent
    /// and nothing is queued for a tagger that will not run.
    pub fn internal_tagging(&self) -> Result<bool, AppError> {
        self.read(internal_tagging_on)
    }

    /// The capability switch in settings.
    pub fn set_internal_tagging(&self, on: bool) -> Result<(), AppError> {
        self.write(|tx| {
            Ok(settings::set(
                tx,
                INTERNAL_TAGGER,
                if on { "1" } else { "0" },
            )?)
        })
    }

    /// Hands a committed item to the internal tagger when tagging is on, a tagger is
    /// attached and the creator did not opt out (`auto_tag`); otherwise it stays pending.
    pub(crate) fn ask_tagger(&self, kind: ItemKind, id: Uuid, auto_tag: bool) {
        let Some(tagger) = self.tagger.as_ref().filter(|_| auto_tag) else {
            return;
        };
        // A failed read means no tagging, never a failed create.
        if self.internal_tagging().unwrap_or(false) {
            tagger.enqueue(ItemRef::new(kind, id));
        }
    }

    /// An item's tagging state.
    pub fn tagging(&self, item: ItemRef) -> Result<Tagging, AppError> {
        self.read(|conn| state(conn, item))
    }

    /// The pending work queue, oldest first (rejected suggestions excluded).
    pub fn pending_tagging(
        &self,
        kind: Option<ItemKind>,
        limit: u32,
    ) -> Result<Vec<PendingItem>, AppError> {
        self.read(|conn| Ok(tagging::pending(conn, kind, limit.clamp(1, 500))?))
    }

    /// The person writes an item's tags (a `manual` write-back).
    pub fn set_tags(&self, item: ItemRef, write: &TagWrite) -> Result<Tagging, AppError> {
        let now = self.clock.now();
        let tagging = self.write(|tx| {
            write_back(tx, item, write, TagSource::Manual, now)?;
            state(tx, item)
        })?;
        self.emit(item.entity(), item.id, Change::Updated);
        Ok(tagging)
    }

    /// The internal tagger's answer: applied only while the item is still pending (a person
    /// or an agent who tagged it meanwhile wins); the tags then wait for review. Answers
    /// whether they were applied.
    pub fn apply_auto_tags(&self, item: ItemRef, write: &TagWrite) -> Result<bool, AppError> {
        let now = self.clock.now();
        let applied = self.write(|tx| {
            if state(tx, item)?.status != TaggingStatus::Pending {
                return Ok(false);
            }
            write_back(tx, item, write, TagSource::Auto, now)?;
            Ok(true)
        })?;
        if applied {
            self.emit(item.entity(), item.id, Change::Updated);
            self.emit(Entity::Review, item.id, Change::Updated);
        }
        Ok(applied)
    }

    /// Puts an item back in the pending queue (and asks the internal tagger again, when on).
    pub fn retag(&self, item: ItemRef) -> Result<Tagging, AppError> {
        let now = self.clock.now();
        let tagging = self.write(|tx| {
            retag(tx, item, now)?;
            state(tx, item)
        })?;
        self.emit(item.entity(), item.id, Change::Updated);
        self.ask_tagger(item.kind, item.id, true);
        Ok(tagging)
    }
}

pub(crate) fn internal_tagging_on(conn: &Connection) -> Result<bool, AppError> {
    Ok(settings::get(conn, INTERNAL_TAGGER)?.as_deref() != Some("0"))
}

fn not_found(item: ItemRef) -> AppError {
    AppError::not_found(item.entity(), item.id)
}

pub(crate) fn state(conn: &Connection, item: ItemRef) -> Result<Tagging, AppError> {
    tagging::state(conn, item.kind, item.id)?.ok_or_else(|| not_found(item))
}

/// Writes tags and their projection. A pending item becomes tagged with `source`'s origin;
/// a tagged one keeps the origin it has (never re-stamped). Tags from the tagger or an agent
/// wait for review, keeping the columns they replaced so a rejection can put them back.
pub(crate) fn write_back(
    conn: &Connection,
    item: ItemRef,
    write: &TagWrite,
    source: TagSource,
    now: Millis,
) -> Result<(), AppError> {
    let before = state(conn, item)?;
    let projection = write.projection(item.kind);
    if let Some(project) = projection.project_id {
        let current = items::project(conn, item.kind, item.id)?.flatten();
        if current != Some(project) {
            require_open_project(conn, project)?;
        }
    }
    let review = if !source.needs_review() {
        TagsReview::Clear
    } else if before.review_pending {
        TagsReview::Keep
    } else {
        TagsReview::Pending {
            previous: json!({
                "origin": source.origin(),
                "agent_id": source.agent(),
                "at": now.0,
                "columns": projected(conn, item)?,
            })
            .to_string(),
        }
    };
    let stamp =
        (before.status == TaggingStatus::Pending).then(|| (source.origin(), source.agent()));
    tagging::write(
        conn,
        item.kind,
        item.id,
        &TagColumns {
            tags: write.tags.clone(),
            labels: projection.labels,
            priority: projection.priority,
            due: projection.due,
            project_id: projection.project_id,
        },
        stamp,
        &review,
        now,
    )?;
    Ok(())
}

/// The item's tags and the columns tags project onto, as they are now.
fn projected(conn: &Connection, item: ItemRef) -> Result<Map<String, Value>, AppError> {
    let fields = items::fields(conn, item.kind, item.id)?.ok_or_else(|| not_found(item))?;
    Ok(tagging::projected_columns(item.kind)
        .into_iter()
        .filter_map(|c| fields.get(c).map(|v| (c.to_owned(), v.clone())))
        .collect())
}

pub(crate) fn retag(conn: &Connection, item: ItemRef, now: Millis) -> Result<(), AppError> {
    if tagging::retag(conn, item.kind, item.id, now)? {
        Ok(())
    } else {
        Err(not_found(item))
    }
}
