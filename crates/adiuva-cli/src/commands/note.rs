//! `adiuva note …`

use adiuva_app::Workspace;
use adiuva_domain::{NewNote, NoteId, ProjectId};
use std::{io::Read, path::Path};

use crate::{
    CliError,
    args::NoteCommand,
    output::{Output, lines},
};

pub fn run(ws: &Workspace, command: NoteCommand, out: &Output) -> Result<(), CliError> {
    match command {
        NoteCommand::Add {
            title,
            content,
            file,
            project,
        } => {
            let content = match file {
                Some(path) => Some(read(&path)?),
                None => content,
            };
            let note = ws.create_note(
                NewNote {
                    title,
                    content,
                    project_id: project,
                }
                .validate()?,
            )?;
            out.print(&note, |n| n.id.to_string());
        }
        NoteCommand::Show { id } => {
            let note = ws.get_note(NoteId::parse(&id, "id")?)?;
            out.print(&note, |n| format!("# {}\n\n{}", n.title, n.content));
        }
        NoteCommand::List { project } => {
            let project = project
                .map(|p| ProjectId::parse(&p, "project"))
                .transpose()?;
            let notes = ws.list_notes(project)?;
            out.print(&notes, |list| {
                lines(list, "No notes.", |n| {
                    format!("{}  {}  {}", n.id, n.title, n.excerpt)
                })
            });
        }
    }
    Ok(())
}

fn read(path: &Path) -> Result<String, CliError> {
    let failed = |source| CliError::Read {
        path: path.display().to_string(),
        source,
    };
    if path == Path::new("-") {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text).map_err(failed)?;
        Ok(text)
    } else {
        std::fs::read_to_string(path).map_err(failed)
    }
}
