//! One sync round with the signed-in server: capture local changes as stamped fields, pull
//! the change feed and merge it in (quarantining what does not open), push what is pending in
//! sealed batches (`sync_push.rs`), and go round again while the server reports stale versions.
//!
//! Stamps use each row's `updated_at` (the time of the edit) through this device's hybrid
//! logical clock; fields that changed together between two syncs share one stamp.

use std::borrow::Cow;

use adiuva_crypto::{KeyId, VaultKey};
use adiuva_store::{
    Transaction,
    pull_writes::{PullWrites, RowValues},
    sealed::SYNCED_TABLES,
    sync_rows::{self, SyncRecord},
};
use adiuva_sync::{Apply, Clock, DELETED, Fields, Incoming, Join, Stamp, apply_remote, merge_with};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::{
    AppError, Change as Changed, Conflict, Entity, SyncPhase, SyncProgress, Workspace,
    account::SignedIn, note_text, sync_body::open_changes, sync_capture::capture_changes,
};

/// What one round moved.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub pulled: u64,
    pub quarantined: u64,
    pub rounds: u32,
}

/// What the status indicator shows between rounds.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncStatus {
    pub signed_in: bool,
    /// Local changes not yet on the server.
    pub pending: u64,
    /// Received records set aside because they did not open.
    pub quarantined: u64,
}

/// Rounds before giving up on a server that keeps answering "stale".
const MAX_ROUNDS: u32 = 5;

/// How many incoming changes are applied between two progress reports.
const PROGRESS_EVERY: usize = 500;

/// How many incoming changes are opened together, ahead of applying them.
const OPEN_AT_ONCE: usize = 4096;

/// Where and under which key a sync runs: the signed-in server, the vault's key and id.
pub(crate) struct SyncTarget<'a> {
    pub server: &'a SignedIn,
    pub key: &'a VaultKey,
    pub key_id: KeyId,
    pub vault_id: [u8; 16],
}

/// Why sync could not run on this device (the server's refusals are `CloudError`s).
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error("the sync state stored on this device is damaged: {0}")]
    State(String),
    #[error("this device's clock cannot stamp the change: {0}")]
    Clock(#[from] adiuva_sync::ClockError),
    #[error("no randomness for this device's id: {0}")]
    Random(String),
}

pub(crate) fn load_clock(tx: &Transaction<'_>) -> Result<(Clock, u64), AppError> {
    if let Some((device, cursor, wall, counter)) = sync_rows::meta(tx)? {
        let last = Stamp {
            wall_ms: wall,
            counter,
            device,
        };
        return Ok((Clock::resume(device, last), cursor));
    }
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| SyncError::Random(e.to_string()))?;
    let device = u64::from_be_bytes(bytes);
    sync_rows::put_meta(tx, (device, 0, 0, 0))?;
    Ok((Clock::new(device), 0))
}

pub(crate) fn save_clock(tx: &Transaction<'_>, clock: &Clock, cursor: u64) -> Result<(), AppError> {
    let last = clock.last();
    sync_rows::put_meta(tx, (last.device, cursor, last.wall_ms, last.counter))?;
    Ok(())
}

pub(crate) fn parse_fields(text: &str) -> Result<Fields, AppError> {
    serde_json::from_str(text).map_err(|e| SyncError::State(e.to_string()).into())
}

pub(crate) fn to_text(fields: &Fields) -> String {
    serde_json::to_string(fields).unwrap_or_else(|_| "{}".to_owned())
}

/// The row values of merged fields (a text document's row value is its text).
fn row_values(fields: &Fields) -> RowValues<'_> {
    fields
        .0
        .iter()
        .filter(|(name, _)| name.as_str() != DELETED)
        .map(|(name, stamped)| {
            let value = match &stamped.value {
                Value::Object(_) => {
                    note_text::text_of(&stamped.value).map(|text| Cow::Owned(Value::from(text)))
                }
                _ => None,
            };
            (
                name.as_str(),
                value.unwrap_or(Cow::Borrowed(&stamped.value)),
            )
        })
        .collect()
}

/// Whether `local` holds anything the server's copy `remote` lacks.
fn brings_news(remote: Option<&Fields>, local: &Fields, join: &dyn Join) -> bool {
    remote.is_none_or(|remote| &merge_with(remote, local, join) != remote)
}

impl Workspace {
    /// One sync round: needs the vault unlocked and the device signed in.
    pub fn sync_now(&self) -> Result<SyncReport, AppError> {
        self.sync_reporting(|_| {})
    }

    /// One sync round, telling `on_progress` (and [`Workspace::sync_progress`]) how far it is.
    pub fn sync_reporting(
        &self,
        mut on_progress: impl FnMut(&SyncProgress),
    ) -> Result<SyncReport, AppError> {
        let mut progress = |at: SyncProgress| {
            self.set_sync_progress(Some(at));
            on_progress(&at);
        };
        let synced = self.sync_rounds(&mut progress);
        self.set_sync_progress(None);
        synced
    }

    fn sync_rounds(&self, progress: &mut dyn FnMut(SyncProgress)) -> Result<SyncReport, AppError> {
        let (key, key_id) = self.vault_key()?;
        let vault_id = self.stored_vault()?.vault_id;
        let server = self.signed_in_server()?;
        let target = SyncTarget {
            server: &server,
            key: &key,
            key_id,
            vault_id,
        };
        let mut report = SyncReport::default();
        for round in 1..=MAX_ROUNDS {
            report.rounds = round;
            self.capture()?;
            self.pull(&target, &mut report, progress)?;
            if self.push(&target, &mut report, progress)? == 0 {
                if report.pulled > 0 {
                    self.emit(Entity::Vault, "sync", Changed::Updated);
                }
                return Ok(report);
            }
        }
        Err(Conflict::SyncStale.into())
    }

    /// Whether this device syncs, and what waits.
    pub fn sync_status(&self) -> Result<SyncStatus, AppError> {
        let signed_in = self.account_status()?.signed_in;
        self.read(|conn| {
            Ok(SyncStatus {
                signed_in,
                pending: sync_rows::waiting(conn)?,
                quarantined: sync_rows::quarantined(conn)?.len() as u64,
            })
        })
    }

    /// Records quarantined by sync: `(table, id, version, reason)`.
    pub fn quarantined(&self) -> Result<Vec<(String, String, u64, String)>, AppError> {
        self.read(|conn| Ok(sync_rows::quarantined(conn)?))
    }

    /// Turns rows edited or deleted here into stamped fields waiting to be pushed.
    pub(crate) fn capture(&self) -> Result<(), AppError> {
        let now = self.clock.now();
        self.write(|tx| capture_changes(tx, now))
    }

    /// Pulls the change feed from the cursor and merges every change in, page by page.
    fn pull(
        &self,
        target: &SyncTarget<'_>,
        report: &mut SyncReport,
        progress: &mut dyn FnMut(SyncProgress),
    ) -> Result<(), AppError> {
        // Every page first, then one transaction: a task may arrive pages before its project
        // (the project changed later).
        let mut cursor = self.read(|conn| Ok(sync_rows::meta(conn)?.map_or(0, |m| m.1)))?;
        let mut changes = Vec::new();
        let mut total = None;
        loop {
            let first = total.is_none();
            let page = self.call_server(target.server, |cloud, token| {
                cloud.changes(token, cursor, first)
            })?;
            cursor = page.next;
            changes.extend(page.changes);
            let expected = *total.get_or_insert(page.total.unwrap_or_default());
            // Changes that arrived after the count make the total grow, never the bar go back.
            progress(SyncProgress {
                phase: SyncPhase::Downloading,
                done: changes.len() as u64,
                total: expected.max(changes.len() as u64),
            });
            if !page.more {
                break;
            }
        }
        // Sealed under a newer generation than this device holds: applying what opens and
        // quarantining the rest would set the newest records aside for good. Nothing is taken
        // (the cursor stays) until this device picks the new key up.
        let newest = changes
            .iter()
            .filter_map(|c| c.blob.as_deref())
            .filter_map(|blob| adiuva_crypto::envelope_key_id(blob).ok())
            .max_by_key(|id| id.0);
        if let Some(newer) = newest.filter(|id| id.0 > target.key_id.0) {
            self.note_newer_key(newer)?;
            return Err(Conflict::KeyRotatedElsewhere.into());
        }
        let incoming = changes.len() as u64;
        let now = self.clock.now();
        // Parents before children (the synced tables are listed so), the feed's order kept
        // within a table: a task whose project changed later arrives pages before it.
        changes.sort_by_key(|c| {
            SYNCED_TABLES
                .iter()
                .position(|t| *t == c.table)
                .unwrap_or(SYNCED_TABLES.len())
        });
        self.write(|tx| {
            let (mut clock, _) = load_clock(tx)?;
            let mut written = Vec::new();
            let mut writes = PullWrites::default();
            // Opened a part at a time: a first pull of many records need not hold them all
            // opened at once. (Opening the next part on other threads while this one is
            // applied was slower on two cores: the opening threads took the applying one's.)
            let parts = changes.chunks(OPEN_AT_ONCE).map(|part| {
                let opened = open_changes(part, target.key, target.key_id, target.vault_id);
                (part, opened)
            });
            let mut done = 0;
            for (part, opened) in parts {
                for (change, opened) in part.iter().zip(opened?) {
                    let (opened, sealed_text) = match opened {
                        Ok(opened) => (Ok(opened.fields), Some(opened.text)),
                        Err(unopened) => (Err(unopened), None),
                    };
                    if done % PROGRESS_EVERY == 0 {
                        progress(SyncProgress {
                            phase: SyncPhase::Applying,
                            done: done as u64,
                            total: incoming,
                        });
                    }
                    done += 1;
                    if change.deleted || !SYNCED_TABLES.contains(&change.table.as_str()) {
                        continue;
                    }
                    report.pulled += 1;
                    let local = sync_rows::record(tx, &change.table, &change.id)?;
                    let local_fields = local
                        .as_ref()
                        .map(|r| parse_fields(&r.fields))
                        .transpose()?;
                    // The server's copy is compared with what is kept only when this device
                    // held the record: a new record's fields are not copied for nothing.
                    let remote = local_fields
                        .as_ref()
                        .and_then(|_| opened.as_ref().ok().cloned());
                    let incoming = Incoming {
                        version: change.version,
                        opened,
                    };
                    let seen = local.as_ref().map(|r| r.server_version);
                    let join = note_text::join_for(&change.table);
                    match apply_remote(local_fields.as_ref(), seen, incoming, join) {
                        Apply::Write(merged) => {
                            if let Some(stamp) = merged.max_stamp()
                                && clock
                                    .observe(stamp, u64::try_from(now.0).unwrap_or_default())
                                    .is_err()
                            {
                                sync_rows::quarantine(
                                    tx,
                                    &change.table,
                                    &change.id,
                                    change.version,
                                    "stamped far in the future",
                                    now.0,
                                )?;
                                report.quarantined += 1;
                                continue;
                            }
                            if merged.is_deleted() {
                                writes.delete(tx, &change.table, &change.id)?;
                            } else {
                                writes.upsert(tx, &change.table, &row_values(&merged))?;
                                written.push((change.table.clone(), change.id.clone()));
                            }
                            sync_rows::put_record(
                                tx,
                                &SyncRecord {
                                    table: change.table.clone(),
                                    record_id: change.id.clone(),
                                    // A record new here keeps its fields as sealed.
                                    fields: match (&local_fields, sealed_text) {
                                        (None, Some(text)) => text,
                                        _ => to_text(&merged),
                                    },
                                    server_version: change.version,
                                    // Nothing held here: what is written is the server's copy.
                                    pending: local_fields.is_some()
                                        && brings_news(remote.as_ref(), &merged, join),
                                    deleted: merged.is_deleted(),
                                },
                            )?;
                        }
                        Apply::Unchanged => {
                            if let Some(mut record) = local {
                                record.server_version = change.version;
                                record.pending = local_fields
                                    .as_ref()
                                    .is_some_and(|l| brings_news(remote.as_ref(), l, join));
                                sync_rows::put_record(tx, &record)?;
                            }
                        }
                        Apply::Quarantine(reason) => {
                            sync_rows::quarantine(
                                tx,
                                &change.table,
                                &change.id,
                                change.version,
                                &reason.to_string(),
                                now.0,
                            )?;
                            report.quarantined += 1;
                        }
                    }
                }
            }
            // A record whose parent is gone here (deleted on this device, the deletion not
            // yet pushed) cannot be kept. It is set aside, not deleted everywhere: the
            // parent's deletion will reach the other devices and take it there too.
            for (table, id) in writes.orphans(tx, &written)? {
                writes.delete(tx, &table, &id)?;
                if let Some(mut record) = sync_rows::record(tx, &table, &id)? {
                    let version = record.server_version;
                    record.deleted = true;
                    record.pending = false;
                    sync_rows::put_record(tx, &record)?;
                    sync_rows::quarantine(
                        tx,
                        &table,
                        &id,
                        version,
                        "its parent was deleted on this device",
                        now.0,
                    )?;
                    report.quarantined += 1;
                }
            }
            writes.index(tx)?;
            save_clock(tx, &clock, cursor)
        })?;
        if incoming > 0 {
            progress(SyncProgress {
                phase: SyncPhase::Applying,
                done: incoming,
                total: incoming,
            });
        }
        Ok(())
    }
}
