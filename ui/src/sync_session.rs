//! Sync as the app drives it: the account's status at start, a round whenever sync becomes
//! possible (signed in, vault unlocked), every minute, and once edits have settled for 2 s;
//! never two rounds at once; lists refresh after a round that pulled anything. A round that
//! failed for a passing reason is tried again after the sync engine's backoff (honouring the
//! server's `Retry-After`), and the periodic round holds off meanwhile.

use std::time::Duration;

use adiuva_domain::ErrorReport;
use leptos::{prelude::*, task::spawn_local};

use crate::{
    clock,
    context::Ctx,
    hooks::following_progress,
    ipc,
    state::{
        account::AccountStatus,
        sync::{SYNC_DEBOUNCE_MS, SYNC_EVERY_SECS, SyncState, Trigger, is_edit},
        sync_retry::retry_wait,
        vault::VaultState,
    },
};

impl Ctx {
    /// Asks the shell where this device is signed in.
    pub fn refresh_account(&self) {
        let ctx = *self;
        spawn_local(async move {
            // Without an answer the indicator keeps saying "Not syncing"; the next
            // sign-in or restart asks again.
            if let Ok(status) = ipc::account_status().await {
                ctx.set_account(status);
            }
        });
    }

    /// Takes an account status the shell answered; signing out forgets how sync went.
    pub fn set_account(&self, status: AccountStatus) {
        if !status.signed_in {
            self.sync_plan.update_value(|p| p.cancel());
            self.sync.update(|s| {
                *s = SyncState {
                    running: s.running,
                    ..SyncState::default()
                };
            });
        }
        if self.account.with_untracked(|a| a.as_ref() != Some(&status)) {
            self.account.set(Some(status));
        }
    }

    fn signed_in(&self) -> bool {
        self.account
            .with_untracked(|a| a.as_ref().is_some_and(|a| a.signed_in))
    }

    /// Sync needs the sign-in and the vault key.
    fn sync_possible(&self) -> bool {
        self.signed_in()
            && self
                .vault
                .with_untracked(|s| s.as_ref().is_some_and(|s| s.state == VaultState::Unlocked))
    }

    /// Starts a round unless one runs or sync is not possible now.
    pub fn request_sync(&self, trigger: Trigger) {
        if !self.sync_possible() {
            return;
        }
        // A retry is planned: the periodic round would only knock on a server that asked to
        // wait (a person's "Sync now" and edits still go through).
        let planned = self.sync.with_untracked(|s| s.next_attempt);
        let now = clock::now();
        let waiting = planned.is_some_and(|at| at > now);
        // A retry that a success has made pointless, or that a later failure re-planned.
        let stale_retry = trigger == Trigger::Retry
            && planned.is_none_or(|at| at > now + chrono::Duration::seconds(1));
        if (trigger == Trigger::Tick && waiting) || stale_retry {
            return;
        }
        let start = self
            .sync_plan
            .try_update_value(|p| p.request(trigger))
            .unwrap_or(false);
        if start {
            self.run_sync();
        }
    }

    fn run_sync(&self) {
        let ctx = *self;
        self.sync.update(|s| s.running = true);
        // A large round (a second device's first pull) reports how far it is.
        let show = move |progress| {
            ctx.sync.try_update(|s| {
                if s.running {
                    s.progress = progress;
                }
            });
        };
        spawn_local(async move {
            let answer = following_progress(ipc::sync_progress, show, ipc::sync_now()).await;
            ctx.sync.try_update(|s| s.progress = None);
            match answer {
                Ok(report) => {
                    ctx.sync.update(|s| {
                        s.last_success = Some(clock::now());
                        s.last_error = None;
                        s.failures = 0;
                        s.next_attempt = None;
                    });
                    if report.pulled > 0 {
                        ctx.changed();
                    }
                }
                Err(err) => ctx.schedule_retry(err),
            }
            ctx.refresh_sync_counts().await;
            let again = ctx.sync_plan.try_update_value(|p| p.finish()) == Some(true);
            if again && ctx.sync_possible() {
                ctx.run_sync();
                return;
            }
            if again {
                // Sync stopped being possible meanwhile: the queued round is dropped.
                ctx.sync_plan.update_value(|p| {
                    p.finish();
                });
            }
            ctx.sync.try_update(|s| s.running = false);
        });
    }

    /// Keeps a failed round's report and, for a passing failure, plans the next attempt after
    /// the backoff (the periodic round holds off until then).
    fn schedule_retry(&self, err: ErrorReport) {
        let ctx = *self;
        let failures = self.sync.with_untracked(|s| s.failures).saturating_add(1);
        let wait = retry_wait(&err, failures, js_sys::Math::random());
        self.sync.update(|s| {
            s.last_error = Some(err);
            s.failures = failures;
            s.next_attempt =
                wait.and_then(|w| chrono::Duration::from_std(w).ok().map(|w| clock::now() + w));
        });
        if let Some(wait) = wait {
            set_timeout(move || ctx.request_sync(Trigger::Retry), wait);
        }
    }

    /// Asks what waits and what is quarantined.
    pub async fn refresh_sync_counts(&self) {
        // A failed count keeps the last one; the next round asks again.
        if let Ok(counts) = ipc::sync_status().await {
            self.sync.try_update(|s| s.counts = Some(counts));
        }
    }

    /// A change the shell announced: an edit updates what waits and, once edits have
    /// settled, is synced.
    pub fn note_workspace_change(&self, entity: Option<&str>) {
        if !is_edit(entity) || !self.signed_in() {
            return;
        }
        let ctx = *self;
        spawn_local(async move { ctx.refresh_sync_counts().await });
        let ticket = self.sync_debounce.try_update_value(|d| d.bump());
        set_timeout(
            move || {
                let last = ctx
                    .sync_debounce
                    .try_with_value(|d| ticket.is_some_and(|t| d.is_last(t)));
                if last == Some(true) {
                    ctx.request_sync(Trigger::Change);
                }
            },
            Duration::from_millis(SYNC_DEBOUNCE_MS),
        );
    }
}

/// Starts sync's watchers for the life of the page: the account at start, a round when sync
/// becomes possible, and the periodic round (which is also how an offline device retries).
pub fn watch_sync(ctx: Ctx) {
    ctx.refresh_account();
    Effect::new(move |was: Option<bool>| {
        let signed_in = ctx
            .account
            .with(|a| a.as_ref().is_some_and(|a| a.signed_in));
        let unlocked = ctx
            .vault
            .with(|s| s.as_ref().is_some_and(|s| s.state == VaultState::Unlocked));
        let possible = signed_in && unlocked;
        if possible && was != Some(true) {
            ctx.request_sync(Trigger::Start);
        }
        possible
    });
    set_interval(
        move || ctx.request_sync(Trigger::Tick),
        Duration::from_secs(SYNC_EVERY_SECS),
    );
}
