//! Agents from elsewhere, on the Agents page: the device channel's state (through which the
//! sync server forwards their calls) with a reconnect, and per agent a token for the server's
//! MCP endpoint, shown once for the person to copy into the agent's MCP client; the live
//! tokens are listed, each with a two-step revoke.

use adiuva_domain::{AgentId, ErrorReport, Millis};
use leptos::prelude::*;

use crate::{
    clock,
    components::{
        confirm_twice::ConfirmTwice,
        icons::{Icon, icon},
    },
    context::ctx,
    dom, ipc,
    state::{
        channel::{AgentToken, AgentTokenEntry, ChannelState, describe, mcp_endpoint},
        dates::relative_time,
    },
};

/// The channel's state, what it means and what to do; nothing until the shell has answered.
#[component]
pub fn RemoteAccess() -> impl IntoView {
    let ctx = ctx();
    let reconnect = move |_| {
        leptos::task::spawn_local(async move {
            if let Err(err) = ipc::reconnect_device_channel().await {
                ctx.fail(&err);
            }
        });
    };
    move || {
        let status = ctx.channel.get()?;
        let server = ctx
            .account
            .with(|a| a.as_ref().and_then(|a| a.server_url.clone()));
        let (headline, detail) = describe(&status, server.as_deref());
        let offline = status.state == ChannelState::Offline;
        Some(view! {
            <section
                class="card remote-access"
                id="device-channel"
                data-state=status.state.as_str()
                aria-live="polite"
            >
                <span class="channel-dot" aria-hidden="true"></span>
                <div class="grow">
                    <h2 class="remote-title">
                        "Remote agents: "<span class="channel-state">{headline}</span>
                    </h2>
                    <p class="muted channel-detail">{detail}</p>
                </div>
                {offline.then(|| view! {
                    <button type="button" class="btn btn-sm" id="channel-reconnect" on:click=reconnect>
                        "Reconnect now"
                    </button>
                })}
            </section>
        })
    }
}

/// "Token" in an agent's card: asks the server for a new token for it.
#[component]
pub fn TokenButton(agent: AgentId, shown: RwSignal<Option<AgentToken>>) -> impl IntoView {
    let ctx = ctx();
    let busy = RwSignal::new(false);
    let create = move |_| {
        busy.set(true);
        leptos::task::spawn_local(async move {
            match ipc::create_agent_token(agent).await {
                Ok(token) => {
                    shown.try_set(Some(token));
                    dom::focus_later(".agent-token-copy");
                }
                Err(err) => ctx.fail(&err),
            }
            busy.try_set(false);
        });
    };
    let signed_in = move || {
        ctx.account
            .with(|a| a.as_ref().is_some_and(|a| a.signed_in))
    };
    move || {
        signed_in().then(|| view! {
            <button
                type="button"
                class="btn btn-sm agent-token-create"
                title="A token for this agent's MCP client, to reach this device through the sync server"
                disabled=move || busy.get()
                on:click=create
            >
                {icon(Icon::Key)}"Token"
            </button>
        })
    }
}

/// The token just made for `agent`, with the endpoint it is for; gone once dismissed.
#[component]
pub fn TokenPanel(agent: AgentId, shown: RwSignal<Option<AgentToken>>) -> impl IntoView {
    let ctx = ctx();
    let copied = RwSignal::new(None::<bool>);
    move || {
        let token = shown.get().filter(|t| t.agent_id == agent.to_string())?;
        let endpoint = ctx
            .account
            .with(|a| {
                a.as_ref()
                    .and_then(|a| a.server_url.as_deref().map(mcp_endpoint))
            })
            .unwrap_or_default();
        let secret = token.token.clone();
        let copy = move |_| {
            let secret = secret.clone();
            leptos::task::spawn_local(async move {
                copied.try_set(Some(dom::copy_text(&secret, ".agent-token").await));
            });
        };
        let done = move |_| {
            copied.set(None);
            shown.set(None);
        };
        Some(view! {
            <div class="agent-token-panel" role="region" aria-label="New agent token">
                <p class="hint">
                    "Shown once: paste it into the agent's MCP client as a bearer token for "
                    <code class="mono agent-endpoint">{endpoint}</code>". Revoke it under Agent tokens when that client should stop."
                </p>
                <code class="agent-token mono" data-id=token.id>{token.token}</code>
                <div class="form-actions">
                    <button type="button" class="btn btn-sm agent-token-copy" on:click=copy>
                        {icon(Icon::Copy)}"Copy"
                    </button>
                    <button type="button" class="btn btn-primary btn-sm agent-token-done" on:click=done>
                        "Done"
                    </button>
                    <span class="hint" role="status">
                        {move || match copied.get() {
                            Some(true) => "Copied to the clipboard.",
                            Some(false) => "Copying is blocked here: the token is selected, press Ctrl+C.",
                            None => "",
                        }}
                    </span>
                </div>
            </div>
        })
    }
}

/// The account's live agent tokens, for a signed-in device: which agent each speaks as, when
/// it was made, and Revoke (then Confirm). Fetched again when a token is made.
#[component]
pub fn TokenList(made: RwSignal<Option<AgentToken>>) -> impl IntoView {
    let ctx = ctx();
    let reload = RwSignal::new(0u32);
    let tokens = RwSignal::new(None::<Result<Vec<AgentTokenEntry>, ErrorReport>>);
    let signed_in = move || {
        ctx.account
            .with(|a| a.as_ref().is_some_and(|a| a.signed_in))
    };
    Effect::new(move |_| {
        made.track();
        reload.track();
        if !signed_in() {
            tokens.set(None);
            return;
        }
        leptos::task::spawn_local(async move {
            tokens.try_set(Some(ipc::list_agent_tokens().await));
        });
    });
    let revoke = move |id: String| {
        leptos::task::spawn_local(async move {
            match ipc::revoke_agent_token(id).await {
                Ok(()) => ctx.notify("Token revoked: its client is refused from now on."),
                Err(err) => ctx.fail(&err),
            }
            reload.try_update(|n| *n += 1);
        });
    };
    let row = move |token: AgentTokenEntry| {
        let id = token.id.clone();
        let agent = token
            .agent_name
            .clone()
            .unwrap_or_else(|| "An agent not on this device".to_owned());
        let made = relative_time(clock::local_time(Millis(token.created_at)), clock::now());
        view! {
            <li class="agent-token-row" data-id=token.id.clone() data-agent=token.agent_name>
                {icon(Icon::Key)}
                <span class="grow">
                    <strong class="agent-token-agent">{agent}</strong>
                    <span class="muted">" · made "{made}</span>
                </span>
                <ConfirmTwice
                    class="agent-token-revoke"
                    label="Revoke"
                    confirm_label="Confirm revoke"
                    on_confirm=Callback::new(move |()| revoke(id.clone()))
                />
            </li>
        }
    };
    move || {
        let listed = tokens.get()?;
        let body = match listed {
            Err(err) => view! {
                <p class="hint agent-tokens-error" role="alert">
                    {format!("Cannot list the tokens: {}", err.message)}" "
                    <button type="button" class="btn btn-sm" on:click=move |_| reload.update(|n| *n += 1)>
                        "Retry"
                    </button>
                </p>
            }
            .into_any(),
            Ok(list) if list.is_empty() => view! {
                <p class="hint agent-tokens-empty">
                    "No agent tokens. Token on an agent makes one for its MCP client."
                </p>
            }
            .into_any(),
            Ok(list) => view! {
                <ul class="agent-token-list">{list.into_iter().map(row).collect_view()}</ul>
            }
            .into_any(),
        };
        let count = tokens.with(|t| t.as_ref().and_then(|t| t.as_ref().ok()).map_or(0, Vec::len));
        Some(view! {
            <details class="card agent-tokens" id="agent-tokens">
                <summary>"Agent tokens ("{count}")"</summary>
                {body}
            </details>
        })
    }
}
