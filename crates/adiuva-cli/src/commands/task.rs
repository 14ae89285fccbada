//! `adiuva task …`

use adiuva_app::Workspace;
use adiuva_domain::{Comment, NewTask, Task, TaskFilter, TaskId, TaskStatus};
use serde::Serialize;

use crate::{
    CliError,
    args::{TaskAdd, TaskCommand, TaskList},
    output::{Output, lines},
};

pub fn run(ws: &Workspace, command: TaskCommand, out: &Output) -> Result<(), CliError> {
    match command {
        TaskCommand::Add(add) => {
            let task = ws.create_task(new_task(add).validate()?)?;
            out.print(&task, |t| t.id.to_string());
        }
        TaskCommand::List(list) => {
            let tasks = if list.today {
                ws.tasks_due_today()?
            } else {
                ws.list_tasks(&filter(list).validate()?)?
            };
            out.print(&tasks, |list| lines(list, "No tasks match.", line));
        }
        TaskCommand::Move { id, status } => moved(ws, &id, status.into(), out)?,
        TaskCommand::Done { id } => moved(ws, &id, TaskStatus::Done, out)?,
        TaskCommand::Show { id } => {
            let id = TaskId::parse(&id, "id")?;
            let shown = Shown {
                task: ws.get_task(id)?,
                comments: ws.list_comments(id)?,
            };
            out.print(&shown, show);
        }
    }
    Ok(())
}

fn moved(ws: &Workspace, id: &str, status: TaskStatus, out: &Output) -> Result<(), CliError> {
    let task = ws.move_task(TaskId::parse(id, "id")?, status)?;
    out.print(&task, |t| {
        format!("{} is now {}", t.title, t.status.label().to_lowercase())
    });
    Ok(())
}

fn new_task(add: TaskAdd) -> NewTask {
    NewTask {
        title: add.title,
        description: add.description,
        status: add.status.map(Into::into),
        priority: add.priority.map(Into::into),
        assignees: add.assignees,
        due_date: add.due,
        project_id: add.project,
    }
}

fn filter(list: TaskList) -> TaskFilter {
    TaskFilter {
        project_id: list.project,
        status: list.status.map(Into::into),
        priority: list.priority.map(Into::into),
        search: list.search,
        order_by: list.order.map(Into::into),
        include_archived: list.all,
        limit: list.limit,
    }
}

fn line(t: &Task) -> String {
    let due = t
        .due_date
        .map(|d| d.to_string())
        .unwrap_or_else(|| "-".into());
    format!(
        "{}  {:<11}  {:<6}  {:<10}  {}",
        t.id, t.status, t.priority, due, t.title
    )
}

#[derive(Serialize)]
struct Shown {
    task: Task,
    comments: Vec<Comment>,
}

fn show(shown: &Shown) -> String {
    let t = &shown.task;
    let mut text = vec![
        format!("{}\n", t.title),
        format!("id        {}", t.id),
        format!("status    {}", t.status.label()),
        format!("priority  {}", t.priority.label()),
    ];
    if let Some(due) = t.due_date {
        text.push(format!("due       {due}"));
    }
    if let Some(project) = t.project_id {
        text.push(format!("project   {project}"));
    }
    if !t.assignees.is_empty() {
        text.push(format!("assignees {}", t.assignees.join(", ")));
    }
    if !t.description.is_empty() {
        text.push(format!("\n{}", t.description));
    }
    if !shown.comments.is_empty() {
        text.push("\nComments:".to_owned());
        text.extend(
            shown
                .comments
                .iter()
                .map(|c| format!("- {}: {}", c.author, c.content)),
        );
    }
    text.join("\n")
}
