//! The typed inputs of every tool. Doc comments become the schemas' descriptions; unknown
//! fields are refused so a typo is an error the agent sees, not an ignored field.

pub mod checkpoints;
pub mod notes;
pub mod projects;
pub mod tasks;
pub mod workspace;

use schemars::JsonSchema;
use serde::Deserialize;

/// A tool that takes no arguments.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct NoArgs {}
