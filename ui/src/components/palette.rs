//! The command palette (Ctrl/Cmd+K): commands and workspace search results in one list,
//! driven by the keyboard.

use std::time::Duration;

use leptos::{ev, prelude::*};
use web_sys::{ScrollIntoViewOptions, ScrollLogicalPosition};

use super::dialog::Modal;
use crate::{
    context::ctx,
    hooks::debounced,
    ipc,
    state::{
        palette::{self, Entry},
        snippet::segments,
    },
};

/// Hits asked of the search per query.
const SEARCH_LIMIT: u32 = 20;
/// Commands kept above the search results once something is typed.
const COMMAND_ROWS: usize = 6;

/// Search snippet text with the matched words highlighted.
pub fn highlighted(snippet: &str) -> impl IntoView + use<> {
    segments(snippet)
        .into_iter()
        .map(|s| {
            if s.matched {
                view! { <mark>{s.text}</mark> }.into_any()
            } else {
                s.text.into_any()
            }
        })
        .collect_view()
}

#[component]
pub fn Palette() -> impl IntoView {
    let ctx = ctx();
    move || ctx.palette.get().then(|| view! { <PaletteBox /> })
}

#[component]
fn PaletteBox() -> impl IntoView {
    let ctx = ctx();
    let query = RwSignal::new(String::new());
    let settled = debounced(query, Duration::from_millis(150));
    let selected = RwSignal::new(0_usize);
    let hits = LocalResource::new(move || {
        let text = settled.get();
        async move {
            if text.trim().chars().count() < 2 {
                return Ok(Vec::new());
            }
            ipc::search(&text, SEARCH_LIMIT).await
        }
    });
    let commands = StoredValue::new(palette::commands());
    let entries = Memo::new(move |_| {
        let text = query.get();
        let mut list = commands.with_value(|c| palette::filter(c, &text));
        if text.trim().is_empty() {
            return list;
        }
        list.truncate(COMMAND_ROWS);
        if let Some(Ok(found)) = hits.get() {
            list.extend(found.iter().filter_map(palette::hit_entry));
        }
        list
    });
    let search_error = move || {
        hits.get()
            .and_then(Result::err)
            .filter(|_| !query.with(|q| q.trim().is_empty()))
    };
    let searching = move || {
        let text = query.get();
        text.trim().chars().count() >= 2 && (settled.get() != text || hits.get().is_none())
    };
    Effect::new(move |_| {
        query.track();
        selected.set(0);
    });
    Effect::new(move |_| {
        selected.track();
        request_animation_frame(move || {
            let row = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.query_selector(".palette-item.is-selected").ok().flatten());
            if let Some(row) = row {
                let options = ScrollIntoViewOptions::new();
                options.set_block(ScrollLogicalPosition::Nearest);
                row.scroll_into_view_with_scroll_into_view_options(&options);
            }
        });
    });

    let close = Callback::new(move |()| ctx.palette.set(false));
    let run = move |entry: Entry| {
        ctx.palette.set(false);
        ctx.perform(entry.action);
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        let len = entries.with(Vec::len);
        match ev.key().as_str() {
            "ArrowDown" => {
                ev.prevent_default();
                selected.update(|s| *s = palette::step(*s, len, 1));
            }
            "ArrowUp" => {
                ev.prevent_default();
                selected.update(|s| *s = palette::step(*s, len, -1));
            }
            "Enter" => {
                ev.prevent_default();
                let choice = entries.with(|list| list.get(selected.get_untracked()).cloned());
                if let Some(entry) = choice {
                    run(entry);
                }
            }
            _ => {}
        }
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(input) = input_ref.get() {
            let _ = input.focus();
        }
    });

    view! {
        <Modal label="Command palette" on_close=close id="palette" class="dialog-palette">
            <div class="palette-search">
                <input
                    id="palette-input"
                    type="text"
                    placeholder="Type a command or search…"
                    autocomplete="off"
                    spellcheck="false"
                    role="combobox"
                    aria-expanded="true"
                    aria-controls="palette-list"
                    node_ref=input_ref
                    prop:value=move || query.get()
                    on:input:target=move |ev| query.set(ev.target().value())
                    on:keydown=on_keydown
                />
            </div>
            <ul class="palette-list" id="palette-list" role="listbox" aria-label="Results">
                {move || {
                    entries
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(i, entry)| {
                            let is_selected = move || selected.get() == i;
                            let detail = entry.detail.clone();
                            let chosen = entry.clone();
                            view! {
                                <li
                                    class="palette-item"
                                    class=("is-selected", is_selected)
                                    role="option"
                                    aria-selected=move || is_selected().to_string()
                                    on:mousemove=move |_| {
                                        if selected.get_untracked() != i {
                                            selected.set(i);
                                        }
                                    }
                                    on:click=move |_| run(chosen.clone())
                                >
                                    <span class="palette-group">{entry.group}</span>
                                    <span class="palette-text">
                                        <span class="palette-label">{entry.label}</span>
                                        {(!detail.is_empty())
                                            .then(|| {
                                                view! {
                                                    <span class="palette-detail">{highlighted(&detail)}</span>
                                                }
                                            })}
                                    </span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <div class="palette-status">
                {move || {
                    if let Some(err) = search_error() {
                        view! { <span class="text-danger">{format!("Search failed: {}", err.message)}</span> }
                            .into_any()
                    } else if searching() {
                        view! { <span>"Searching…"</span> }.into_any()
                    } else if entries.with(Vec::is_empty) {
                        view! { <span>{format!("No results for “{}”", query.get().trim())}</span> }
                            .into_any()
                    } else {
                        view! {
                            <span>
                                <kbd>"↑"</kbd> <kbd>"↓"</kbd> " to move · " <kbd>"Enter"</kbd>
                                " to open · " <kbd>"Esc"</kbd> " to close"
                            </span>
                        }
                            .into_any()
                    }
                }}
            </div>
        </Modal>
    }
}
