//! A task's comments: the thread, oldest first, and the box to add one (Ctrl/Cmd+Enter).

use adiuva_domain::{Author, Comment, NewComment, TaskId};
use leptos::{ev, prelude::*, task::spawn_local};

use super::{
    icons::{Icon, icon},
    loadable::loaded,
    task_form::field_error,
};
use crate::{
    clock, components::form_state::FormState, context::ctx, hooks::workspace_resource, ipc,
    state::dates::relative_time,
};

fn author_name(author: &Author) -> String {
    match author {
        Author::User => "You".to_owned(),
        Author::Agent(id) => id.clone(),
    }
}

fn comment_item(comment: Comment) -> impl IntoView {
    let ctx = ctx();
    let id = comment.id;
    let is_agent = matches!(comment.author, Author::Agent(_));
    let when = clock::local_time(comment.created_at);
    view! {
        <li class="comment" data-id=id.to_string()>
            <div class="comment-head">
                <span class="avatar" class=("avatar-agent", is_agent) aria-hidden="true">
                    {author_name(&comment.author).chars().next().unwrap_or('?').to_string()}
                </span>
                <span class="comment-author">{author_name(&comment.author)}</span>
                {is_agent.then(|| view! { <span class="pill pill-ai">"Agent"</span> })}
                <time class="comment-time" datetime=when.format("%Y-%m-%dT%H:%M").to_string()>
                    {relative_time(when, clock::now())}
                </time>
                <button
                    type="button"
                    class="icon-btn comment-delete"
                    title="Delete comment"
                    aria-label="Delete comment"
                    on:click=move |_| {
                        spawn_local(async move {
                            match ipc::delete_comment(id).await {
                                Ok(()) => {
                                    ctx.changed();
                                    ctx.notify("Comment deleted");
                                }
                                Err(err) => ctx.fail(&err),
                            }
                        });
                    }
                >
                    {icon(Icon::Trash)}
                </button>
            </div>
            <div class="comment-body">{comment.content}</div>
        </li>
    }
}

#[component]
pub fn Comments(task_id: TaskId) -> impl IntoView {
    let ctx = ctx();
    let comments = workspace_resource(move || ipc::list_comments(task_id));
    let draft = RwSignal::new(String::new());
    let form = FormState::new(ctx, &["content"]);
    let (errors, busy) = (form.errors, form.busy);

    let submit = move || {
        let input = NewComment {
            task_id: task_id.to_string(),
            content: draft.get_untracked(),
        };
        let checked = input.validate().map(drop);
        form.send(
            checked,
            async move { ipc::add_comment(&input).await },
            move |_| {
                draft.try_set(String::new());
                ctx.changed();
            },
        );
    };
    let count = move || {
        comments
            .get()
            .and_then(Result::ok)
            .map(|c| c.len())
            .filter(|&n| n > 0)
            .map(|n| n.to_string())
    };

    view! {
        <section class="comments" aria-label="Comments">
            <h3 class="section-title">
                {icon(Icon::Comment)} "Comments" <span class="count">{count}</span>
            </h3>
            {loaded(
                comments,
                |list: Vec<Comment>| {
                    if list.is_empty() {
                        view! { <p class="muted comments-empty">"No comments yet."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="comment-list">
                                {list.into_iter().map(comment_item).collect_view()}
                            </ul>
                        }
                            .into_any()
                    }
                },
            )}
            <form
                class="comment-form"
                novalidate
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <textarea
                    id="comment-input"
                    class="input"
                    rows="3"
                    placeholder="Write a comment…"
                    aria-label="New comment"
                    prop:value=move || draft.get()
                    on:input:target=move |ev| draft.set(ev.target().value())
                    on:keydown=move |ev: ev::KeyboardEvent| {
                        if ev.key() == "Enter" && (ev.ctrl_key() || ev.meta_key()) {
                            ev.prevent_default();
                            submit();
                        }
                    }
                ></textarea>
                {field_error(errors, "content")}
                <div class="comment-actions">
                    <span class="hint">"Ctrl/⌘ Enter to send"</span>
                    <button
                        type="submit"
                        id="comment-add"
                        class="btn btn-primary btn-sm"
                        disabled=move || busy.get()
                    >
                        "Comment"
                    </button>
                </div>
            </form>
        </section>
    }
}
