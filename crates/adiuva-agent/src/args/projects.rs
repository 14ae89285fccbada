//! Inputs of the project tools.

use adiuva_domain::{NewProject, ProjectPatch, patch::double_option};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::schema;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListProjects {
    /// Also archived projects.
    #[serde(default)]
    pub include_archived: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectRef {
    #[schemars(extend("format" = "uuid"))]
    pub project_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateProject {
    /// One line, at most 120 characters.
    pub name: String,
    /// The client the project is for.
    #[serde(default)]
    pub client_id: Option<String>,
}

impl CreateProject {
    pub fn new_project(&self) -> NewProject {
        NewProject {
            name: self.name.clone(),
            client_id: self.client_id.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateProject {
    #[schemars(extend("format" = "uuid"))]
    pub project_id: String,
    #[serde(default)]
    pub name: Option<String>,
    /// `null` clears the client.
    #[serde(default, deserialize_with = "double_option")]
    #[schemars(schema_with = "schema::nullable_text")]
    pub client_id: Option<Option<String>>,
}

impl UpdateProject {
    pub fn patch(&self) -> ProjectPatch {
        ProjectPatch {
            name: self.name.clone(),
            client_id: self.client_id.clone(),
        }
    }

    pub fn fields(&self) -> Vec<&'static str> {
        [
            (self.name.is_some(), "name"),
            (self.client_id.is_some(), "client_id"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
        .collect()
    }
}
