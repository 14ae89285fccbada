//! MCP over JSON-RPC 2.0, independent of any transport: a `Session` takes one frame (a
//! string) and returns zero or one frame to send back, calling `Tools` for `tools/list` and
//! `tools/call`. Stdio and the device channel both drive it; neither parses JSON-RPC itself.
//!
//! Revisions: the `initialize` handshake revisions the official SDKs send (Python `mcp`
//! 2.x and `@modelcontextprotocol/sdk` 1.x open with 2025-11-25; older clients ask for
//! 2025-06-18, 2025-03-26 or 2024-11-05). A requested revision we speak is answered with
//! itself, any other with our latest. The stateless 2026-07-28 era (`server/discover`) is not
//! spoken: it is answered "method not found", which the Python SDK takes as its cue to fall
//! back to `initialize`.
//!
//! Batches: only 2025-03-26 added JSON-RPC batching and 2025-06-18 removed it again, so a
//! batch is served only once 2025-03-26 was negotiated; otherwise the whole frame is one
//! `-32600` error.
//!
//! Requests before `initialize` are served (a relay may start a fresh device session for a
//! client that already initialized through it); a second `initialize` negotiates again.

pub mod message;

use std::collections::VecDeque;

use serde_json::{Map, Value, json};

use crate::{ToolCall, ToolDescription, ToolOutcome, spec};
use message::{
    INTERNAL_ERROR, INVALID_PARAMS, INVALID_REQUEST, Incoming, METHOD_NOT_FOUND, PARSE_ERROR,
    classify, error, result,
};

/// Revisions spoken, newest first.
pub const PROTOCOL_VERSIONS: &[&str] = &["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"];
/// Answered to a client asking for a revision we do not speak.
pub const LATEST_PROTOCOL_VERSION: &str = PROTOCOL_VERSIONS[0];
/// The only revision with JSON-RPC batches.
const BATCH_REVISION: &str = "2025-03-26";
/// The largest frame read; a larger one is answered with an error and dropped, and the
/// session goes on. Far above any tool's input (a note body is at most 1 MB of text).
pub const MAX_FRAME_BYTES: usize = 4 * 1024 * 1024;
/// Where a `tools/call` carries its idempotency key: `params._meta["adiuva/idempotencyKey"]`.
pub const IDEMPOTENCY_META_KEY: &str = "adiuva/idempotencyKey";
/// Cancelled ids remembered for requests not yet seen; ids are never reused within a
/// session, so forgetting the oldest only matters for a client cancelling wildly.
const CANCELLED_REMEMBERED: usize = 256;

/// What a session calls to list and run tools: the application layer's executor bound to
/// the transport's authenticated caller.
pub trait Tools {
    /// Why a call could not run at all (a broken database); answered as an internal error.
    /// A tool's own failure is an `Ok` outcome with `is_error`.
    type Error: std::fmt::Display;

    fn list(&mut self) -> Vec<ToolDescription>;

    fn call(&mut self, call: &ToolCall) -> Result<ToolOutcome, Self::Error>;
}

/// One MCP conversation with one client.
#[derive(Debug)]
pub struct Session {
    server_version: String,
    negotiated: Option<&'static str>,
    initialized: bool,
    cancelled: VecDeque<Value>,
}

impl Session {
    /// A session whose `serverInfo` names this version of Adiuva.
    pub fn new(server_version: impl Into<String>) -> Self {
        Self {
            server_version: server_version.into(),
            negotiated: None,
            initialized: false,
            cancelled: VecDeque::new(),
        }
    }

    /// The revision `initialize` settled on.
    pub fn protocol_version(&self) -> Option<&'static str> {
        self.negotiated
    }

    /// Whether the client said `notifications/initialized`.
    pub fn initialized(&self) -> bool {
        self.initialized
    }

    /// Handles one frame; returns the frame to send back, if any.
    pub fn handle(&mut self, frame: &str, tools: &mut impl Tools) -> Option<String> {
        if frame.len() > MAX_FRAME_BYTES {
            return Some(self.too_large());
        }
        let message: Value = match serde_json::from_str(frame) {
            Ok(message) => message,
            Err(e) => {
                let answer = error(
                    Value::Null,
                    PARSE_ERROR,
                    "the frame is not JSON",
                    Some(json!({ "detail": e.to_string() })),
                );
                return Some(answer.to_string());
            }
        };
        let answer = match message {
            Value::Array(batch) => self.batch(batch, tools),
            single => self.one(single, tools, false),
        };
        answer.map(|a| a.to_string())
    }

    /// The answer to a frame over `MAX_FRAME_BYTES`, for transports that stop reading it.
    pub fn too_large(&self) -> String {
        error(
            Value::Null,
            INVALID_REQUEST,
            "the frame is larger than 4 MiB and was not read",
            Some(json!({ "limit": MAX_FRAME_BYTES })),
        )
        .to_string()
    }

    /// The answer to a frame a transport could not even turn into text (not UTF-8).
    pub fn unreadable(&self, why: &str) -> String {
        error(Value::Null, PARSE_ERROR, why, None).to_string()
    }

    /// Lets a transport that queues frames show the session a cancellation before the
    /// request it cancels is handled, so that request is dropped unanswered. Any other frame
    /// is left alone (it is handled in its turn).
    pub fn observe(&mut self, frame: &str) {
        if frame.len() > MAX_FRAME_BYTES || !frame.contains("notifications/cancelled") {
            return;
        }
        if let Ok(message) = serde_json::from_str::<Value>(frame) {
            for message in match message {
                Value::Array(batch) => batch,
                single => vec![single],
            } {
                if let Incoming::Notification { method, params } = classify(message)
                    && method == "notifications/cancelled"
                {
                    self.cancel(params.as_ref());
                }
            }
        }
    }

    fn batch(&mut self, batch: Vec<Value>, tools: &mut impl Tools) -> Option<Value> {
        if self.negotiated != Some(BATCH_REVISION) {
            let message = match self.negotiated {
                Some(revision) => format!("MCP {revision} has no JSON-RPC batches"),
                None => "batches are served only after initialize negotiated 2025-03-26".to_owned(),
            };
            return Some(error(Value::Null, INVALID_REQUEST, &message, None));
        }
        if batch.is_empty() {
            return Some(error(Value::Null, INVALID_REQUEST, "an empty batch", None));
        }
        let answers: Vec<Value> = batch
            .into_iter()
            .filter_map(|message| self.one(message, tools, true))
            .collect();
        (!answers.is_empty()).then_some(Value::Array(answers))
    }

    fn one(&mut self, message: Value, tools: &mut impl Tools, in_batch: bool) -> Option<Value> {
        match classify(message) {
            Incoming::Invalid { id, code, message } => Some(error(id, code, &message, None)),
            Incoming::Ignored => None,
            Incoming::Notification { method, params } => {
                self.notification(&method, params.as_ref());
                None
            }
            Incoming::Request { id, method, params } => {
                if let Some(at) = self.cancelled.iter().position(|c| *c == id) {
                    // Cancelled before it ran: the spec says not to answer it.
                    self.cancelled.remove(at);
                    return None;
                }
                if in_batch && method == "initialize" {
                    return Some(error(
                        id,
                        INVALID_REQUEST,
                        "initialize must not be part of a batch",
                        None,
                    ));
                }
                let params = params.unwrap_or_default();
                Some(match self.request(&method, &params, tools) {
                    Ok(answer) => result(id, answer),
                    Err(Refusal {
                        code,
                        message,
                        data,
                    }) => error(id, code, &message, data),
                })
            }
        }
    }

    fn notification(&mut self, method: &str, params: Option<&Map<String, Value>>) {
        match method {
            "notifications/initialized" => self.initialized = true,
            "notifications/cancelled" => self.cancel(params),
            // Unknown notifications are ignored, as JSON-RPC asks.
            _ => {}
        }
    }

    fn cancel(&mut self, params: Option<&Map<String, Value>>) {
        let Some(id) = params.and_then(|p| p.get("requestId")) else {
            return;
        };
        if matches!(id, Value::String(_) | Value::Number(_)) && !self.cancelled.contains(id) {
            if self.cancelled.len() == CANCELLED_REMEMBERED {
                self.cancelled.pop_front();
            }
            self.cancelled.push_back(id.clone());
        }
    }

    fn request(
        &mut self,
        method: &str,
        params: &Map<String, Value>,
        tools: &mut impl Tools,
    ) -> Result<Value, Refusal> {
        match method {
            "initialize" => self.initialize(params),
            "ping" => Ok(json!({})),
            "tools/list" => {
                if params.get("cursor").is_some_and(|c| !c.is_null()) {
                    // Every tool fits in one page, so no cursor was ever handed out.
                    return Err(Refusal::params(
                        "unknown cursor: every tool is on the first page",
                    ));
                }
                Ok(json!({ "tools": tools.list() }))
            }
            "tools/call" => call(params, tools),
            _ => Err(Refusal {
                code: METHOD_NOT_FOUND,
                message: format!("method not found: {method}"),
                data: Some(json!({ "method": method })),
            }),
        }
    }

    fn initialize(&mut self, params: &Map<String, Value>) -> Result<Value, Refusal> {
        let requested = params
            .get("protocolVersion")
            .and_then(Value::as_str)
            .ok_or_else(|| Refusal::params("initialize needs protocolVersion, a string"))?;
        let version = PROTOCOL_VERSIONS
            .iter()
            .copied()
            .find(|v| *v == requested)
            .unwrap_or(LATEST_PROTOCOL_VERSION);
        self.negotiated = Some(version);
        Ok(json!({
            "protocolVersion": version,
            "capabilities": { "tools": { "listChanged": false } },
            "serverInfo": { "name": "adiuva", "title": "Adiuva", "version": self.server_version },
            "instructions": "Tools over the person's Adiuva workspace (projects, tasks, checkpoints, notes). What you create waits in their review queue until they approve it; give a rationale. What you may do is set by your assignment; a refused call is a result with isError.",
        }))
    }
}

/// `tools/call`: the name must be a tool (else invalid params, as the spec's example says);
/// everything about the arguments' content is the tool's answer, with `isError`.
fn call(params: &Map<String, Value>, tools: &mut impl Tools) -> Result<Value, Refusal> {
    let name = match params.get("name") {
        Some(Value::String(name)) => name,
        Some(_) => return Err(Refusal::params("name must be a string")),
        None => return Err(Refusal::params("tools/call needs the tool's name")),
    };
    if spec(name).is_none() {
        return Err(Refusal {
            code: INVALID_PARAMS,
            message: format!("unknown tool: {name}"),
            data: Some(json!({ "name": name })),
        });
    }
    let arguments = match params.get("arguments") {
        None | Some(Value::Null) => Value::Object(Map::new()),
        Some(object @ Value::Object(_)) => object.clone(),
        Some(_) => return Err(Refusal::params("arguments must be a JSON object")),
    };
    let key = match params
        .get("_meta")
        .and_then(|meta| meta.get(IDEMPOTENCY_META_KEY))
    {
        None | Some(Value::Null) => None,
        Some(Value::String(key)) => Some(key.clone()),
        Some(_) => {
            return Err(Refusal::params(
                "_meta[\"adiuva/idempotencyKey\"] must be a string",
            ));
        }
    };
    let call = ToolCall {
        name: name.clone(),
        arguments,
        idempotency_key: key,
    };
    match tools.call(&call) {
        Ok(outcome) => Ok(outcome.to_mcp()),
        // The cause stays with the transport's log: it is the workspace's, not the caller's.
        Err(_) => Err(Refusal {
            code: INTERNAL_ERROR,
            message: "the workspace could not run the call".to_owned(),
            data: None,
        }),
    }
}

/// A request answered with a JSON-RPC error.
struct Refusal {
    code: i64,
    message: String,
    data: Option<Value>,
}

impl Refusal {
    fn params(message: &str) -> Self {
        Self {
            code: INVALID_PARAMS,
            message: message.to_owned(),
            data: None,
        }
    }
}

#[cfg(test)]
mod tests;
