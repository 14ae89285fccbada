//! One suggestion on the review page: what the agent proposed, its rationale, the diff
//! against the current values, its decisions, and the edit form of "edit then approve".

use std::collections::HashMap;

use adiuva_domain::{ErrorCode, ErrorReport, ItemKind, Priority, ReviewChange, ReviewItem};
use leptos::{ev, prelude::*};

use super::review::{Queue, kind_label};
use crate::{
    clock,
    components::{
        form_state::FormState,
        icons::{Icon, icon},
        task_form::{field_error, priority_options},
    },
    context::ctx,
    ipc,
    state::{
        dates::relative_time,
        forms::FieldErrors,
        review::{ItemRef, diff, key_of},
        review_edit::EditFields,
    },
};

/// A decision taken on the selection or the focused item.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decide {
    Approve,
    Reject,
    Snooze,
}

impl Decide {
    pub const fn done_label(self) -> &'static str {
        match self {
            Self::Approve => "Approved",
            Self::Reject => "Rejected",
            Self::Snooze => "Snoozed",
        }
    }
}

#[component]
pub fn ReviewCard(
    item: ReviewItem,
    queue: Queue,
    names: Memo<HashMap<String, String>>,
) -> impl IntoView {
    let ctx = ctx();
    let key = key_of(&item);
    let new_item = item.change == ReviewChange::Created;
    let rows = diff(&item, new_item);
    let keys = move || {
        queue
            .items
            .with(|items| items.iter().map(key_of).collect::<Vec<_>>())
    };
    let focused = {
        let key = key.clone();
        move || queue.cursor.with(|c| c.is_focused(&keys(), &key))
    };
    let selected = {
        let key = key.clone();
        move || queue.cursor.with(|c| c.is_selected(&key))
    };
    let editing = {
        let key = key.clone();
        move || queue.editing.with(|e| e.as_deref() == Some(key.as_str()))
    };
    let agent_id = item.agent_id.map(|a| a.to_string());
    let by = move || match &agent_id {
        Some(id) => names
            .with(|n| n.get(id).cloned())
            .unwrap_or_else(|| "an agent".to_owned()),
        None => "the tagger".to_owned(),
    };
    let what = if new_item {
        format!("New {}", kind_label(item.kind).to_lowercase())
    } else {
        "Tags".to_owned()
    };
    let when = relative_time(clock::local_time(item.proposed_at), clock::now());
    let current = focused.clone();
    let focus_key = key.clone();
    let toggle_key = key.clone();
    let act_key = key.clone();
    let decide = move |decision: Decide| queue.decide_on(ctx, decision, vec![act_key.clone()]);
    let edit_key = key.clone();
    view! {
        <li
            class="review-item card"
            class=("is-focused", focused)
            class=("is-selected", selected)
            data-key=key
            data-kind=item.kind.to_string()
            tabindex="0"
            aria-current=move || current().then_some("true")
            on:focusin=move |_| queue.cursor.update(|c| c.focus(&focus_key))
        >
            <div class="review-item-head">
                <input
                    type="checkbox"
                    class="review-select"
                    aria-label="Select this suggestion (x)"
                    prop:checked=selected.clone()
                    on:change=move |_| queue.cursor.update(|c| c.toggle(&toggle_key))
                />
                <span class="review-kind">{what}</span>
                <h3 class="review-title">{item.title.clone()}</h3>
                <span class="review-by muted">{move || format!("by {} · {when}", by())}</span>
            </div>
            {item.rationale.clone().map(|why| view! { <p class="review-rationale">"“"{why}"”"</p> })}
            {(!rows.is_empty()).then(|| view! {
                <dl class="review-diff">
                    {rows.into_iter().map(|row| view! {
                        <div class="diff-row">
                            <dt>{row.label}</dt>
                            <dd>
                                {row.before.map(|b| view! { <del class="diff-before">{b}</del> })}
                                {row.proposed.map(|p| view! { <ins class="diff-proposed">{p}</ins> })}
                            </dd>
                        </div>
                    }).collect_view()}
                </dl>
            })}
            {
                let item = item.clone();
                move || if editing() {
                    view! { <EditForm item=item.clone() queue=queue /> }.into_any()
                } else {
                    let edit_key = edit_key.clone();
                    let (approve, reject, snooze) = (decide.clone(), decide.clone(), decide.clone());
                    view! {
                        <div class="review-actions">
                            <button type="button" class="btn btn-primary btn-sm review-approve" disabled=move || queue.busy.get() on:click=move |_| approve(Decide::Approve)>
                                {icon(Icon::Check)}"Approve"<kbd>"a"</kbd>
                            </button>
                            <button type="button" class="btn btn-sm review-edit" on:click=move |_| {
                                queue.editing.set(Some(edit_key.clone()));
                                crate::dom::focus_later("#review-edit-title");
                            }>
                                {icon(Icon::Pencil)}"Edit"<kbd>"e"</kbd>
                            </button>
                            <button type="button" class="btn btn-sm review-reject" disabled=move || queue.busy.get() on:click=move |_| reject(Decide::Reject)>
                                {icon(Icon::Close)}"Reject"<kbd>"r"</kbd>
                            </button>
                            <button type="button" class="btn btn-ghost btn-sm review-snooze" title="Hide it for a day" disabled=move || queue.busy.get() on:click=move |_| snooze(Decide::Snooze)>
                                "Snooze"<kbd>"s"</kbd>
                            </button>
                        </div>
                    }.into_any()
                }
            }
        </li>
    }
}

/// "Edit then approve": the suggestion as the person wants it (a task's title, description,
/// priority and due date; a checkpoint's title and date; a note's title), approved in one
/// decision. Escape in any field cancels.
#[component]
fn EditForm(item: ReviewItem, queue: Queue) -> impl IntoView {
    let ctx = ctx();
    let proposed = EditFields::of(&item);
    let fields = RwSignal::new(proposed.clone());
    let form = FormState::new(ctx, EditFields::FIELDS).focusing(|field| match field {
        "description" => Some("#review-edit-description"),
        "priority" => Some("#review-edit-priority"),
        "due_date" => Some("#review-edit-due"),
        "date" => Some("#review-edit-date"),
        _ => Some("#review-edit-title"),
    });
    let (errors, busy) = (form.errors, form.busy);
    let kind = item.kind;
    let target = ItemRef::of(&item);
    let key = key_of(&item);
    let submit = move |ev: ev::SubmitEvent| {
        ev.prevent_default();
        let checked = fields.with_untracked(|f| f.to_edit(kind, &proposed));
        let edit = checked.clone().ok();
        let target = target.clone();
        let key = key.clone();
        form.send(
            checked.map(drop),
            async move {
                // Only sent once the edit passed, so `None` is never awaited.
                match edit {
                    Some(edit) => ipc::edit_and_approve(&target, &edit).await,
                    None => Err(ErrorReport::new(
                        ErrorCode::Invalid,
                        "the edit is not valid",
                    )),
                }
            },
            move |_| {
                let keys = queue
                    .items
                    .with_untracked(|items| items.iter().map(key_of).collect::<Vec<_>>());
                queue.cursor.try_update(|c| c.decided(&keys, &[key]));
                queue.editing.try_set(None);
                ctx.changed();
                ctx.notify("Approved with your changes (u undoes it)");
            },
        );
    };
    let cancel = move || queue.editing.set(None);
    let escape = move |ev: ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        }
    };
    let invalid = move |field: &'static str| {
        move || errors.with(|e| e.get(field).is_some()).then_some("true")
    };
    let task_fields = (kind == ItemKind::Task).then(|| {
        view! {
            <div class="field grow">
                <label for="review-edit-description">"Description"</label>
                <textarea
                    id="review-edit-description"
                    class="input"
                    rows="3"
                    aria-invalid=invalid("description")
                    prop:value=move || fields.with(|f| f.description.clone())
                    on:input:target=move |ev| fields.update(|f| f.description = ev.target().value())
                    on:keydown=escape
                ></textarea>
                {field_error(errors, "description")}
            </div>
            <div class="field-row">
                <div class="field">
                    <label for="review-edit-priority">"Priority"</label>
                    <select
                        id="review-edit-priority"
                        class="input"
                        on:change:target=move |ev| {
                            fields.update(|f| f.priority = ev.target().value().parse().ok());
                        }
                        on:keydown=escape
                    >
                        {priority_options(move || fields.with(|f| f.priority.unwrap_or(Priority::Medium)))}
                    </select>
                    {field_error(errors, "priority")}
                </div>
                {date_field(DateField {
                    id: "review-edit-due",
                    label: "Due date",
                    field: "due_date",
                    read: |f| &f.due_date,
                    write: |f, value| f.due_date = value,
                }, fields, errors, escape)}
            </div>
        }
    });
    let checkpoint_fields = (kind == ItemKind::Checkpoint).then(|| {
        let date = DateField {
            id: "review-edit-date",
            label: "Date",
            field: "date",
            read: |f| &f.date,
            write: |f, value| f.date = value,
        };
        date_field(date, fields, errors, escape)
    });
    view! {
        <form class="review-edit" id="review-edit" novalidate on:submit=submit>
            <div class="field grow">
                <label for="review-edit-title">"Title"</label>
                <input
                    id="review-edit-title"
                    class="input"
                    type="text"
                    autocomplete="off"
                    aria-invalid=invalid("title")
                    prop:value=move || fields.with(|f| f.title.clone())
                    on:input:target=move |ev| fields.update(|f| f.title = ev.target().value())
                    on:keydown=escape
                />
                {field_error(errors, "title")}
            </div>
            {task_fields}
            {checkpoint_fields}
            <div class="form-actions">
                <button type="submit" class="btn btn-primary btn-sm" id="review-edit-save" disabled=move || busy.get()>
                    "Approve with changes"
                </button>
                <button type="button" class="btn btn-sm" on:click=move |_| cancel()>
                    "Cancel"
                </button>
            </div>
        </form>
    }
}

/// A date input of the edit form: `YYYY-MM-DD`, or empty.
struct DateField {
    id: &'static str,
    label: &'static str,
    /// The name the domain's errors use for it.
    field: &'static str,
    read: fn(&EditFields) -> &str,
    write: fn(&mut EditFields, String),
}

fn date_field(
    date: DateField,
    fields: RwSignal<EditFields>,
    errors: RwSignal<FieldErrors>,
    escape: impl Fn(ev::KeyboardEvent) + Copy + 'static,
) -> impl IntoView {
    let DateField {
        id,
        label,
        field,
        read,
        write,
    } = date;
    let set = move |value: String| fields.update(|f| write(f, value));
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <input
                id=id
                class="input"
                type="date"
                aria-invalid=move || errors.with(|e| e.get(field).is_some()).then_some("true")
                prop:value=move || fields.with(|f| read(f).to_owned())
                on:input:target=move |ev| set(ev.target().value())
                on:change:target=move |ev| set(ev.target().value())
                on:keydown=escape
            />
            {field_error(errors, field)}
        </div>
    }
}
