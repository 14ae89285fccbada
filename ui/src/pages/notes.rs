//! Notes: the list, and a markdown editor with a live, sanitized preview.

use std::sync::Arc;

use adiuva_domain::{NoteSummary, ProjectId};
use leptos::{ev, prelude::*, task::spawn_local};
use wasm_bindgen::JsCast;

use crate::{
    clock,
    components::form_state::FormState,
    components::{
        icons::{Icon, icon},
        loadable::{empty, failed, loaded, loading},
        project_select::project_options,
        task_form::field_error,
    },
    context::{ConfirmRequest, NoteSelection, ctx},
    hooks::workspace_resource,
    ipc,
    state::{dates::relative_time, forms::NoteFields, markdown},
};

#[component]
pub fn NotesPage() -> impl IntoView {
    let ctx = ctx();
    let filter_project = RwSignal::new(None::<ProjectId>);
    let notes = workspace_resource(move || {
        let project = filter_project.get();
        async move { ipc::list_notes(project).await }
    });
    let has_editor = Memo::new(move |_| ctx.note.get() != NoteSelection::None);

    let list = move |notes: Vec<NoteSummary>| {
        if notes.is_empty() {
            return empty(
                Icon::Note,
                "No notes yet",
                "Write meeting notes, plans and references in markdown.",
            )
            .into_any();
        }
        let now = clock::now();
        view! {
            <ul class="note-list">
                {notes
                    .into_iter()
                    .map(|note| {
                        let id = note.id;
                        let updated = relative_time(clock::local_time(note.updated_at), now);
                        let title = if note.title.is_empty() {
                            "Untitled".to_owned()
                        } else {
                            note.title.clone()
                        };
                        view! {
                            <li>
                                <button
                                    type="button"
                                    class="note-item"
                                    class=("is-active", move || ctx.note.get() == NoteSelection::Open(id))
                                    data-id=id.to_string()
                                    on:click=move |_| ctx.open_note(id)
                                >
                                    <span class="note-item-title">{title}</span>
                                    <span class="note-item-excerpt">{note.excerpt.clone()}</span>
                                    <span class="note-item-meta">
                                        {updated}
                                        {note
                                            .project_id
                                            .map(|p| {
                                                view! {
                                                    " · "
                                                    <span>{move || ctx.project_name(Some(p))}</span>
                                                }
                                            })}
                                    </span>
                                </button>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        }
        .into_any()
    };

    view! {
        <div class="page page-notes">
            <div class="notes-layout">
                <aside class="notes-side" aria-label="Notes">
                    <div class="notes-side-head">
                        <h1 class="page-title">"Notes"</h1>
                        <button
                            type="button"
                            id="new-note"
                            class="btn btn-primary btn-sm"
                            on:click=move |_| ctx.new_note_in(filter_project.get_untracked())
                        >
                            {icon(Icon::Plus)}
                            "New note"
                        </button>
                    </div>
                    <select
                        id="notes-project"
                        class="input input-sm"
                        aria-label="Filter notes by project"
                        on:change:target=move |ev| {
                            filter_project.set(ProjectId::parse(&ev.target().value(), "project_id").ok());
                        }
                    >
                        {project_options(
                            move || filter_project.get().map(|p| p.to_string()).unwrap_or_default(),
                            "All notes",
                        )}
                    </select>
                    {loaded(notes, list)}
                </aside>
                <section class="note-pane">
                    {move || {
                        if has_editor.get() {
                            view! { <NoteEditor /> }.into_any()
                        } else {
                            empty(
                                    Icon::Note,
                                    "No note open",
                                    "Pick a note on the left, or start a new one.",
                                )
                                .into_any()
                        }
                    }}
                </section>
            </div>
        </div>
    }
}

#[derive(Clone, Debug, PartialEq)]
enum Phase {
    Loading,
    Failed(adiuva_domain::ErrorReport),
    Ready,
}

#[component]
fn NoteEditor() -> impl IntoView {
    let ctx = ctx();
    let fields = ctx.note_fields;
    let saved = ctx.note_saved;
    let form = FormState::new(ctx, NoteFields::FIELDS);
    let (errors, busy) = (form.errors, form.busy);
    let note = workspace_resource(move || {
        let selection = ctx.note.get();
        async move {
            match selection {
                NoteSelection::Open(id) => Some(ipc::get_note(id).await),
                NoteSelection::New | NoteSelection::None => None,
            }
        }
    });
    // A loaded note replaces the editor's text unless the user has unsaved edits of it.
    // Only the load is tracked: this effect writes the text it compares.
    Effect::new(move |_| {
        if let Some(Some(Ok(loaded))) = note.get()
            && ctx.note.get_untracked() == NoteSelection::Open(loaded.id)
            && (ctx.note_loaded.get_untracked() != Some(loaded.id) || !untrack(|| ctx.note_dirty()))
        {
            let text = NoteFields::from_note(&loaded);
            fields.set(text.clone());
            saved.set(text);
            ctx.note_loaded.set(Some(loaded.id));
        }
    });
    let phase = Memo::new(move |_| match ctx.note.get() {
        NoteSelection::Open(id) if ctx.note_loaded.get() != Some(id) => match note.get() {
            Some(Some(Err(err))) => Phase::Failed(err),
            _ => Phase::Loading,
        },
        _ => Phase::Ready,
    });
    let is_new = move || ctx.note.get() == NoteSelection::New;
    let dirty = move || ctx.note_dirty();
    let preview = Memo::new(move |_| fields.with(|f| markdown::render(&f.content)));

    let finish = move |sent: NoteFields, stored: NoteFields| {
        // Keep typing that happened while the save was in flight.
        if fields.get_untracked() == sent {
            fields.set(stored.clone());
        }
        saved.set(stored);
    };
    let save = move || {
        let sent = fields.get_untracked();
        match ctx.note.get_untracked() {
            NoteSelection::None => {}
            NoteSelection::New => {
                let input = sent.to_new_note();
                let checked = input.validate().map(drop);
                form.send(
                    checked,
                    async move { ipc::create_note(&input).await },
                    move |created| {
                        ctx.note_loaded.set(Some(created.id));
                        finish(sent, NoteFields::from_note(&created));
                        ctx.note.set(NoteSelection::Open(created.id));
                        ctx.changed();
                        ctx.notify("Note created");
                    },
                );
            }
            NoteSelection::Open(id) => {
                let patch = sent.patch_from(&saved.get_untracked());
                if patch == adiuva_domain::NotePatch::default() {
                    return;
                }
                let checked = patch.validate().map(drop);
                form.send(
                    checked,
                    async move { ipc::update_note(id, &patch).await },
                    move |updated| {
                        finish(sent, NoteFields::from_note(&updated));
                        ctx.changed();
                    },
                );
            }
        }
    };
    let delete = move |_| {
        let NoteSelection::Open(id) = ctx.note.get_untracked() else {
            // An unsaved new note is simply dropped.
            ctx.close_note();
            return;
        };
        let title = saved.with_untracked(|f| f.title.clone());
        ctx.ask(ConfirmRequest {
            title: "Delete note?".into(),
            message: format!("Delete the note “{title}”? This cannot be undone."),
            confirm_label: "Delete note".into(),
            on_confirm: Arc::new(move || {
                spawn_local(async move {
                    match ipc::delete_note(id).await {
                        Ok(()) => {
                            ctx.close_note();
                            ctx.changed();
                            ctx.notify("Note deleted");
                        }
                        Err(err) => ctx.fail(&err),
                    }
                });
            }),
        });
    };
    let on_keydown = move |ev: ev::KeyboardEvent| {
        if (ev.ctrl_key() || ev.meta_key()) && ev.key().eq_ignore_ascii_case("s") {
            ev.prevent_default();
            save();
        }
    };
    // Links in a note would navigate the app's own window away; they are shown, not followed.
    let on_preview_click = move |ev: ev::MouseEvent| {
        let on_link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a").ok().flatten())
            .is_some();
        if on_link {
            ev.prevent_default();
        }
    };

    let editor = move || {
        view! {
            <div class="note-editor" on:keydown=on_keydown>
                <header class="note-head">
                    <div class="note-title-wrap">
                        <input
                            id="note-title"
                            class="note-title-input"
                            type="text"
                            placeholder="Untitled"
                            aria-label="Note title"
                            autocomplete="off"
                            prop:value=move || fields.with(|f| f.title.clone())
                            on:input:target=move |ev| {
                                let value = ev.target().value();
                                fields.update(|f| f.title = value);
                            }
                        />
                        {field_error(errors, "title")}
                    </div>
                    <select
                        id="note-project"
                        class="input input-sm"
                        aria-label="Project"
                        on:change:target=move |ev| {
                            let value = ev.target().value();
                            fields.update(|f| f.project = value);
                        }
                    >
                        {project_options(move || fields.with(|f| f.project.clone()), "No project")}
                    </select>
                    <span class="save-state" role="status">
                        {move || {
                            if busy.get() {
                                view! { <span class="muted">"Saving…"</span> }.into_any()
                            } else if dirty() || is_new() {
                                view! { <span class="unsaved">"Unsaved changes"</span> }.into_any()
                            } else {
                                view! { <span class="muted">"Saved"</span> }.into_any()
                            }
                        }}
                    </span>
                    <button
                        type="button"
                        id="note-save"
                        class="btn btn-primary btn-sm"
                        title="Save (Ctrl/⌘ S)"
                        disabled=move || busy.get() || !(dirty() || is_new())
                        on:click=move |_| save()
                    >
                        "Save"
                    </button>
                    <button
                        type="button"
                        id="note-delete"
                        class="icon-btn"
                        title="Delete note"
                        aria-label="Delete note"
                        on:click=delete
                    >
                        {icon(Icon::Trash)}
                    </button>
                </header>
                {field_error(errors, "content")}
                <div class="note-split">
                    <textarea
                        id="note-editor"
                        class="note-source"
                        aria-label="Markdown"
                        placeholder="Write in markdown: # headings, - lists, **bold**, `code`…"
                        spellcheck="true"
                        prop:value=move || fields.with(|f| f.content.clone())
                        on:input:target=move |ev| {
                            let value = ev.target().value();
                            fields.update(|f| f.content = value);
                        }
                    ></textarea>
                    <article
                        id="note-preview"
                        class="note-preview markdown"
                        aria-label="Preview"
                        inner_html=move || preview.get()
                        on:click=on_preview_click
                    ></article>
                </div>
            </div>
        }
    };
    move || match phase.get() {
        Phase::Loading => loading().into_any(),
        Phase::Failed(err) => failed(err, move || note.refetch()).into_any(),
        Phase::Ready => editor().into_any(),
    }
}
