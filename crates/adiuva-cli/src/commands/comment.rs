//! `adiuva comment …`

use adiuva_app::Workspace;
use adiuva_domain::NewComment;

use crate::{CliError, args::CommentCommand, output::Output};

pub fn run(ws: &Workspace, command: CommentCommand, out: &Output) -> Result<(), CliError> {
    match command {
        CommentCommand::Add { task_id, content } => {
            let comment = ws.add_comment(NewComment { task_id, content }.validate()?)?;
            out.print(&comment, |c| c.id.to_string());
        }
    }
    Ok(())
}
