//! Agents: register one by name, give it an assignment (allow-list globs, policy, reason),
//! extend it (the update that supersedes it) or revoke the agent; below, the ledger of what
//! agents and the person did, with filters and "Verify ledger".

use std::sync::Arc;

use adiuva_domain::{Assignment, NewAgent, Policy};
use leptos::{ev, prelude::*};

use super::{
    agents_activity::Activity,
    agents_remote::{RemoteAccess, TokenButton, TokenList, TokenPanel},
};
use crate::{
    components::{
        form_state::FormState,
        icons::{Icon, icon},
        loadable::{empty, loaded},
        task_form::field_error,
    },
    context::{ConfirmRequest, ctx},
    dom,
    hooks::workspace_resource,
    ipc,
    state::{
        agents::{
            AgentSummary, AssignFields, ExtendFields, error_field, error_message, globs_text,
        },
        channel::AgentToken,
        forms::FieldErrors,
    },
};

#[component]
pub fn AgentsPage() -> impl IntoView {
    let agents = workspace_resource(ipc::list_agents);
    // Held by the page, not a card: a change in the workspace redraws the cards, and a token
    // is shown only once.
    let token = RwSignal::new(None);
    let list = move |agents: Vec<AgentSummary>| {
        if agents.is_empty() {
            return empty(
                Icon::Bot,
                "No agents yet",
                "Add one above, then give it an assignment: until then it can do nothing. An \
                 MCP client reaches this workspace with `adiuva mcp --agent NAME`.",
            )
            .into_any();
        }
        view! {
            <ul class="agent-list" id="agent-list">
                {agents.into_iter().map(|summary| view! { <AgentCard summary=summary token=token /> }).collect_view()}
            </ul>
        }
        .into_any()
    };
    view! {
        <div class="page page-agents">
            <header class="page-head">
                <div>
                    <h1 class="page-title">"Agents"</h1>
                    <p class="page-sub">
                        "Who may act on this workspace, what each may do, and everything they did."
                    </p>
                </div>
            </header>
            <RemoteAccess />
            <TokenList made=token />
            <AddAgent />
            {loaded(agents, list)}
            <Activity agents=agents />
        </div>
    }
}

#[component]
fn AddAgent() -> impl IntoView {
    let ctx = ctx();
    let name = RwSignal::new(String::new());
    let form = FormState::new(ctx, &["name"]).focusing(|_| Some("#agent-name"));
    let (errors, busy) = (form.errors, form.busy);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let input = NewAgent {
            name: name.get_untracked(),
            kind: None,
        };
        form.send(
            input.validate().map(drop),
            async move { ipc::add_agent(&input).await },
            move |agent| {
                name.try_set(String::new());
                ctx.changed();
                ctx.notify(format!(
                    "Added agent “{}”: give it an assignment to let it act",
                    agent.name
                ));
            },
        );
    };
    view! {
        <form class="card create-project" id="agent-form" novalidate on:submit=submit>
            <div class="field grow">
                <label for="agent-name">"Name"</label>
                <input
                    id="agent-name"
                    class="input"
                    type="text"
                    placeholder="e.g. claude"
                    autocomplete="off"
                    spellcheck="false"
                    aria-invalid=move || errors.with(|e| e.get("name").is_some()).then_some("true")
                    prop:value=move || name.get()
                    on:input:target=move |ev| name.set(ev.target().value())
                />
                {field_error(errors, "name")}
            </div>
            <button type="submit" class="btn btn-primary" id="agent-add" disabled=move || busy.get()>
                {icon(Icon::Plus)}
                "Add agent"
            </button>
        </form>
    }
}

#[component]
fn AgentCard(summary: AgentSummary, token: RwSignal<Option<AgentToken>>) -> impl IntoView {
    let ctx = ctx();
    let agent = summary.agent;
    let id = agent.id;
    let revoked = agent.is_revoked();
    let extending = RwSignal::new(false);
    let name = agent.name.clone();
    let revoke = move |_| {
        let name = name.clone();
        ctx.ask(ConfirmRequest {
            title: format!("Revoke {name}?"),
            message: "Its assignment ends and every later call is refused. It cannot be \
                      given access again; add a new agent instead."
                .into(),
            confirm_label: "Revoke".into(),
            on_confirm: Arc::new(move || {
                let name = name.clone();
                leptos::task::spawn_local(async move {
                    match ipc::revoke_agent(id).await {
                        Ok(_) => {
                            ctx.changed();
                            ctx.notify(format!("Revoked {name}"));
                        }
                        Err(err) => ctx.fail(&err),
                    }
                });
            }),
        });
    };
    let scope = match (&summary.assignment, revoked) {
        (_, true) => {
            view! { <p class="muted">"Revoked: it can call nothing any more."</p> }.into_any()
        }
        (Some(active), false) => {
            let active = active.clone();
            view! {
                <AssignmentView assignment=active.clone() />
                {move || extending.get().then(|| view! { <ExtendForm active=active.clone() open=extending /> })}
            }
            .into_any()
        }
        (None, false) => view! { <AssignForm agent=id /> }.into_any(),
    };
    let has_assignment = summary.assignment.is_some();
    view! {
        <li class="card agent-card" data-name=agent.name data-id=id.to_string()>
            <div class="agent-head">
                <span class="agent-icon">{icon(Icon::Bot)}</span>
                <h3 class="agent-name">{agent.name.clone()}</h3>
                <span class="agent-kind muted">{agent.kind.to_string()}</span>
                <span class="agent-state" class:is-revoked=revoked>
                    {if revoked { "revoked" } else if has_assignment { "assigned" } else { "no access" }}
                </span>
                <div class="agent-actions">
                    {(!revoked && has_assignment).then(|| view! {
                        <button
                            type="button"
                            class="btn btn-sm agent-extend"
                            disabled=move || extending.get()
                            on:click=move |_| {
                                extending.set(true);
                                dom::focus_later(".extend-form .extend-allow");
                            }
                        >
                            {icon(Icon::Plus)}"Extend"
                        </button>
                    })}
                    {(!revoked).then(|| view! { <TokenButton agent=id shown=token /> })}
                    {(!revoked).then(|| view! {
                        <button type="button" class="btn btn-ghost btn-sm agent-revoke" on:click=revoke>
                            "Revoke"
                        </button>
                    })}
                </div>
            </div>
            {scope}
            <TokenPanel agent=id shown=token />
        </li>
    }
}

#[component]
fn AssignmentView(assignment: Assignment) -> impl IntoView {
    view! {
        <dl class="assignment" data-id=assignment.id.to_string()>
            <div><dt>"Allows"</dt><dd class="assignment-allow mono">{globs_text(&assignment.allow)}</dd></div>
            {(!assignment.deny.is_empty()).then(|| view! {
                <div><dt>"Denies"</dt><dd class="mono">{globs_text(&assignment.deny)}</dd></div>
            })}
            <div>
                <dt>"Otherwise"</dt>
                <dd>{match assignment.policy {
                    Policy::Block => "blocked",
                    Policy::Warn => "allowed with a warning",
                }}</dd>
            </div>
            <div><dt>"Reason"</dt><dd class="assignment-reason">{assignment.reason.clone()}</dd></div>
        </dl>
    }
}

/// A glob and reason field pair shared by both assignment forms.
fn text_field(
    class: &'static str,
    label: &'static str,
    placeholder: &'static str,
    value: RwSignal<String>,
    errors: RwSignal<FieldErrors>,
    field: &'static str,
) -> impl IntoView {
    view! {
        <label class="field grow">
            <span>{label}</span>
            <input
                class=format!("input {class}")
                type="text"
                autocomplete="off"
                spellcheck="false"
                placeholder=placeholder
                aria-invalid=move || errors.with(|e| e.get(field).is_some()).then_some("true")
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
            {field_error(errors, field)}
        </label>
    }
}

#[component]
fn AssignForm(agent: adiuva_domain::AgentId) -> impl IntoView {
    let ctx = ctx();
    let allow = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let warn = RwSignal::new(false);
    let form = FormState::new(ctx, AssignFields::FIELDS);
    let (errors, busy) = (form.errors, form.busy);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let fields = AssignFields {
            allow: allow.get_untracked(),
            deny: String::new(),
            policy: if warn.get_untracked() {
                Policy::Warn
            } else {
                Policy::Block
            },
            reason: reason.get_untracked(),
        };
        let input = match fields.to_input() {
            Ok(input) => input,
            Err(err) => {
                errors.set(FieldErrors::one(error_field(&err), error_message(&err)));
                return;
            }
        };
        form.send(
            Ok(()),
            async move { ipc::assign_agent(agent, &input).await },
            move |_| {
                ctx.changed();
                ctx.notify("Assigned: the agent may act within these globs");
            },
        );
    };
    view! {
        <form class="assign-form" novalidate on:submit=submit>
            <p class="hint">"No assignment: this agent can do nothing yet, not even read."</p>
            <div class="field-row">
                {text_field("assign-allow", "Allow (globs)", "create_task, update_task:status", allow, errors, "allow")}
                {text_field("assign-reason", "Reason", "e.g. triage inbox", reason, errors, "reason")}
            </div>
            <label class="toggle">
                <input type="checkbox" class="assign-warn" prop:checked=move || warn.get() on:change:target=move |ev| warn.set(ev.target().checked()) />
                <span>"Let other writes through with a warning (policy warn) instead of blocking them"</span>
            </label>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-sm assign-submit" disabled=move || busy.get()>"Assign"</button>
            </div>
        </form>
    }
}

#[component]
fn ExtendForm(active: Assignment, open: RwSignal<bool>) -> impl IntoView {
    let ctx = ctx();
    let add_allow = RwSignal::new(String::new());
    let reason = RwSignal::new(active.reason.clone());
    let form = FormState::new(ctx, ExtendFields::FIELDS);
    let (errors, busy) = (form.errors, form.busy);
    let agent = active.agent_id;
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let fields = ExtendFields {
            add_allow: add_allow.get_untracked(),
            reason: reason.get_untracked(),
        };
        let update = match fields.to_update(&active) {
            Ok(update) => update,
            Err(err) => {
                errors.set(FieldErrors::one(error_field(&err), error_message(&err)));
                return;
            }
        };
        form.send(
            Ok(()),
            async move { ipc::update_assignment(agent, &update).await },
            move |updated| {
                open.try_set(false);
                ctx.changed();
                ctx.notify(if updated.changed {
                    "Extended: a new assignment supersedes the old one"
                } else {
                    "Nothing changed: it already allows that"
                });
            },
        );
    };
    view! {
        <form class="extend-form" novalidate on:submit=submit>
            <div class="field-row">
                {text_field("extend-allow", "Also allow (globs)", "e.g. notes:project/<id>", add_allow, errors, "allow")}
                {text_field("extend-reason", "Reason", "why it needs more", reason, errors, "reason")}
            </div>
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-sm extend-submit" disabled=move || busy.get()>"Extend"</button>
                <button type="button" class="btn btn-sm" on:click=move |_| open.set(false)>"Cancel"</button>
            </div>
        </form>
    }
}
