//! The agents page's activity: the ledger's newest entries (each call an agent made and each
//! review decision), filtered by agent, decision and action, and "Verify ledger", which
//! recomputes the hash chain and shows its head or the first entry that breaks it.

use adiuva_domain::{AgentId, Decision, ErrorReport, LedgerEntry};
use leptos::{prelude::*, task::spawn_local};

use crate::{
    clock,
    components::{
        icons::{Icon, icon},
        loadable::{empty, loaded},
    },
    hooks::workspace_resource,
    ipc,
    state::{
        agents::{
            ActivityFilter, AgentSummary, LedgerReport, action_label, actions, actor_label,
            broken_text, decision_label, outcome_label, verified_text,
        },
        dates::relative_time,
    },
};

/// Entries read at once; the decision and action filters narrow these.
const ACTIVITY_LIMIT: u32 = 500;

#[component]
pub fn Activity(agents: LocalResource<Result<Vec<AgentSummary>, ErrorReport>>) -> impl IntoView {
    let filter = RwSignal::new(ActivityFilter::default());
    let entries = workspace_resource(move || {
        let agent = filter.with(|f| f.agent);
        async move { ipc::list_ledger(agent, ACTIVITY_LIMIT).await }
    });
    let known = Memo::new(move |_| agents.get().and_then(Result::ok).unwrap_or_default());
    let name_of = move |id: &str| {
        known.with(|list| {
            list.iter()
                .find(|s| s.agent.id.to_string() == id)
                .map(|s| s.agent.name.clone())
        })
    };
    let list = move |all: Vec<LedgerEntry>| {
        let shown: Vec<LedgerEntry> =
            filter.with(|f| all.into_iter().filter(|e| f.keeps(e)).collect());
        if shown.is_empty() {
            return empty(
                Icon::List,
                "No activity",
                "Every call an agent makes, allowed or refused, and every review decision is \
                 recorded here.",
            )
            .into_any();
        }
        let now = clock::now();
        view! {
            <ol class="ledger-list" id="ledger-list">
                {shown.into_iter().map(|entry| {
                    let who = actor_label(&entry, name_of);
                    let affected = entry.affected.join(" ");
                    view! {
                        <li
                            class="ledger-entry"
                            data-action=entry.action.clone()
                            data-decision=entry.decision.to_string()
                            data-outcome=entry.outcome.to_string()
                        >
                            <span class="ledger-seq mono">{format!("#{}", entry.seq)}</span>
                            <span class="ledger-when muted">{relative_time(clock::local_time(entry.at), now)}</span>
                            <span class="ledger-what"><strong>{who}</strong>" "{action_label(&entry.action)}</span>
                            <span class="ledger-decision" data-decision=entry.decision.to_string()>{decision_label(&entry)}</span>
                            <span class="ledger-outcome">{outcome_label(&entry)}</span>
                            <span class="ledger-affected mono muted" title=affected>{affected.clone()}</span>
                        </li>
                    }
                }).collect_view()}
            </ol>
        }
        .into_any()
    };
    let action_options = move || {
        entries
            .get()
            .and_then(Result::ok)
            .map(|all| actions(&all))
            .unwrap_or_default()
    };
    view! {
        <section class="activity" aria-labelledby="activity-title">
            <header class="section-head">
                <h2 class="section-title" id="activity-title">"Activity"</h2>
                <Verify />
            </header>
            <div class="review-toolbar">
                <label class="field inline">
                    <span>"Agent"</span>
                    <select
                        id="activity-agent"
                        class="input"
                        on:change:target=move |ev| {
                            let value = ev.target().value();
                            let agent = AgentId::parse(&value, "agent").ok();
                            filter.update(|f| f.agent = agent);
                        }
                    >
                        <option value="">"All"</option>
                        {move || known.get().into_iter().map(|s| view! {
                            <option value=s.agent.id.to_string()>{s.agent.name}</option>
                        }).collect_view()}
                    </select>
                </label>
                <label class="field inline">
                    <span>"Decision"</span>
                    <select
                        id="activity-decision"
                        class="input"
                        on:change:target=move |ev| {
                            let decision: Option<Decision> = ev.target().value().parse().ok();
                            filter.update(|f| f.decision = decision);
                        }
                    >
                        <option value="">"Any"</option>
                        {Decision::ALL.iter().map(|d| view! { <option value=d.to_string()>{d.to_string()}</option> }).collect_view()}
                    </select>
                </label>
                <label class="field inline">
                    <span>"Tool or decision"</span>
                    <select
                        id="activity-action"
                        class="input"
                        on:change:target=move |ev| {
                            let value = ev.target().value();
                            filter.update(|f| f.action = (!value.is_empty()).then_some(value));
                        }
                    >
                        <option value="">"Any"</option>
                        {move || action_options().into_iter().map(|a| {
                            let selected = filter.with(|f| f.action.as_deref() == Some(a.as_str()));
                            view! { <option value=a selected=selected>{action_label(&a)}</option> }
                        }).collect_view()}
                    </select>
                </label>
            </div>
            {loaded(entries, list)}
        </section>
    }
}

/// What the last verification found.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Verified {
    Running,
    Ok(LedgerReport),
    Broken(String),
}

#[component]
fn Verify() -> impl IntoView {
    let state = RwSignal::new(None::<Verified>);
    let run = move |_| {
        state.set(Some(Verified::Running));
        spawn_local(async move {
            let found = match ipc::verify_ledger().await {
                Ok(report) => Verified::Ok(report),
                Err(err) => Verified::Broken(err.message),
            };
            state.try_set(Some(found));
        });
    };
    view! {
        <div class="verify">
            <button
                type="button"
                class="btn"
                id="ledger-verify"
                disabled=move || state.get() == Some(Verified::Running)
                on:click=run
            >
                {icon(Icon::Shield)}
                "Verify ledger"
            </button>
            {move || state.get().map(|found| match found {
                Verified::Running => view! { <p class="verify-result" role="status">"Checking every entry…"</p> }.into_any(),
                Verified::Ok(report) => view! {
                    <p class="verify-result is-ok" id="verify-result" data-state="ok" role="status">
                        {icon(Icon::Check)}{verified_text(&report)}
                    </p>
                }.into_any(),
                Verified::Broken(message) => view! {
                    <p class="verify-result is-broken" id="verify-result" data-state="broken" role="alert">
                        {broken_text(&message)}
                    </p>
                }.into_any(),
            })}
        </div>
    }
}
