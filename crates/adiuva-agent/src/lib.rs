//! Adiuva's tool surface as data, for every transport (stdio MCP, the device channel, local
//! agents): the catalogue of tools with names `[a-z0-9_]{1,64}`, typed inputs whose JSON
//! Schemas are generated from the Rust types, honest annotations, and the shape of a call and
//! its answer. No I/O: the application layer's executor authenticates, decides, runs and
//! records each call; `mcp` is MCP's JSON-RPC framing, the same for every transport.

pub mod args;
pub mod call;
pub mod catalogue;
pub mod mcp;
mod schema;

pub use call::{
    CallError, PROVENANCE_FIELDS, Prepared, ToolCall, ToolOutcome, canonical_json, idempotency_key,
    prepare, redact,
};
pub use catalogue::{Annotations, CATALOGUE, Tool, ToolDescription, ToolSpec, describe_all, spec};

#[cfg(test)]
mod tests;
