//! `adiuva project …`

use adiuva_app::Workspace;
use adiuva_domain::{NewProject, Project, ProjectId};

use crate::{
    CliError,
    args::ProjectCommand,
    output::{Output, lines},
};

pub fn run(ws: &Workspace, command: ProjectCommand, out: &Output) -> Result<(), CliError> {
    match command {
        ProjectCommand::Add { name, client } => {
            let project = ws.create_project(
                NewProject {
                    name,
                    client_id: client,
                }
                .validate()?,
            )?;
            out.print(&project, |p| p.id.to_string());
        }
        ProjectCommand::List { all } => {
            let projects = ws.list_projects(all)?;
            out.print(&projects, |list| {
                lines(
                    list,
                    "No projects yet. Create one with: adiuva project add NAME",
                    line,
                )
            });
        }
        ProjectCommand::Archive { id } => {
            let project = ws.archive_project(ProjectId::parse(&id, "id")?)?;
            out.print(&project, |p| format!("archived {}", p.name));
        }
    }
    Ok(())
}

fn line(p: &Project) -> String {
    let client = p
        .client_id
        .as_deref()
        .map(|c| format!("  ({c})"))
        .unwrap_or_default();
    format!("{}  {:<8}  {}{client}", p.id, p.status, p.name)
}
