//! `adiuva checkpoint …`

use adiuva_app::Workspace;
use adiuva_domain::{NewCheckpoint, ProjectId};

use crate::{
    CliError,
    args::CheckpointCommand,
    output::{Output, lines},
};

pub fn run(ws: &Workspace, command: CheckpointCommand, out: &Output) -> Result<(), CliError> {
    match command {
        CheckpointCommand::Add {
            project,
            title,
            date,
        } => {
            let checkpoint = ws.create_checkpoint(
                NewCheckpoint {
                    project_id: project,
                    title,
                    date,
                }
                .validate()?,
            )?;
            out.print(&checkpoint, |c| c.id.to_string());
        }
        CheckpointCommand::List { project } => {
            let project = project
                .map(|p| ProjectId::parse(&p, "project"))
                .transpose()?;
            let checkpoints = ws.list_checkpoints(project)?;
            out.print(&checkpoints, |list| {
                lines(list, "No checkpoints.", |c| {
                    format!("{}  {}  {}", c.id, c.date, c.title)
                })
            });
        }
    }
    Ok(())
}
