//! The root component.

use leptos::prelude::*;

use crate::ipc;

#[component]
pub fn App() -> impl IntoView {
    let projects = LocalResource::new(|| ipc::list_projects(false));
    view! {
        <main>
            <h1>"Adiuva"</h1>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || projects.get().map(|result| match result {
                    Ok(list) => view! { <p id="project-count">{format!("{} projects", list.len())}</p> }.into_any(),
                    Err(err) => view! { <p class="error">{err.message}</p> }.into_any(),
                })}
            </Suspense>
        </main>
    }
}
