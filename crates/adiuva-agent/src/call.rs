//! One call and its answer: what a transport hands the executor (tool name, JSON arguments,
//! an optional idempotency key), how arguments are prepared (provenance fields set aside,
//! typed parse), how they are recorded (redacted, hashed canonically), and the answer
//! (structured content, a short text, and whether it is an error).

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};

use crate::catalogue::Tool;

/// The longest idempotency key.
pub const IDEMPOTENCY_KEY_MAX_CHARS: usize = 200;

/// A tool call as a transport received it. The caller's agent id is not here: it comes from
/// the transport's authentication, never from the call.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ToolCall {
    pub name: String,
    /// A JSON object; absent or `null` means no arguments.
    #[serde(default)]
    pub arguments: Value,
    /// When given, a repeated call with the same key returns the first answer instead of
    /// running again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotency_key: Option<String>,
}

impl ToolCall {
    pub fn new(name: impl Into<String>, arguments: Value) -> Self {
        Self {
            name: name.into(),
            arguments,
            idempotency_key: None,
        }
    }

    pub fn with_idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }
}

/// Argument fields that claim who wrote something. Provenance is the authenticated caller's;
/// these are set aside, never applied, and recorded in the ledger as an attempt.
pub const PROVENANCE_FIELDS: &[&str] = &[
    "actor",
    "agent",
    "agent_id",
    "author",
    "created_by",
    "created_by_agent",
    "is_ai_suggested",
    "is_approved",
    "origin",
    "source",
    "tagged_at",
    "tagged_by",
    "tagged_by_agent",
    "tagging_status",
];

/// Why a call could not be parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("there is no tool named {0:?}; list the tools to see what there is")]
    UnknownTool(String),
    #[error("the arguments must be a JSON object")]
    NotAnObject,
    #[error("invalid arguments for {tool}: {message}")]
    InvalidArguments { tool: String, message: String },
    #[error("the idempotency key must be 1 to {IDEMPOTENCY_KEY_MAX_CHARS} characters")]
    InvalidIdempotencyKey,
}

/// A call ready to decide on: the typed tool, and the provenance fields it tried to set.
#[derive(Clone, Debug, PartialEq)]
pub struct Prepared {
    pub tool: Tool,
    pub ignored: Map<String, Value>,
}

/// Sets provenance fields aside and parses the rest into the tool's typed input.
pub fn prepare(name: &str, arguments: &Value) -> Result<Prepared, CallError> {
    let mut object = match arguments {
        Value::Null => Map::new(),
        Value::Object(map) => map.clone(),
        _ => return Err(CallError::NotAnObject),
    };
    let ignored: Map<String, Value> = PROVENANCE_FIELDS
        .iter()
        .filter_map(|field| object.remove(*field).map(|v| ((*field).to_owned(), v)))
        .collect();
    let tool = Tool::from_value(name, Value::Object(object))
        .ok_or_else(|| CallError::UnknownTool(name.to_owned()))?
        .map_err(|e| CallError::InvalidArguments {
            tool: name.to_owned(),
            message: e.to_string(),
        })?;
    Ok(Prepared { tool, ignored })
}

/// Checks an idempotency key's shape.
pub fn idempotency_key(key: Option<&str>) -> Result<Option<&str>, CallError> {
    match key {
        None => Ok(None),
        Some(k)
            if !k.is_empty()
                && k.chars().count() <= IDEMPOTENCY_KEY_MAX_CHARS
                && !k.chars().any(char::is_control) =>
        {
            Ok(Some(k))
        }
        Some(_) => Err(CallError::InvalidIdempotencyKey),
    }
}

/// Characters of a string argument kept in the ledger.
pub const REDACTED_TEXT_CHARS: usize = 200;

/// The arguments as the ledger keeps them: long texts (note bodies, descriptions) cut to
/// their start and length, so the ledger says what was asked without copying the workspace.
pub fn redact(value: &Value) -> Value {
    match value {
        Value::String(s) if s.chars().count() > REDACTED_TEXT_CHARS => {
            let head: String = s.chars().take(REDACTED_TEXT_CHARS).collect();
            Value::String(format!("{head}…[{} characters]", s.chars().count()))
        }
        Value::Array(items) => Value::Array(items.iter().map(redact).collect()),
        Value::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), redact(v))).collect())
        }
        other => other.clone(),
    }
}

/// JSON with object keys sorted at every level: equal values always encode alike (what the
/// argument and result hashes are taken over).
pub fn canonical_json(value: &Value) -> String {
    fn write(value: &Value, out: &mut String) {
        match value {
            Value::Object(map) => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                out.push('{');
                for (i, key) in keys.into_iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    out.push_str(&Value::String(key.clone()).to_string());
                    out.push(':');
                    write(&map[key], out);
                }
                out.push('}');
            }
            Value::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            other => out.push_str(&other.to_string()),
        }
    }
    let mut out = String::new();
    write(value, &mut out);
    out
}

/// The answer to a call: structured content (always a JSON object), a short text for people
/// and models, and whether the call failed. Refusals and bad input are answers with
/// `is_error`, never transport errors.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ToolOutcome {
    pub structured: Value,
    pub text: String,
    pub is_error: bool,
    /// The ledger entry that recorded the call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ledger_id: Option<String>,
    /// True when this is the recorded answer of an earlier call with the same idempotency key.
    #[serde(default)]
    pub replayed: bool,
}

impl ToolOutcome {
    pub fn ok(structured: Value, text: impl Into<String>) -> Self {
        Self {
            structured,
            text: text.into(),
            is_error: false,
            ledger_id: None,
            replayed: false,
        }
    }

    /// A failed call: `{"error": {"code", "message", "field"?}}`.
    pub fn error(code: &str, message: impl Into<String>, field: Option<&str>) -> Self {
        let message = message.into();
        let mut error = json!({ "code": code, "message": message });
        if let Some(field) = field {
            error["field"] = Value::from(field);
        }
        Self {
            structured: json!({ "error": error }),
            text: message,
            is_error: true,
            ledger_id: None,
            replayed: false,
        }
    }

    /// The error code of a failed call.
    pub fn error_code(&self) -> Option<&str> {
        self.structured["error"]["code"]
            .as_str()
            .filter(|_| self.is_error)
    }

    /// The result of MCP's `tools/call`.
    pub fn to_mcp(&self) -> Value {
        json!({
            "content": [{ "type": "text", "text": self.text }],
            "structuredContent": self.structured,
            "isError": self.is_error,
        })
    }
}
