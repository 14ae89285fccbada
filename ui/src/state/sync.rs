//! Sync and backups as the UI sees them: the shell's answers, what the sidebar's status
//! indicator says for each moment, when a sync round should start, and the sentences for
//! the refusals of syncing and backups.

use adiuva_domain::{ErrorCode, ErrorReport};
use chrono::NaiveDateTime;
use serde::Deserialize;

use super::{account::AccountStatus, sync_progress::SyncProgress};

/// What one sync round moved (`sync_now`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub pulled: u64,
    pub quarantined: u64,
    pub rounds: u32,
}

/// What waits between rounds (`sync_status`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct SyncCounts {
    pub signed_in: bool,
    /// Local changes not yet on the server.
    pub pending: u64,
    /// Received records set aside because they did not open.
    pub quarantined: u64,
}

/// One backup on the server (`list_backups`, `create_backup`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct BackupMetadata {
    pub id: String,
    pub version: u32,
    /// When the snapshot was taken (ms since 1970).
    pub timestamp: i64,
    pub checksum: String,
    pub chunk_count: u64,
    pub size_bytes: u64,
    /// When the server stored it (ms since 1970).
    pub created_at: i64,
}

/// An automatic backup the shell took, or why it could not (`backup://scheduled`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ScheduledBackup {
    Stored { backup: BackupMetadata },
    Failed { error: ErrorReport },
}

/// How sync went, as the app remembers it between rounds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncState {
    pub running: bool,
    /// How far the running round is, when the shell has said (a large round).
    pub progress: Option<SyncProgress>,
    /// When the last round succeeded, in local time.
    pub last_success: Option<NaiveDateTime>,
    /// Why the last round failed; cleared by a round that succeeds.
    pub last_error: Option<ErrorReport>,
    /// The last `sync_status` answer.
    pub counts: Option<SyncCounts>,
    /// Failed rounds in a row (the backoff's exponent).
    pub failures: u32,
    /// When the retry after a passing failure is due, in local time; the periodic round
    /// holds off until then.
    pub next_attempt: Option<NaiveDateTime>,
}

/// The indicator's state; its `data-state` attribute, which styles and tests read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    SignedOut,
    Syncing,
    Synced,
    Pending,
    Error,
    Offline,
}

impl Phase {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::SignedOut => "signed-out",
            Self::Syncing => "syncing",
            Self::Synced => "synced",
            Self::Pending => "pending",
            Self::Error => "error",
            Self::Offline => "offline",
        }
    }
}

/// What the sidebar's indicator shows: its state, its text and its tooltip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Indicator {
    pub phase: Phase,
    pub text: String,
    pub title: String,
}

fn changes(n: u64) -> String {
    if n == 1 {
        "1 change waiting".to_owned()
    } else {
        format!("{n} changes waiting")
    }
}

/// The indicator for this moment. A running round wins, then a failure (so it is not hidden
/// behind older news), then changes waiting, then the last success.
pub fn indicator(
    account: Option<&AccountStatus>,
    sync: &SyncState,
    vault_unlocked: bool,
) -> Indicator {
    let Some(account) = account.filter(|a| a.signed_in) else {
        return Indicator {
            phase: Phase::SignedOut,
            text: "Not syncing".to_owned(),
            title: "Not signed in to a sync server. Open Settings → Account to sign in.".to_owned(),
        };
    };
    let server = account.server_url.as_deref().unwrap_or("the server");
    if sync.running {
        let (text, title) = match &sync.progress {
            Some(progress) if progress.total > 0 => (
                format!("Syncing {}%", progress.percent()),
                format!("{} with {server}", progress.describe()),
            ),
            _ => ("Syncing…".to_owned(), format!("Syncing with {server}")),
        };
        return Indicator {
            phase: Phase::Syncing,
            text,
            title,
        };
    }
    if let Some(err) = &sync.last_error {
        let offline = err.code == ErrorCode::Offline;
        return Indicator {
            phase: if offline {
                Phase::Offline
            } else {
                Phase::Error
            },
            text: if offline { "Offline" } else { "Sync failed" }.to_owned(),
            title: match sync.next_attempt {
                Some(at) => format!(
                    "{} Next attempt at {}.",
                    sync_failure(err, account.server_url.as_deref()),
                    at.format("%H:%M:%S")
                ),
                None => sync_failure(err, account.server_url.as_deref()),
            },
        };
    }
    let pending = sync.counts.map_or(0, |c| c.pending);
    if pending > 0 || !vault_unlocked {
        let title = if vault_unlocked {
            "Local changes not yet on the server; they go with the next sync.".to_owned()
        } else {
            "The vault is locked: unlock it to sync.".to_owned()
        };
        return Indicator {
            phase: Phase::Pending,
            text: if pending > 0 {
                changes(pending)
            } else {
                "Waiting to sync".to_owned()
            },
            title,
        };
    }
    match sync.last_success {
        Some(at) => Indicator {
            phase: Phase::Synced,
            text: format!("Synced {}", at.format("%H:%M")),
            title: format!(
                "Everything is on {server} (last sync {}).",
                at.format("%H:%M")
            ),
        },
        None => Indicator {
            phase: Phase::Pending,
            text: "Waiting to sync".to_owned(),
            title: format!("Signed in to {server}; the first sync starts shortly."),
        },
    }
}

/// Why a sync round or a backup did not happen, with the fix.
pub fn sync_failure(report: &ErrorReport, server_url: Option<&str>) -> String {
    let server = server_url.unwrap_or("the server");
    match report.code {
        ErrorCode::Unavailable => format!(
            "The system keyring is unavailable, so this device cannot read its sign-in ({}).",
            report.message
        ),
        ErrorCode::Offline => match report.retry_after_secs {
            Some(secs) => format!(
                "The server at {server} is busy and asked to wait {secs} s; sync tries again \
                 then by itself."
            ),
            None => format!(
                "Cannot reach the server at {server}; check the address or your connection. \
                 Sync tries again by itself, soon at first, then less often."
            ),
        },
        ErrorCode::Unauthorized => "The server no longer accepts this device's sign-in: sign \
                                    out and sign in again in Settings → Account."
            .to_owned(),
        ErrorCode::Locked => "The vault is locked: unlock it to sync.".to_owned(),
        _ => report.message.clone(),
    }
}

/// What a backup's refusal says; "no backup yet" reads as such rather than as a failure.
pub fn backup_failure(report: &ErrorReport, server_url: Option<&str>) -> String {
    match report.code {
        ErrorCode::NotFound => "There is no backup on the server yet.".to_owned(),
        _ => sync_failure(report, server_url),
    }
}

/// Why a sync round is asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trigger {
    /// Sync became possible: the app started, the person signed in or unlocked.
    Start,
    /// The periodic round.
    Tick,
    /// Local edits settled.
    Change,
    /// "Sync now".
    Manual,
    /// The retry after a passing failure, once its backoff has elapsed.
    Retry,
}

/// Decides when rounds run: never two at once; an edit or a "Sync now" arriving during a
/// round runs one more round after it (its changes may have missed the running one), while
/// a tick or a start during a round is already served by it.
#[derive(Clone, Copy, Debug, Default)]
pub struct SyncPlan {
    running: bool,
    again: bool,
}

impl SyncPlan {
    /// True when a round should start now; it then counts as running.
    pub fn request(&mut self, trigger: Trigger) -> bool {
        if self.running {
            if matches!(trigger, Trigger::Change | Trigger::Manual) {
                self.again = true;
            }
            return false;
        }
        self.running = true;
        true
    }

    /// A round ended; true when another should start now (it then counts as running).
    pub fn finish(&mut self) -> bool {
        let again = std::mem::take(&mut self.again);
        self.running = again;
        again
    }

    /// Forgets a queued round (after signing out).
    pub fn cancel(&mut self) {
        self.again = false;
    }
}

/// Whether a workspace change calls for a sync: edits do; the vault's own events (locking,
/// a sync that pulled, a restore) do not, or every sync would cause the next. A payload the
/// UI cannot read still means something changed.
pub fn is_edit(entity: Option<&str>) -> bool {
    entity != Some("vault")
}

/// How long edits must pause before they are synced.
pub const SYNC_DEBOUNCE_MS: u64 = 2_000;
/// How often sync runs while nothing happens (and how soon an offline device retries).
pub const SYNC_EVERY_SECS: u64 = 60;

/// Trailing debounce: only the last of a burst of edits, once `SYNC_DEBOUNCE_MS` passed
/// without another, asks for a round.
#[derive(Clone, Copy, Debug, Default)]
pub struct Debounce {
    generation: u64,
}

impl Debounce {
    /// Records an edit; the answer is its ticket, to check when the delay is over.
    pub fn bump(&mut self) -> u64 {
        self.generation += 1;
        self.generation
    }

    /// True when no edit came after the one holding `ticket`.
    pub fn is_last(&self, ticket: u64) -> bool {
        self.generation == ticket
    }
}

/// A size in bytes as people read it: "812 B", "4.2 KB", "1.5 MB".
pub fn size_label(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} B");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if value < 10.0 {
        format!("{value:.1} {}", UNITS[unit])
    } else {
        format!("{value:.0} {}", UNITS[unit])
    }
}

/// When a backup was taken, in local time: "Mar 4, 2025 14:03".
pub fn backup_label(at: NaiveDateTime) -> String {
    at.format("%b %-d, %Y %H:%M").to_string()
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn signed_in() -> AccountStatus {
        AccountStatus {
            signed_in: true,
            server_url: Some("http://127.0.0.1:8080".into()),
            email: Some("ana@example.com".into()),
        }
    }

    fn at(h: u32, m: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2025, 3, 4)
            .and_then(|d| d.and_hms_opt(h, m, 0))
            .expect("a valid time")
    }

    fn counts(pending: u64) -> Option<SyncCounts> {
        Some(SyncCounts {
            signed_in: true,
            pending,
            quarantined: 0,
        })
    }

    #[test]
    fn the_indicator_says_what_matters_most() {
        let account = signed_in();
        let out = indicator(None, &SyncState::default(), true);
        assert_eq!(
            (out.phase, out.text.as_str()),
            (Phase::SignedOut, "Not syncing")
        );
        let out = indicator(Some(&AccountStatus::default()), &SyncState::default(), true);
        assert_eq!(out.phase, Phase::SignedOut);

        let synced = SyncState {
            last_success: Some(at(12, 3)),
            counts: counts(0),
            ..SyncState::default()
        };
        let out = indicator(Some(&account), &synced, true);
        assert_eq!(
            (out.phase, out.text.as_str()),
            (Phase::Synced, "Synced 12:03")
        );

        let waiting = SyncState {
            counts: counts(3),
            ..synced.clone()
        };
        let out = indicator(Some(&account), &waiting, true);
        assert_eq!(
            (out.phase, out.text.as_str()),
            (Phase::Pending, "3 changes waiting")
        );
        assert_eq!(
            indicator(
                Some(&account),
                &SyncState {
                    counts: counts(1),
                    ..synced.clone()
                },
                true
            )
            .text,
            "1 change waiting"
        );

        let running = SyncState {
            running: true,
            last_error: Some(ErrorReport::new(ErrorCode::Internal, "boom")),
            ..waiting
        };
        let out = indicator(Some(&account), &running, true);
        assert_eq!((out.phase, out.text.as_str()), (Phase::Syncing, "Syncing…"));
        let pulling = SyncState {
            progress: Some(SyncProgress {
                phase: crate::state::sync_progress::SyncPhase::Downloading,
                done: 1_200,
                total: 48_000,
            }),
            ..running.clone()
        };
        let out = indicator(Some(&account), &pulling, true);
        assert_eq!(out.text, "Syncing 2%");
        assert!(
            out.title
                .starts_with("Downloading 1\u{2009}200 of 48\u{2009}000 changes with "),
            "{}",
            out.title
        );

        let failed = SyncState {
            running: false,
            ..running
        };
        let out = indicator(Some(&account), &failed, true);
        assert_eq!(
            (out.phase, out.text.as_str(), out.title.as_str()),
            (Phase::Error, "Sync failed", "boom")
        );

        let offline = SyncState {
            last_error: Some(ErrorReport::new(
                ErrorCode::Offline,
                "cannot reach the server",
            )),
            ..waiting
        };
        let out = indicator(Some(&account), &offline, true);
        assert_eq!((out.phase, out.text.as_str()), (Phase::Offline, "Offline"));
        assert!(
            out.title
                .contains("Cannot reach the server at http://127.0.0.1:8080"),
            "{}",
            out.title
        );

        let out = indicator(Some(&account), &SyncState::default(), true);
        assert_eq!(
            (out.phase, out.text.as_str()),
            (Phase::Pending, "Waiting to sync")
        );
        let out = indicator(Some(&account), &synced, false);
        assert_eq!(out.phase, Phase::Pending);
        assert!(out.title.contains("unlock"));
    }

    #[test]
    fn phases_have_the_attribute_values_styles_and_tests_read() {
        let all = [
            Phase::SignedOut,
            Phase::Syncing,
            Phase::Synced,
            Phase::Pending,
            Phase::Error,
            Phase::Offline,
        ];
        let names: Vec<_> = all.iter().map(|p| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "signed-out",
                "syncing",
                "synced",
                "pending",
                "error",
                "offline"
            ]
        );
    }

    fn report(code: ErrorCode, field: Option<&str>) -> ErrorReport {
        ErrorReport {
            field: field.map(str::to_owned),
            ..ErrorReport::new(code, "raw message")
        }
    }

    #[test]
    fn sync_and_backup_failures_say_the_fix() {
        let offline = sync_failure(&report(ErrorCode::Offline, None), Some("http://h:1"));
        assert!(offline.starts_with("Cannot reach the server at http://h:1; check the address"));
        let keyring = sync_failure(&report(ErrorCode::Unavailable, None), Some("http://h:1"));
        assert!(keyring.starts_with("The system keyring is unavailable"));
        assert!(
            sync_failure(&report(ErrorCode::Unauthorized, None), None).contains("sign in again")
        );
        assert!(sync_failure(&report(ErrorCode::Locked, None), None).contains("unlock"));
        assert_eq!(
            sync_failure(&report(ErrorCode::Conflict, None), None),
            "raw message"
        );
        assert_eq!(
            backup_failure(&report(ErrorCode::NotFound, None), None),
            "There is no backup on the server yet."
        );
    }

    #[test]
    fn rounds_never_overlap_and_edits_during_one_run_once_more() {
        let mut plan = SyncPlan::default();
        assert!(plan.request(Trigger::Start));
        assert!(!plan.request(Trigger::Tick));
        assert!(!plan.finish(), "a tick during a round is served by it");
        assert!(plan.request(Trigger::Tick));
        assert!(!plan.request(Trigger::Change));
        assert!(!plan.request(Trigger::Manual));
        assert!(plan.finish(), "edits during a round get one more");
        assert!(
            !plan.request(Trigger::Start),
            "the extra round counts as running"
        );
        assert!(!plan.finish());
        assert!(plan.request(Trigger::Manual));
        assert!(!plan.request(Trigger::Change));
        plan.cancel();
        assert!(!plan.finish());
        assert!(plan.request(Trigger::Change));
    }

    #[test]
    fn only_edits_settled_for_the_delay_sync() {
        assert!(is_edit(Some("task")));
        assert!(is_edit(None));
        assert!(!is_edit(Some("vault")));
        let mut debounce = Debounce::default();
        let first = debounce.bump();
        let second = debounce.bump();
        assert!(!debounce.is_last(first));
        assert!(debounce.is_last(second));
    }

    #[test]
    fn sizes_and_dates_read_naturally() {
        assert_eq!(size_label(812), "812 B");
        assert_eq!(size_label(4_300), "4.2 KB");
        assert_eq!(size_label(1_572_864), "1.5 MB");
        assert_eq!(size_label(52_428_800), "50 MB");
        assert_eq!(backup_label(at(14, 3)), "Mar 4, 2025 14:03");
    }
}
