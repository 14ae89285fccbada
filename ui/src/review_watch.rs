//! The review badge as the app drives it: the count of suggestions waiting, asked again after
//! every workspace change, and taken from the shell whenever its own look at the queue finds
//! it changed (an agent in another process, such as `adiuva mcp`, writes to the same workspace
//! without this window hearing of it).

use leptos::{prelude::*, task::spawn_local};

use crate::{
    context::Ctx,
    ipc,
    state::vault::{Gate, gate},
};

impl Ctx {
    fn recount_review(&self) {
        let ctx = *self;
        let open = self
            .vault
            .with_untracked(|s| gate(s.as_ref(), false) == Gate::Open);
        if !open {
            return;
        }
        spawn_local(async move {
            // A failed count keeps the last one; the next change or tick asks again.
            if let Ok(n) = ipc::review_count().await
                && ctx.review_waiting.get_untracked() != Some(n)
            {
                ctx.review_waiting.try_set(Some(n));
            }
        });
    }
}

/// Keeps `ctx.review_waiting` current for the life of the app.
pub fn watch_review(ctx: Ctx) {
    Effect::new(move |_| {
        ctx.revision.track();
        ctx.vault.track();
        ctx.recount_review();
    });
    spawn_local(async move {
        let subscribed = ipc::on_review_count(move |n| {
            if ctx.review_waiting.get_untracked() != Some(n) {
                ctx.review_waiting.set(Some(n));
            }
        })
        .await;
        if let Err(err) = subscribed {
            ctx.fail(&err);
        }
    });
}
