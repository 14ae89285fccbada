//! Inputs of the workspace-wide tools: search and tagging.

use adiuva_domain::{ItemKind, Priority, TagInput};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::schema;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Search {
    /// Words to find, each as a prefix, in projects, tasks, comments, checkpoints and notes.
    pub query: String,
    /// At most this many hits (20 by default).
    #[serde(default)]
    #[schemars(range(min = 1, max = 200))]
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListPendingTagging {
    /// Only items of this kind.
    #[serde(default)]
    #[schemars(schema_with = "schema::item_kind")]
    pub kind: Option<ItemKind>,
    /// At most this many items (50 by default).
    #[serde(default)]
    #[schemars(range(min = 1, max = 500))]
    pub limit: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitTags {
    #[schemars(schema_with = "schema::item_kind")]
    pub kind: ItemKind,
    /// The item's id.
    #[schemars(extend("format" = "uuid"))]
    pub id: String,
    /// The item's whole tag set: `label:<text>`, `priority:high|medium|low`,
    /// `due:YYYY-MM-DD`, `project:<id>`. Labels, priority, due date and project are copied onto
    /// the item's fields.
    pub tags: Vec<String>,
    /// Labels to set instead of those in `tags`.
    #[serde(default)]
    pub labels: Option<Vec<String>>,
    /// A priority to set instead of the one in `tags` (tasks).
    #[serde(default)]
    #[schemars(schema_with = "schema::priority")]
    pub priority: Option<Priority>,
    /// A due date to set instead of the one in `tags`, `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub due_date: Option<String>,
    /// A project to set instead of the one in `tags` (id).
    #[serde(default)]
    #[schemars(extend("format" = "uuid"))]
    pub project_id: Option<String>,
}

impl SubmitTags {
    pub fn input(&self) -> TagInput {
        TagInput {
            tags: self.tags.clone(),
            labels: self.labels.clone(),
            priority: self.priority,
            due_date: self.due_date.clone(),
            project_id: self.project_id.clone(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemArg {
    #[schemars(schema_with = "schema::item_kind")]
    pub kind: ItemKind,
    #[schemars(extend("format" = "uuid"))]
    pub id: String,
}
