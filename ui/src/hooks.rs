//! Reactive building blocks shared by pages and components: data resources that refresh
//! with the workspace revision, debounced text, and a long command's progress.

use std::{future::Future, time::Duration};

use adiuva_domain::ErrorReport;
use leptos::{prelude::*, task::spawn_local};

use crate::context::ctx;

/// A resource that re-fetches whenever the workspace changes (and whenever a signal read
/// inside `fetch`, before its future starts, changes).
pub fn workspace_resource<T, Fut>(fetch: impl Fn() -> Fut + 'static) -> LocalResource<T>
where
    T: 'static,
    Fut: Future<Output = T> + 'static,
{
    let revision = ctx().revision;
    LocalResource::new(move || {
        revision.track();
        fetch()
    })
}

/// Text that follows `source` once it has stopped changing for `delay`, so a search runs
/// once per pause instead of once per key. Clearing the text applies at once.
pub fn debounced(source: RwSignal<String>, delay: Duration) -> ReadSignal<String> {
    let (settled, set_settled) = signal(source.get_untracked());
    let generation = StoredValue::new(0_u64);
    Effect::new(move |_| {
        let value = source.get();
        let current = generation.get_value() + 1;
        generation.set_value(current);
        if value.trim().is_empty() {
            set_settled.set(value);
            return;
        }
        set_timeout(
            move || {
                // A newer keystroke, or the component going away, makes this one moot.
                if generation.try_get_value() == Some(current) {
                    set_settled.try_set(value);
                }
            },
            delay,
        );
    });
    settled
}

/// How often a long command's progress is asked for.
const PROGRESS_POLL: Duration = Duration::from_millis(300);

/// Awaits `work` (a long command: a sync round, a backup), meanwhile asking the shell how far
/// it is with `ask` every 300 ms and handing each answer to `show`; asking stops with `work`.
pub async fn following_progress<P, F, T>(
    ask: impl Fn() -> F + Copy + 'static,
    show: impl Fn(Option<P>) + Copy + 'static,
    work: impl Future<Output = T>,
) -> T
where
    P: 'static,
    F: Future<Output = Result<Option<P>, ErrorReport>> + 'static,
{
    let poll = set_interval_with_handle(
        move || {
            spawn_local(async move {
                if let Ok(at) = ask().await {
                    show(at);
                }
            });
        },
        PROGRESS_POLL,
    )
    .ok();
    let done = work.await;
    if let Some(poll) = poll {
        poll.clear();
    }
    done
}
