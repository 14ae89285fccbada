//! Review: what agents proposed, waiting for a person. Filters by kind, agent and project;
//! approve, edit then approve, reject or snooze the focused item or a selection; undo the last
//! decision; all from the keyboard (j/k, a, r, e, s, x, u).

use std::collections::HashMap;

use adiuva_domain::{ItemKind, ProjectId, ReviewFilter, ReviewItem};
use leptos::{ev, prelude::*, task::spawn_local};

use super::review_item::{Decide, ReviewCard};
use crate::{
    components::{
        icons::{Icon, icon},
        loadable::{empty, loaded},
        project_select::project_options,
    },
    context::{Ctx, ctx},
    dom,
    hooks::workspace_resource,
    ipc,
    state::{
        nav::Page,
        review::{Cursor, ItemRef, ReviewKey, count_text, key_of, review_key},
        text::count,
    },
};

/// How long "Snooze" hides a suggestion.
pub const SNOOZE_HOURS: u64 = 24;

/// The review page's shared state: the items as shown, the cursor, the item being edited.
#[derive(Clone, Copy)]
pub struct Queue {
    pub items: Memo<Vec<ReviewItem>>,
    pub cursor: RwSignal<Cursor>,
    /// The key of the item whose edit form is open.
    pub editing: RwSignal<Option<String>>,
    pub busy: RwSignal<bool>,
}

impl Queue {
    fn keys(&self) -> Vec<String> {
        self.items
            .with_untracked(|items| items.iter().map(key_of).collect())
    }

    fn refs(&self, keys: &[String]) -> Vec<ItemRef> {
        self.items.with_untracked(|items| {
            items
                .iter()
                .filter(|i| keys.contains(&key_of(i)))
                .map(ItemRef::of)
                .collect()
        })
    }

    /// Sends one decision on the selection (or the focused item).
    pub fn decide(self, ctx: Ctx, decision: Decide) {
        let keys = self.keys();
        let targets = self.cursor.with_untracked(|c| c.targets(&keys));
        self.decide_on(ctx, decision, targets);
    }

    /// Sends one decision on `targets`; focus moves on once it is done.
    pub fn decide_on(self, ctx: Ctx, decision: Decide, targets: Vec<String>) {
        let items = self.refs(&targets);
        if items.is_empty() || self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let answer = match decision {
                Decide::Approve => ipc::approve_suggestions(&items).await,
                Decide::Reject => ipc::reject_suggestions(&items).await,
                Decide::Snooze => ipc::snooze_suggestions(&items, SNOOZE_HOURS).await,
            };
            self.busy.try_set(false);
            match answer {
                Ok(done) => {
                    let keys = self.keys();
                    self.cursor.try_update(|c| c.decided(&keys, &targets));
                    ctx.changed();
                    ctx.notify(format!(
                        "{} {} (u undoes it)",
                        decision.done_label(),
                        count(done.items.len(), "suggestion", "suggestions")
                    ));
                }
                Err(err) => ctx.fail(&err),
            }
        });
    }

    pub fn undo(self, ctx: Ctx) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        spawn_local(async move {
            let answer = ipc::undo_review().await;
            self.busy.try_set(false);
            match answer {
                Ok(restored) if restored.is_empty() => ctx.notify("Nothing to undo"),
                Ok(restored) => {
                    ctx.changed();
                    ctx.notify(format!(
                        "Undone: {} back in review",
                        count(restored.len(), "suggestion is", "suggestions are")
                    ));
                }
                Err(err) => ctx.fail(&err),
            }
        });
    }

    fn on_key(self, ctx: Ctx, ev: &ev::KeyboardEvent) {
        if ev.default_prevented() || overlay_open(ctx) || self.editing.get_untracked().is_some() {
            return;
        }
        let key = ev.key();
        let Some(command) = review_key(&dom::key_press(ev, &key)) else {
            return;
        };
        ev.prevent_default();
        let keys = self.keys();
        match command {
            ReviewKey::Next => self.cursor.update(|c| c.step(&keys, 1)),
            ReviewKey::Previous => self.cursor.update(|c| c.step(&keys, -1)),
            ReviewKey::ToggleSelect => self.cursor.update(|c| {
                if let Some(focused) = c.focused(&keys).cloned() {
                    c.toggle(&focused);
                }
            }),
            ReviewKey::Approve => self.decide(ctx, Decide::Approve),
            ReviewKey::Reject => self.decide(ctx, Decide::Reject),
            ReviewKey::Snooze => self.decide(ctx, Decide::Snooze),
            ReviewKey::Edit => {
                if let Some(focused) = self.cursor.with_untracked(|c| c.focused(&keys).cloned()) {
                    self.editing.set(Some(focused));
                    dom::focus_later("#review-edit-title");
                }
            }
            ReviewKey::Undo => self.undo(ctx),
        }
        if matches!(command, ReviewKey::Next | ReviewKey::Previous) {
            dom::focus_later(".review-item.is-focused");
        }
    }
}

/// Whether a dialog or panel has the keyboard (the page's keys wait).
fn overlay_open(ctx: Ctx) -> bool {
    ctx.confirm.with_untracked(Option::is_some)
        || ctx.vault_dialog.with_untracked(Option::is_some)
        || ctx.palette.get_untracked()
        || ctx.help.get_untracked()
        || ctx.new_task.with_untracked(Option::is_some)
        || ctx.detail.with_untracked(Option::is_some)
}

#[component]
pub fn ReviewPage() -> impl IntoView {
    let ctx = ctx();
    let kind = RwSignal::new(None::<ItemKind>);
    let agent = RwSignal::new(String::new());
    let project = RwSignal::new(String::new());
    let agents = workspace_resource(ipc::list_agents);
    let names = Memo::new(move |_| {
        agents
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .map(|s| (s.agent.id.to_string(), s.agent.name))
            .collect::<HashMap<_, _>>()
    });
    let queue = workspace_resource(move || {
        let filter = ReviewFilter {
            kind: kind.get(),
            agent_id: agents
                .get()
                .and_then(Result::ok)
                .unwrap_or_default()
                .into_iter()
                .map(|s| s.agent.id)
                .find(|id| id.to_string() == agent.get()),
            project_id: ProjectId::parse(&project.get(), "project").ok(),
            include_snoozed: false,
        };
        async move { ipc::review_queue(&filter).await }
    });
    let state = Queue {
        items: Memo::new(move |_| queue.get().and_then(Result::ok).unwrap_or_default()),
        cursor: RwSignal::new(Cursor::default()),
        editing: RwSignal::new(None),
        busy: RwSignal::new(false),
    };
    let keys = window_event_listener(ev::keydown, move |ev| state.on_key(ctx, &ev));
    on_cleanup(move || keys.remove());

    let filtered =
        move || kind.get().is_some() || !agent.get().is_empty() || !project.get().is_empty();
    let list = move |items: Vec<ReviewItem>| {
        if items.is_empty() {
            let title = if filtered() {
                "Nothing waiting for review here"
            } else {
                "Nothing waiting for review"
            };
            return empty(
                Icon::Inbox,
                title,
                "When an agent you assigned creates a task, checkpoint or note, or tags one, \
                 it waits here until you approve it. Give an agent access on the Agents page.",
            )
            .into_any();
        }
        view! {
            <ul class="review-list" id="review-list" aria-label="Suggestions">
                <For each=move || state.items.get() key=|i| (key_of(i), format!("{:?}", i.fields), i.title.clone()) let:item>
                    <ReviewCard item=item queue=state names=names />
                </For>
            </ul>
        }
        .into_any()
    };
    let selected = move || {
        state.items.with(|items| {
            state.cursor.with(|c| {
                c.selection(&items.iter().map(key_of).collect::<Vec<_>>())
                    .len()
            })
        })
    };
    let all_keys = move || {
        state
            .items
            .with_untracked(|items| items.iter().map(key_of).collect::<Vec<_>>())
    };

    view! {
        <div class="page page-review">
            <header class="page-head">
                <div>
                    <h1 class="page-title">"Review"</h1>
                    <p class="page-sub" id="review-summary">
                        {move || {
                            let n = state.items.with(Vec::len);
                            if n == 0 { "Agents' suggestions wait here for you.".to_owned() } else { format!("{} to decide.", count_text(n)) }
                        }}
                    </p>
                </div>
                <button
                    type="button"
                    class="btn"
                    id="review-undo"
                    title="Undo the last decision (u)"
                    disabled=move || state.busy.get()
                    on:click=move |_| state.undo(ctx)
                >
                    {icon(Icon::Undo)}
                    "Undo"
                    <kbd>"u"</kbd>
                </button>
            </header>
            <div class="review-toolbar">
                <label class="field inline">
                    <span>"Kind"</span>
                    <select
                        id="review-kind"
                        class="input"
                        on:change:target=move |ev| kind.set(ev.target().value().parse().ok())
                    >
                        <option value="">"All"</option>
                        {ItemKind::ALL
                            .iter()
                            .map(|k| view! { <option value=k.to_string()>{kind_label(*k)}</option> })
                            .collect_view()}
                    </select>
                </label>
                <label class="field inline">
                    <span>"Agent"</span>
                    <select id="review-agent" class="input" on:change:target=move |ev| agent.set(ev.target().value())>
                        <option value="">"All"</option>
                        {move || {
                            names
                                .get()
                                .into_iter()
                                .map(|(id, name)| view! { <option value=id>{name}</option> })
                                .collect_view()
                        }}
                    </select>
                </label>
                <label class="field inline">
                    <span>"Project"</span>
                    <select id="review-project" class="input" on:change:target=move |ev| project.set(ev.target().value())>
                        {project_options(move || project.get(), "All")}
                    </select>
                </label>
                <div class="review-bulk" id="review-bulk" class=("is-active", move || selected() > 0)>
                    <button
                        type="button"
                        class="btn btn-ghost"
                        id="review-select-all"
                        title="Select every suggestion shown, or none"
                        on:click=move |_| state.cursor.update(|c| c.toggle_all(&all_keys()))
                    >
                        {move || match selected() {
                            0 => "Select all".to_owned(),
                            n => format!("{n} selected"),
                        }}
                    </button>
                    <button
                        type="button"
                        class="btn btn-primary"
                        id="review-bulk-approve"
                        disabled=move || selected() == 0 || state.busy.get()
                        on:click=move |_| state.decide(ctx, Decide::Approve)
                    >
                        {icon(Icon::Check)}
                        "Approve selected"
                    </button>
                    <button
                        type="button"
                        class="btn btn-danger"
                        id="review-bulk-reject"
                        disabled=move || selected() == 0 || state.busy.get()
                        on:click=move |_| state.decide(ctx, Decide::Reject)
                    >
                        {icon(Icon::Close)}
                        "Reject selected"
                    </button>
                </div>
            </div>
            <p class="hint review-keys">
                <kbd>"j"</kbd>" / "<kbd>"k"</kbd>" move · "<kbd>"x"</kbd>" select · "
                <kbd>"a"</kbd>" approve · "<kbd>"e"</kbd>" edit · "<kbd>"r"</kbd>" reject · "
                <kbd>"s"</kbd>" snooze a day · "<kbd>"u"</kbd>" undo"
            </p>
            {loaded(queue, list)}
            <p class="hint">
                "Rejected suggestions never become work; they stay in the ledger on the "
                <button type="button" class="link" on:click=move |_| ctx.go(Page::Agents)>"Agents"</button>
                " page."
            </p>
        </div>
    }
}

/// A kind of item as a person names it.
pub fn kind_label(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Task => "Task",
        ItemKind::Checkpoint => "Checkpoint",
        ItemKind::Note => "Note",
    }
}
