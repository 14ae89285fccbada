//! `adiuva search TEXT`

use adiuva_app::Workspace;

use crate::{
    CliError,
    output::{Output, lines},
};

pub fn run(ws: &Workspace, text: &str, limit: u32, out: &Output) -> Result<(), CliError> {
    let hits = ws.search(text, limit)?;
    out.print(&hits, |list| {
        lines(list, "Nothing found.", |hit| {
            let id = hit.task_id.as_deref().unwrap_or(&hit.id);
            format!("{:<10}  {id}  {}  —  {}", hit.kind, hit.title, hit.snippet)
        })
    });
    Ok(())
}
