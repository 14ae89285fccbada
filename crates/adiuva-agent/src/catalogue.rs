//! Every tool: its name, title, description for models, annotations, input type and schema.
//! One table drives both what `tools/list` shows and how `tools/call` parses.

use serde::Serialize;
use serde_json::Value;

use crate::{
    args::{
        NoArgs,
        checkpoints::{CheckpointRef, CreateCheckpoint, ListCheckpoints, UpdateCheckpoint},
        notes::{CreateNote, ListNotes, NoteRef, UpdateNote},
        projects::{CreateProject, ListProjects, ProjectRef, UpdateProject},
        tasks::{AddTaskComment, CommentRef, CreateTask, ListTasks, TaskRef, UpdateTask},
        workspace::{ItemArg, ListPendingTagging, Search, SubmitTags},
    },
    schema::input_schema,
};

/// MCP tool annotations, stated honestly: a hint a client may show or act on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Annotations {
    #[serde(rename = "readOnlyHint")]
    pub read_only: bool,
    /// It may overwrite or remove what is there.
    #[serde(rename = "destructiveHint")]
    pub destructive: bool,
    /// Calling it again with the same arguments changes nothing more.
    #[serde(rename = "idempotentHint")]
    pub idempotent: bool,
    /// It reaches nothing outside the workspace.
    #[serde(rename = "openWorldHint")]
    pub open_world: bool,
}

/// One tool as the catalogue knows it.
#[derive(Clone, Copy, Debug)]
pub struct ToolSpec {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub annotations: Annotations,
    schema: fn() -> Value,
}

impl ToolSpec {
    pub fn input_schema(&self) -> Value {
        (self.schema)()
    }

    /// The tool as MCP's `tools/list` describes it.
    pub fn describe(&self) -> ToolDescription {
        ToolDescription {
            name: self.name,
            title: self.title,
            description: self.description,
            input_schema: self.input_schema(),
            annotations: AnnotationsWithTitle {
                title: self.title,
                hints: self.annotations,
            },
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AnnotationsWithTitle {
    pub title: &'static str,
    #[serde(flatten)]
    pub hints: Annotations,
}

/// A tool in the shape of MCP's `Tool` object.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ToolDescription {
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub input_schema: Value,
    pub annotations: AnnotationsWithTitle,
}

const fn hints(read_only: bool, destructive: bool, idempotent: bool) -> Annotations {
    Annotations {
        read_only,
        destructive,
        idempotent,
        open_world: false,
    }
}

/// Reads: change nothing, so they repeat freely.
const READ: Annotations = hints(true, false, true);
/// Creates: a second call makes a second item.
const CREATE: Annotations = hints(false, false, false);
/// Updates: overwrite fields; the same update twice leaves the same state.
const UPDATE: Annotations = hints(false, true, true);
/// Deletes: remove for good; deleting again finds nothing.
const DELETE: Annotations = hints(false, true, true);

macro_rules! tools {
    ($($variant:ident($args:ty) = $name:literal, $title:literal, $hints:expr, $description:literal;)+) => {
        /// A parsed call: the tool and its typed arguments.
        #[derive(Clone, Debug, PartialEq, Eq)]
        pub enum Tool {
            $($variant($args)),+
        }

        impl Tool {
            pub fn name(&self) -> &'static str {
                match self {
                    $(Self::$variant(_) => $name),+
                }
            }

            /// `None` for an unknown tool; the arguments' parse error otherwise.
            pub(crate) fn from_value(name: &str, arguments: Value) -> Option<Result<Self, serde_json::Error>> {
                Some(match name {
                    $($name => serde_json::from_value::<$args>(arguments).map(Self::$variant),)+
                    _ => return None,
                })
            }
        }

        /// Every tool, in the order `tools/list` shows them.
        pub static CATALOGUE: &[ToolSpec] = &[
            $(ToolSpec {
                name: $name,
                title: $title,
                description: $description,
                annotations: $hints,
                schema: input_schema::<$args>,
            },)+
        ];
    };
}

tools! {
    ListTasks(ListTasks) = "list_tasks", "List tasks", READ,
        "List approved tasks, filtered by project, status, priority or words, sorted as asked. Tasks of archived projects are hidden unless include_archived.";
    CreateTask(CreateTask) = "create_task", "Create a task", CREATE,
        "Propose a new task. It waits in the person's review queue (is_ai_suggested, not approved) until they approve it; give a rationale.";
    UpdateTask(UpdateTask) = "update_task", "Update a task", UPDATE,
        "Change a task's fields; only the fields given change. due_date or project_id null clears them.";
    DeleteTask(TaskRef) = "delete_task", "Delete a task", DELETE,
        "Delete a task and its comments for good.";
    ListTasksDueToday(NoArgs) = "list_tasks_due_today", "Tasks due today", READ,
        "Tasks due today in the person's time zone, open ones first.";
    ListTaskComments(TaskRef) = "list_task_comments", "List a task's comments", READ,
        "A task's comments, oldest first.";
    AddTaskComment(AddTaskComment) = "add_task_comment", "Comment on a task", CREATE,
        "Add a comment to a task, written as you (the calling agent).";
    DeleteTaskComment(CommentRef) = "delete_task_comment", "Delete a comment", DELETE,
        "Delete one task comment for good.";
    ListCheckpoints(ListCheckpoints) = "list_checkpoints", "List checkpoints", READ,
        "A project's milestones in date order, or those of every active project.";
    CreateCheckpoint(CreateCheckpoint) = "create_checkpoint", "Create a checkpoint", CREATE,
        "Propose a dated milestone in a project. It waits in the person's review queue until approved.";
    UpdateCheckpoint(UpdateCheckpoint) = "update_checkpoint", "Update a checkpoint", UPDATE,
        "Change a checkpoint's title, date or project.";
    DeleteCheckpoint(CheckpointRef) = "delete_checkpoint", "Delete a checkpoint", DELETE,
        "Delete a checkpoint for good.";
    ListProjects(ListProjects) = "list_projects", "List projects", READ,
        "Projects by name; archived ones too with include_archived.";
    GetProject(ProjectRef) = "get_project", "Get a project", READ,
        "One project, active or archived.";
    CreateProject(CreateProject) = "create_project", "Create a project", CREATE,
        "Create an active project.";
    UpdateProject(UpdateProject) = "update_project", "Update a project", UPDATE,
        "Rename a project or change its client.";
    ArchiveProject(ProjectRef) = "archive_project", "Archive a project", hints(false, false, true),
        "Archive a project: it and its tasks leave the board, nothing is lost. Prefer this to deleting.";
    DeleteProject(ProjectRef) = "delete_project", "Delete a project", DELETE,
        "Delete an archived project with its tasks, comments and checkpoints (its notes are kept, unfiled). Refused for an active project: archive it first.";
    ListNotes(ListNotes) = "list_notes", "List notes", READ,
        "Note titles and excerpts, most recently edited first.";
    GetNote(NoteRef) = "get_note", "Get a note", READ,
        "One note with its whole markdown body. Call it before update_note to keep what is there.";
    CreateNote(CreateNote) = "create_note", "Create a note", CREATE,
        "Propose a markdown note. It waits in the person's review queue until approved.";
    UpdateNote(UpdateNote) = "update_note", "Update a note", UPDATE,
        "Change a note's title, body (the whole body is replaced) or project.";
    DeleteNote(NoteRef) = "delete_note", "Delete a note", DELETE,
        "Delete a note for good.";
    Search(Search) = "search", "Search the workspace", READ,
        "Find projects, tasks, comments, checkpoints and notes containing every word (as a prefix), best first.";
    ListPendingTagging(ListPendingTagging) = "list_pending_tagging", "Items waiting for tags", READ,
        "The tagging work queue: tasks, checkpoints and notes not tagged yet, oldest first. Tag each with submit_tags.";
    SubmitTags(SubmitTags) = "submit_tags", "Tag an item", hints(false, true, true),
        "Write an item's tags and copy their attributes onto its fields (labels, priority, due date, project). A pending item becomes tagged by you; your tags wait for the person's review.";
    Retag(ItemArg) = "retag", "Ask for new tags", hints(false, false, true),
        "Put an item back in the tagging work queue.";
}

/// The tool named `name`.
pub fn spec(name: &str) -> Option<&'static ToolSpec> {
    CATALOGUE.iter().find(|t| t.name == name)
}

/// The whole catalogue as MCP's `tools/list` result lists it.
pub fn describe_all() -> Vec<ToolDescription> {
    CATALOGUE.iter().map(ToolSpec::describe).collect()
}
