//! JSON-RPC 2.0 as MCP uses it: classifying one parsed message (request, notification, a
//! response from the client, or invalid) and building answers with the standard error codes.

use serde_json::{Map, Value, json};

/// The frame was not JSON.
pub const PARSE_ERROR: i64 = -32700;
/// The JSON was not a valid request object (or not allowed here, like a refused batch).
pub const INVALID_REQUEST: i64 = -32600;
pub const METHOD_NOT_FOUND: i64 = -32601;
/// Missing or malformed parameters, an unknown tool among them.
pub const INVALID_PARAMS: i64 = -32602;
/// The tools could not run the call (a broken database); never a tool's own failure.
pub const INTERNAL_ERROR: i64 = -32603;

/// One message of a frame, classified.
#[derive(Debug, PartialEq)]
pub enum Incoming {
    Request {
        id: Value,
        method: String,
        params: Option<Map<String, Value>>,
    },
    Notification {
        method: String,
        params: Option<Map<String, Value>>,
    },
    /// Nothing to do and nothing to answer: a response from the client (this server sends no
    /// requests), or a notification whose parameters are not an object (never answered).
    Ignored,
    /// Not a JSON-RPC 2.0 message; `id` is the request's id when it could be read, else null.
    Invalid {
        id: Value,
        code: i64,
        message: String,
    },
}

/// Whether `id` may identify a request: MCP allows strings and numbers (never null).
fn valid_id(id: &Value) -> bool {
    matches!(id, Value::String(_) | Value::Number(_))
}

/// Classifies one message of a frame.
pub fn classify(message: Value) -> Incoming {
    let Value::Object(mut object) = message else {
        return invalid(Value::Null, "a JSON-RPC message is a JSON object");
    };
    // The id is read first so that every later complaint can name the request it is about.
    let id = match object.remove("id") {
        None => None,
        Some(id) if valid_id(&id) => Some(id),
        Some(_) => return invalid(Value::Null, "the id must be a string or a number"),
    };
    let reply_id = id.clone().unwrap_or(Value::Null);
    if object.get("jsonrpc").and_then(Value::as_str) != Some("2.0") {
        return invalid(reply_id, "the message must say \"jsonrpc\": \"2.0\"");
    }
    let method = match object.remove("method") {
        Some(Value::String(method)) => method,
        Some(_) => return invalid(reply_id, "the method must be a string"),
        None if id.is_some() && (object.contains_key("result") || object.contains_key("error")) => {
            return Incoming::Ignored;
        }
        None => return invalid(reply_id, "a request names a method"),
    };
    let params = match object.remove("params") {
        None => None,
        Some(Value::Object(params)) => Some(params),
        Some(_) if id.is_none() => return Incoming::Ignored,
        Some(_) => {
            return Incoming::Invalid {
                id: reply_id,
                code: INVALID_PARAMS,
                message: "MCP parameters are a JSON object".to_owned(),
            };
        }
    };
    match id {
        Some(id) => Incoming::Request { id, method, params },
        None => Incoming::Notification { method, params },
    }
}

fn invalid(id: Value, message: &str) -> Incoming {
    Incoming::Invalid {
        id,
        code: INVALID_REQUEST,
        message: message.to_owned(),
    }
}

/// A successful answer to request `id`.
pub fn result(id: Value, result: Value) -> Value {
    json!({ "jsonrpc": "2.0", "id": id, "result": result })
}

/// An error answer to request `id` (null when the request's id could not be read).
pub fn error(id: Value, code: i64, message: &str, data: Option<Value>) -> Value {
    let mut error = json!({ "code": code, "message": message });
    if let Some(data) = data {
        error["data"] = data;
    }
    json!({ "jsonrpc": "2.0", "id": id, "error": error })
}
