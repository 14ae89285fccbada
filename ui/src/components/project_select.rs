//! The `<option>`s of a project picker: active projects, plus the selected one even when
//! archived, so a form never silently shows (and saves) "no project" for it.

use adiuva_domain::ProjectStatus;
use leptos::prelude::*;

use crate::context::ctx;

/// Options for a `<select>` whose value is a project id, or `""` for `none_label`.
pub fn project_options(
    selected: impl Fn() -> String + Send + Sync + Copy + 'static,
    none_label: &'static str,
) -> impl IntoView {
    let ctx = ctx();
    let projects = move || {
        let current = selected();
        ctx.projects
            .get()
            .and_then(Result::ok)
            .unwrap_or_default()
            .into_iter()
            .filter(|p| p.status == ProjectStatus::Active || p.id.to_string() == current)
            .collect::<Vec<_>>()
    };
    view! {
        <option value="" selected=move || selected().is_empty()>
            {none_label}
        </option>
        <For each=projects key=|p| (p.id, p.name.clone(), p.status) let:project>
            {
                let id = project.id.to_string();
                let value = id.clone();
                let label = match project.status {
                    ProjectStatus::Archived => format!("{} (archived)", project.name),
                    ProjectStatus::Active => project.name,
                };
                view! {
                    <option value=value selected=move || selected() == id>
                        {label}
                    </option>
                }
            }
        </For>
    }
}
