//! Inputs of the note tools.

use adiuva_domain::{NewNote, NotePatch, patch::double_option};
use schemars::JsonSchema;
use serde::Deserialize;

use crate::schema;

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListNotes {
    /// Only notes of this project (id).
    #[serde(default)]
    #[schemars(extend("format" = "uuid"))]
    pub project_id: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteRef {
    #[schemars(extend("format" = "uuid"))]
    pub note_id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateNote {
    /// One line, at most 200 characters.
    pub title: String,
    /// Markdown.
    #[serde(default)]
    pub content: Option<String>,
    /// The project to file it under (id).
    #[serde(default)]
    #[schemars(extend("format" = "uuid"))]
    pub project_id: Option<String>,
    /// Let the internal tagger tag it (default true).
    #[serde(default)]
    pub auto_tag: Option<bool>,
    /// Why you propose this note; shown to the person reviewing it.
    #[serde(default)]
    pub rationale: Option<String>,
}

impl CreateNote {
    pub fn new_note(&self) -> NewNote {
        NewNote {
            title: self.title.clone(),
            content: self.content.clone(),
            project_id: self.project_id.clone(),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateNote {
    #[schemars(extend("format" = "uuid"))]
    pub note_id: String,
    #[serde(default)]
    pub title: Option<String>,
    /// The whole new markdown body (call `get_note` first to keep what is there).
    #[serde(default)]
    pub content: Option<String>,
    /// Moves the note to this project; `null` unfiles it.
    #[serde(default, deserialize_with = "double_option")]
    #[schemars(schema_with = "schema::nullable_id")]
    pub project_id: Option<Option<String>>,
}

impl UpdateNote {
    pub fn patch(&self) -> NotePatch {
        NotePatch {
            title: self.title.clone(),
            content: self.content.clone(),
            project_id: self.project_id.clone(),
        }
    }

    pub fn fields(&self) -> Vec<&'static str> {
        [
            (self.title.is_some(), "title"),
            (self.content.is_some(), "content"),
            (self.project_id.is_some(), "project_id"),
        ]
        .into_iter()
        .filter_map(|(set, name)| set.then_some(name))
        .collect()
    }
}
