//! The review queue's use cases: list (by kind, agent, project), the badge count, approve,
//! edit then approve, reject, snooze, all of them in bulk, and undo of the last decision.
//! Each decision is one ledger entry per item (decided by `human`) and one batch on the undo
//! stack holding the items' columns before it.

use adiuva_domain::{
    AgentId, CheckpointChanges, CheckpointId, Decision, ItemKind, Millis, NoteChanges, NoteId,
    Outcome, ReviewAction, ReviewChange, ReviewFilter, ReviewItem, Rule, TaskChanges, TaskId,
};
use adiuva_store::{Connection, items, review};
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use uuid::Uuid;

use super::{
    ledger::{self, NewEntry},
    tagging::{ItemRef, retag},
};
use crate::{AppError, Change, Conflict, Entity, Workspace, checkpoints, notes, tasks};

/// The most suggestions one listing returns.
pub const REVIEW_LIMIT: u32 = 500;
/// The longest snooze: a year (a longer one is a rejection in disguise).
pub const SNOOZE_MAX: std::time::Duration = std::time::Duration::from_secs(366 * 24 * 3_600);

/// Changes a person makes to a suggestion before approving it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    Task(TaskChanges),
    Checkpoint(CheckpointChanges),
    Note(NoteChanges),
}

/// What a decision did.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReviewDone {
    pub action: ReviewAction,
    pub items: Vec<ItemRef>,
    /// The ledger entries recording it, one per item.
    pub ledger_ids: Vec<String>,
}

impl Workspace {
    /// Suggestions matching `filter`, oldest first (snoozed ones only when asked for).
    pub fn review_queue(&self, filter: &ReviewFilter) -> Result<Vec<ReviewItem>, AppError> {
        let now = self.clock.now();
        self.read(|conn| Ok(review::queue(conn, filter, now, REVIEW_LIMIT)?))
    }

    /// Suggestions waiting now: the badge count.
    pub fn review_count(&self) -> Result<u64, AppError> {
        let now = self.clock.now();
        self.read(|conn| Ok(review::pending_count(conn, now)?))
    }

    /// Approves the items: they become ordinary work (and their tags final).
    pub fn approve(&self, items: &[ItemRef]) -> Result<ReviewDone, AppError> {
        self.decide(ReviewAction::Approve, items, |tx, item, _, now| {
            review::approve(tx, item.kind, item.id, now)?;
            Ok(())
        })
    }

    /// Applies a person's changes to one suggestion, then approves it.
    pub fn edit_and_approve(&self, item: ItemRef, edit: Edit) -> Result<ReviewDone, AppError> {
        let mut edit = Some(edit);
        self.decide(ReviewAction::EditApprove, &[item], |tx, item, _, now| {
            match (item.kind, edit.take()) {
                (ItemKind::Task, Some(Edit::Task(c))) => {
                    tasks::update(tx, TaskId::from_uuid(item.id), c, now)?;
                }
                (ItemKind::Checkpoint, Some(Edit::Checkpoint(c))) => {
                    checkpoints::update(tx, CheckpointId::from_uuid(item.id), c, now)?;
                }
                (ItemKind::Note, Some(Edit::Note(c))) => {
                    notes::update(tx, NoteId::from_uuid(item.id), c, now)?;
                }
                _ => return Err(Conflict::NotInReview.into()),
            }
            review::approve(tx, item.kind, item.id, now)?;
            Ok(())
        })
    }

    /// Rejects the items. A rejected new item is kept (for the ledger and undo) and never
    /// shown as work; rejected tags are taken back (the columns they set restored) and the
    /// item waits for tags again.
    pub fn reject(&self, items: &[ItemRef]) -> Result<ReviewDone, AppError> {
        self.decide(ReviewAction::Reject, items, |tx, item, change, now| {
            match change {
                ReviewChange::Created => review::reject_created(tx, item.kind, item.id, now)?,
                ReviewChange::Tags => {
                    if let Some(columns) = review::previous_columns(tx, item.kind, item.id)? {
                        items::restore(tx, item.kind, item.id, &columns, now)?;
                    }
                    review::clear_tags_review(tx, item.kind, item.id)?;
                    retag(tx, item, now)?;
                }
            }
            Ok(())
        })
    }

    /// Hides the items from the queue for `duration`, at most [`SNOOZE_MAX`].
    pub fn snooze(
        &self,
        items: &[ItemRef],
        duration: std::time::Duration,
    ) -> Result<ReviewDone, AppError> {
        let span = i64::try_from(duration.min(SNOOZE_MAX).as_millis()).unwrap_or(i64::MAX);
        self.decide(ReviewAction::Snooze, items, |tx, item, _, now| {
            let until = Millis(now.0.saturating_add(span));
            review::snooze(tx, item.kind, item.id, until, now)?;
            Ok(())
        })
    }

    /// Undoes the last decision (a bulk one as a whole): each item gets back the columns it
    /// had before. Answers the items restored; none when there is nothing to undo.
    pub fn undo_review(&self) -> Result<Vec<ItemRef>, AppError> {
        let now = self.clock.now();
        let restored = self.write(|tx| {
            let batch = review::last_batch(tx)?;
            let mut restored = Vec::new();
            for decided in &batch {
                let Ok(id) = Uuid::try_parse(&decided.item_id) else {
                    continue;
                };
                let item = ItemRef::new(decided.kind, id);
                if items::restore(tx, item.kind, item.id, &decided.before, now)? {
                    ledger::append(
                        tx,
                        human_entry(
                            "review.undo",
                            item,
                            proposer(tx, item)?,
                            json!({ "undone": decided.ledger_id, "action": decided.action }),
                        ),
                        now,
                    )?;
                    restored.push(item);
                }
            }
            if let Some(first) = batch.first() {
                review::mark_undone(tx, &first.batch, now)?;
            }
            Ok(restored)
        })?;
        self.announce(&restored);
        Ok(restored)
    }

    /// One decision over `items` in one transaction: each must be waiting for review.
    fn decide(
        &self,
        action: ReviewAction,
        items: &[ItemRef],
        mut apply: impl FnMut(&Connection, ItemRef, ReviewChange, Millis) -> Result<(), AppError>,
    ) -> Result<ReviewDone, AppError> {
        let now = self.clock.now();
        let batch = Uuid::now_v7().to_string();
        let ledger_ids = self.write(|tx| {
            let mut ids = Vec::with_capacity(items.len());
            for item in items {
                let change = review::waiting(tx, item.kind, item.id)?
                    .ok_or_else(|| AppError::not_found(item.entity(), item.id))?
                    .ok_or(Conflict::NotInReview)?;
                let before = items::fields(tx, item.kind, item.id)?.unwrap_or_default();
                let agent = proposer(tx, *item)?;
                apply(tx, *item, change, now)?;
                // Undo puts back only what the decision changed, so a later edit survives it.
                let after = items::fields(tx, item.kind, item.id)?.unwrap_or_default();
                let before: serde_json::Map<String, Value> = before
                    .into_iter()
                    .filter(|(k, v)| k != "updated_at" && after.get(k) != Some(v))
                    .collect();
                let entry = ledger::append(
                    tx,
                    human_entry(
                        &format!("review.{action}"),
                        *item,
                        agent,
                        json!({ "change": change }),
                    ),
                    now,
                )?;
                review::push_decision(
                    tx,
                    &review::Decided {
                        batch: batch.clone(),
                        ledger_id: entry.id.clone(),
                        kind: item.kind,
                        item_id: item.id.to_string(),
                        action,
                        before,
                        decided_at: now,
                    },
                )?;
                ids.push(entry.id);
            }
            Ok(ids)
        })?;
        self.announce(items);
        Ok(ReviewDone {
            action,
            items: items.to_vec(),
            ledger_ids,
        })
    }

    fn announce(&self, items: &[ItemRef]) {
        for item in items {
            self.emit(item.entity(), item.id, Change::Updated);
        }
        if !items.is_empty() {
            self.emit(Entity::Review, "queue", Change::Updated);
            self.emit(Entity::Ledger, "ledger", Change::Created);
        }
    }
}

/// The agent whose suggestion an item is: its creator, else the agent whose tags wait.
fn proposer(conn: &Connection, item: ItemRef) -> Result<Option<AgentId>, AppError> {
    let fields = items::fields(conn, item.kind, item.id)?.unwrap_or_default();
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_owned);
    let from_tags = text(fields.get("tags_previous"))
        .and_then(|t| serde_json::from_str::<Value>(&t).ok())
        .and_then(|p| text(p.get("agent_id")));
    Ok(text(fields.get("created_by_agent"))
        .or(from_tags)
        .and_then(|a| Uuid::try_parse(&a).ok())
        .map(AgentId::from_uuid))
}

/// A person's decision as a ledger entry.
fn human_entry(action: &str, item: ItemRef, agent: Option<AgentId>, arguments: Value) -> NewEntry {
    let arguments_hash = ledger::hash(adiuva_agent::canonical_json(&arguments).as_bytes());
    NewEntry {
        actor: "user".to_owned(),
        agent_id: agent,
        assignment_id: None,
        action: action.to_owned(),
        planned: json!({ "item": item.label() }),
        arguments,
        arguments_hash,
        decision: Decision::Allow,
        rule: Rule::Human,
        outcome: Outcome::Ok,
        error_code: None,
        result: None,
        result_hash: ledger::hash(b""),
        affected: vec![item.label()],
        idempotency_key: None,
    }
}
