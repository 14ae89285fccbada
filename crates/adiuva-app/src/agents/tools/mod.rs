//! The tools an agent calls, run inside the executor's transaction: what each touches (its
//! scopes, for the decision) and what it does (through the same functions as the person's
//! use cases). Provenance comes from the caller: an agent's new items are suggestions it
//! created, its comments are signed by it, its tags are stamped with it.

mod checkpoints;
mod notes;
mod projects;
mod tasks;
mod workspace;

use adiuva_agent::Tool;
use adiuva_domain::{AgentId, Glob, ItemKind, Millis, ProjectId, Scopes, ValidationError};
use adiuva_store::{Connection, items};
use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};
use uuid::Uuid;

use super::tagging::ItemRef;
use crate::{AppError, Change, Entity};

/// The longest rationale an agent may give with a suggestion.
pub(crate) const RATIONALE_MAX_CHARS: usize = 2_000;

/// What a tool runs with.
pub(crate) struct Ctx<'a> {
    pub conn: &'a Connection,
    pub caller: AgentId,
    pub now: Millis,
    pub today: NaiveDate,
    /// The caller's deny globs: list results drop what they cover.
    pub deny: &'a [Glob],
}

impl Ctx<'_> {
    /// Whether a record of `table` in `project` may be shown to the caller.
    pub fn visible(&self, table: &str, project: Option<ProjectId>) -> bool {
        let place = Scopes::default().in_project(table, project);
        !place
            .resources
            .iter()
            .any(|r| self.deny.iter().any(|g| g.matches(r)))
    }
}

/// What a tool did.
#[derive(Debug, Default)]
pub(crate) struct Done {
    pub structured: Value,
    pub text: String,
    /// `<kind>:<id>` of each record written.
    pub affected: Vec<String>,
    pub events: Vec<(Entity, String, Change)>,
    /// New items to hand to the internal tagger after the commit.
    pub tag_later: Vec<ItemRef>,
}

impl Done {
    pub fn new(structured: Value, text: impl Into<String>) -> Self {
        Self {
            structured,
            text: text.into(),
            ..Self::default()
        }
    }

    /// Records a write of `entity` `id` (affected, and announced after the commit).
    pub fn wrote(mut self, entity: Entity, id: impl ToString, change: Change) -> Self {
        let id = id.to_string();
        self.affected.push(format!("{entity}:{id}"));
        self.events.push((entity, id, change));
        self
    }

    /// A new item of the caller's: written, waiting for review, and (unless the caller opted
    /// out) for the internal tagger.
    pub fn suggested(self, item: ItemRef, auto_tag: bool) -> Self {
        let mut done = self.wrote(item.entity(), item.id, Change::Created);
        done.events
            .push((Entity::Review, item.id.to_string(), Change::Created));
        if auto_tag {
            done.tag_later.push(item);
        }
        done
    }
}

/// What `tool` touches.
pub(crate) fn scopes(conn: &Connection, tool: &Tool) -> Result<Scopes, AppError> {
    let name = tool.name();
    let action = Scopes::action(name);
    Ok(match tool {
        Tool::ListTasks(a) => match &a.project_id {
            Some(p) => place_named(action, "tasks", Some(p)),
            None => action,
        },
        Tool::CreateTask(a) => place_named(action, "tasks", a.project_id.as_deref()),
        Tool::UpdateTask(a) => {
            let scopes = place_of(
                conn,
                Scopes::fields(name, &a.fields()),
                ItemKind::Task,
                &a.task_id,
            )?;
            match &a.project_id {
                Some(target) => place_named(scopes, "tasks", target.as_deref()),
                None => scopes,
            }
        }
        Tool::DeleteTask(r) | Tool::ListTaskComments(r) => {
            place_of(conn, action, ItemKind::Task, &r.task_id)?
        }
        Tool::AddTaskComment(a) => place_of(conn, action, ItemKind::Task, &a.task_id)?,
        Tool::DeleteTaskComment(r) => tasks::comment_place(conn, action, &r.comment_id)?,
        Tool::ListTasksDueToday(_)
        | Tool::ListProjects(_)
        | Tool::CreateProject(_)
        | Tool::Search(_)
        | Tool::ListPendingTagging(_) => action,
        Tool::ListCheckpoints(a) => match &a.project_id {
            Some(p) => place_named(action, "checkpoints", Some(p)),
            None => action,
        },
        Tool::CreateCheckpoint(a) => place_named(action, "checkpoints", Some(&a.project_id)),
        Tool::UpdateCheckpoint(a) => {
            let scopes = place_of(
                conn,
                Scopes::fields(name, &a.fields()),
                ItemKind::Checkpoint,
                &a.checkpoint_id,
            )?;
            match &a.project_id {
                Some(target) => place_named(scopes, "checkpoints", Some(target)),
                None => scopes,
            }
        }
        Tool::DeleteCheckpoint(r) => {
            place_of(conn, action, ItemKind::Checkpoint, &r.checkpoint_id)?
        }
        Tool::GetProject(r) | Tool::ArchiveProject(r) | Tool::DeleteProject(r) => {
            place_named(action, "projects", Some(&r.project_id))
        }
        Tool::UpdateProject(a) => place_named(
            Scopes::fields(name, &a.fields()),
            "projects",
            Some(&a.project_id),
        ),
        Tool::ListNotes(a) => match &a.project_id {
            Some(p) => place_named(action, "notes", Some(p)),
            None => action,
        },
        Tool::GetNote(r) | Tool::DeleteNote(r) => {
            place_of(conn, action, ItemKind::Note, &r.note_id)?
        }
        Tool::CreateNote(a) => place_named(action, "notes", a.project_id.as_deref()),
        Tool::UpdateNote(a) => {
            let scopes = place_of(
                conn,
                Scopes::fields(name, &a.fields()),
                ItemKind::Note,
                &a.note_id,
            )?;
            match &a.project_id {
                Some(target) => place_named(scopes, "notes", target.as_deref()),
                None => scopes,
            }
        }
        Tool::SubmitTags(a) => {
            let scopes = place_of(conn, action, a.kind, &a.id)?;
            let target = a
                .project_id
                .clone()
                .or_else(|| workspace::project_tag(&a.tags));
            match target {
                Some(p) => place_named(scopes, a.kind.table(), Some(&p)),
                None => scopes,
            }
        }
        Tool::Retag(r) => place_of(conn, action, r.kind, &r.id)?,
    })
}

/// Runs `tool` for the caller.
pub(crate) fn run(ctx: &Ctx<'_>, tool: Tool) -> Result<Done, AppError> {
    match tool {
        Tool::ListTasks(a) => tasks::list(ctx, &a),
        Tool::CreateTask(a) => tasks::create(ctx, &a),
        Tool::UpdateTask(a) => tasks::update(ctx, &a),
        Tool::DeleteTask(r) => tasks::delete(ctx, &r),
        Tool::ListTasksDueToday(_) => tasks::due_today(ctx),
        Tool::ListTaskComments(r) => tasks::comments(ctx, &r),
        Tool::AddTaskComment(a) => tasks::comment(ctx, &a),
        Tool::DeleteTaskComment(r) => tasks::delete_comment(ctx, &r),
        Tool::ListCheckpoints(a) => checkpoints::list(ctx, &a),
        Tool::CreateCheckpoint(a) => checkpoints::create(ctx, &a),
        Tool::UpdateCheckpoint(a) => checkpoints::update(ctx, &a),
        Tool::DeleteCheckpoint(r) => checkpoints::delete(ctx, &r),
        Tool::ListProjects(a) => projects::list(ctx, &a),
        Tool::GetProject(r) => projects::get(ctx, &r),
        Tool::CreateProject(a) => projects::create(ctx, &a),
        Tool::UpdateProject(a) => projects::update(ctx, &a),
        Tool::ArchiveProject(r) => projects::archive(ctx, &r),
        Tool::DeleteProject(r) => projects::delete(ctx, &r),
        Tool::ListNotes(a) => notes::list(ctx, &a),
        Tool::GetNote(r) => notes::get(ctx, &r),
        Tool::CreateNote(a) => notes::create(ctx, &a),
        Tool::UpdateNote(a) => notes::update(ctx, &a),
        Tool::DeleteNote(r) => notes::delete(ctx, &r),
        Tool::Search(a) => workspace::search(ctx, &a),
        Tool::ListPendingTagging(a) => workspace::pending(ctx, &a),
        Tool::SubmitTags(a) => workspace::submit_tags(ctx, &a),
        Tool::Retag(r) => workspace::retag(ctx, &r),
    }
}

/// An id argument that may not parse yet (the run reports that; scopes just skip it).
pub(crate) fn uuid(text: &str) -> Option<Uuid> {
    Uuid::try_parse(text.trim()).ok()
}

/// Adds where an existing item is filed to `scopes` (nothing when it does not exist).
pub(crate) fn place_of(
    conn: &Connection,
    scopes: Scopes,
    kind: ItemKind,
    id: &str,
) -> Result<Scopes, AppError> {
    Ok(match uuid(id) {
        Some(id) => match items::project(conn, kind, id)? {
            Some(project) => scopes.in_project(kind.table(), project),
            None => scopes,
        },
        None => scopes,
    })
}

/// Adds the place named by an optional project id argument (blank: unfiled).
pub(crate) fn place_named(scopes: Scopes, table: &str, project: Option<&str>) -> Scopes {
    match project.map(str::trim) {
        None | Some("") => scopes.in_project(table, None),
        Some(p) => match uuid(p) {
            Some(p) => scopes.in_project(table, Some(ProjectId::from_uuid(p))),
            None => scopes,
        },
    }
}

pub(crate) fn rationale(text: Option<&str>) -> Result<Option<String>, ValidationError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => {
            adiuva_domain::validation::free_text(t, "rationale", RATIONALE_MAX_CHARS).map(Some)
        }
    }
}

/// "3 tasks: a; b; c" (the first few titles).
pub(crate) fn listed<T>(noun: &str, items: &[T], title: impl Fn(&T) -> &str) -> String {
    const SHOWN: usize = 10;
    if items.is_empty() {
        return format!("No {noun}s.");
    }
    let titles: Vec<&str> = items.iter().take(SHOWN).map(title).collect();
    let more = if items.len() > SHOWN { "; …" } else { "" };
    let plural = if items.len() == 1 { "" } else { "s" };
    format!(
        "{} {noun}{plural}: {}{more}",
        items.len(),
        titles.join("; ")
    )
}

/// A value as structured content.
pub(crate) fn value(v: &impl Serialize) -> Value {
    serde_json::to_value(v).unwrap_or_else(|e| json!({ "unserializable": e.to_string() }))
}

/// A title quoted in a short text.
pub(crate) fn quoted(title: &str) -> String {
    format!("“{title}”")
}

/// An optional id argument where blank means none.
pub(crate) fn optional_id<T>(
    text: Option<&str>,
    field: &'static str,
    parse: fn(&str, &'static str) -> Result<T, ValidationError>,
) -> Result<Option<T>, ValidationError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => parse(t, field).map(Some),
    }
}
