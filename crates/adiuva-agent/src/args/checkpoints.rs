//! Inputs of the checkpoint tools.

use adiuva_domain::{CheckpointPatch, NewCheckpoint};
use schemars::JsonSchema;
use serde::Deserialize;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListCheckpoints {
    /// Only this project's timeline (id); all active projects by default.
    #[serde(default)]
    #[schemars(extend("format" = "uuid"))]
    pub project_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateCheckpoint {
    /// The project it is a milestone of (id, required).
    #[schemars(extend("format" = "uuid"))]
    pub project_id: String,
    /// One line, at most 200 characters.
    pub title: String,
    /// `YYYY-MM-DD`.
    #[schemars(extend("format" = "date"))]
    pub date: String,
    /// Let the internal tagger tag it (default true).
    #[serde(default)]
    pub auto_tag: Option<bool>,
    /// Why you propose this milestone; shown to the person reviewing it.
    #[serde(default)]
    pub rationale: Option<String>,
}

impl CreateCheckpoint {
    pub fn new_checkpoint(&self) -> NewCheckpoint {
        NewCheckpoint {
            project_id: self.project_id.clone(),
            title: self.title.clone(),
            date: self.date.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateCheckpoint {
    #[schemars(extend("format" = "uuid"))]
    pub checkpoint_id: String,
    #[serde(default)]
    pub title: Option<String>,
    /// `YYYY-MM-DD`.
    #[serde(default)]
    #[schemars(extend("format" = "date"))]
    pub date: Option<String>,
    /// Moves it to another project (id).
    #[serde(default)]
    #[schemars(extend("format" = "uuid"))]
    pub project_id: Option<String>,
}

impl UpdateCheckpoint {
    pub fn patch(&self) -> CheckpointPatch {
        CheckpointPatch {
            title: self.title.clone(),
            date: self.date.clone(),
            project_id: self.project_id.clone(),
        }
    }

    pub fn fields(&self) -> Vec<&'static str> {
        [
            (self.title.is_some(), "title"),
            (self.date.is_some(), "date"),
            (self.project_id.is_some(), "project_id"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
        .collect()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckpointRef {
    #[schemars(extend("format" = "uuid"))]
    pub checkpoint_id: String,
}
