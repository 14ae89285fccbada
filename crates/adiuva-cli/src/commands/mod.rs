//! One module per command group; each turns parsed arguments into a use-case call and prints.

mod checkpoint;
mod comment;
mod note;
mod project;
mod search;
mod task;

use adiuva_app::Workspace;

use crate::{CliError, args::Command, output::Output};

pub fn dispatch(ws: &Workspace, command: Command, out: &Output) -> Result<(), CliError> {
    match command {
        Command::Project(command) => project::run(ws, command, out),
        Command::Task(command) => task::run(ws, command, out),
        Command::Comment(command) => comment::run(ws, command, out),
        Command::Checkpoint(command) => checkpoint::run(ws, command, out),
        Command::Note(command) => note::run(ws, command, out),
        Command::Search { text, limit } => search::run(ws, &text, limit, out),
    }
}
