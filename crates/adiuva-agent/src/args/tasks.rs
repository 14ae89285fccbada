//! Inputs of the task and comment tools.

use adiuva_domain::{
    NewComment, NewTask, Priority, TaskFilter, TaskOrder, TaskPatch, TaskStatus,
    patch::double_option,
};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::schema;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListTasks {
    /// Only tasks of this project (id).
    #[serde(default)]
    #[schemars(extend("format" = "uuid"))]
    pub project_id: Option<String>,
    #[serde(default)]
    #[schemars(schema_with = "schema::status")]
    pub status: Option<TaskStatus>,
    #[serde(default)]
    #[schemars(schema_with = "schema::priority")]
    pub priority: Option<Priority>,
    /// Words matched (as prefixes) in titles, descriptions and comments.
    #[serde(default)]
    pub search: Option<String>,
    /// Sort order; `priority` (high first, then earliest due) by default.
    #[serde(default)]
    #[schemars(schema_with = "schema::order")]
    pub order_by: Option<TaskOrder>,
    /// Also tasks of archived projects.
    #[serde(default)]
    pub include_archived: bool,
    /// At most this many tasks.
    #[serde(default)]
    #[schemars(range(min = 1, max = 2000))]
    pub limit: Option<u32>,
}

impl ListTasks {
    pub fn filter(&self) -> TaskFilter {
        TaskFilter {
            project_id: self.project_id.clone(),
            status: self.status,
            priority: self.priority,
            search: self.search.clone(),
            order_by: self.order_by,
            include_archived: self.include_archived,
            limit: Some(self.limit.unwrap_or(500).clamp(1, 2000)),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateTask {
    /// One line, at most 200 characters.
    pub title: String,
    /// Markdown, at most 20 000 characters.
    #[serde(default)]
    pub description: Option<String>,
    /// `todo` by default.
    #[serde(default)]
    #[schemars(schema_with = "schema::status")]
    pub status: Option<TaskStatus>,
    /// `medium` by default.
    #[serde(default)]
    #[schemars(schema_with = "schema::priority")]
    pub priority: Option<Priority>,
    /// Names of the people doing it.
    #[serde(default)]
    pub assignees: Vec<String>,
    /// Due date, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub due_date: Option<String>,
    /// The project to file it under (id).
    #[serde(default)]
    #[schemars(extend("format" = "uuid"))]
    pub project_id: Option<String>,
    /// Let the internal tagger tag it (default true); false leaves it pending for an external tagger.
    #[serde(default)]
    pub auto_tag: Option<bool>,
    /// Why you propose this task; shown to the person reviewing it.
    #[serde(default)]
    pub rationale: Option<String>,
}

impl CreateTask {
    pub fn new_task(&self) -> NewTask {
        NewTask {
            title: self.title.clone(),
            description: self.description.clone(),
            status: self.status,
            priority: self.priority,
            assignees: self.assignees.clone(),
            due_date: self.due_date.clone(),
            project_id: self.project_id.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateTask {
    #[schemars(extend("format" = "uuid"))]
    pub task_id: String,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    #[schemars(schema_with = "schema::status")]
    pub status: Option<TaskStatus>,
    #[serde(default)]
    #[schemars(schema_with = "schema::priority")]
    pub priority: Option<Priority>,
    /// Replaces the assignees.
    #[serde(default)]
    pub assignees: Option<Vec<String>>,
    /// `YYYY-MM-DD`; `null` removes the due date.
    #[serde(default, deserialize_with = "double_option")]
    #[schemars(schema_with = "schema::nullable_date")]
    pub due_date: Option<Option<String>>,
    /// Moves the task to this project; `null` unfiles it.
    #[serde(default, deserialize_with = "double_option")]
    #[schemars(schema_with = "schema::nullable_id")]
    pub project_id: Option<Option<String>>,
}

impl UpdateTask {
    pub fn patch(&self) -> TaskPatch {
        TaskPatch {
            title: self.title.clone(),
            description: self.description.clone(),
            status: self.status,
            priority: self.priority,
            assignees: self.assignees.clone(),
            due_date: self.due_date.clone(),
            project_id: self.project_id.clone(),
        }
    }

    /// The fields this update sets (what field globs such as `update_task:status` match).
    pub fn fields(&self) -> Vec<&'static str> {
        let mut fields = Vec::new();
        let mut add = |set: bool, name| {
            if set {
                fields.push(name);
            }
        };
        add(self.title.is_some(), "title");
        add(self.description.is_some(), "description");
        add(self.status.is_some(), "status");
        add(self.priority.is_some(), "priority");
        add(self.assignees.is_some(), "assignees");
        add(self.due_date.is_some(), "due_date");
        add(self.project_id.is_some(), "project_id");
        fields
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TaskRef {
    #[schemars(extend("format" = "uuid"))]
    pub task_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AddTaskComment {
    #[schemars(extend("format" = "uuid"))]
    pub task_id: String,
    /// Markdown, at most 10 000 characters. The author is you (the calling agent).
    pub content: String,
}

impl AddTaskComment {
    pub fn new_comment(&self) -> NewComment {
        NewComment {
            task_id: self.task_id.clone(),
            content: self.content.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommentRef {
    #[schemars(extend("format" = "uuid"))]
    pub comment_id: String,
}
