//! LLM providers the person brings their own key for. The key itself is never part of these
//! types once stored: only whether one is set and its last four characters.

use serde::{Deserialize, Serialize};

use crate::{
    patch::double_option,
    text_enum::text_enum,
    time::Millis,
    validation::{Reason, ValidationError, optional_single_line, single_line},
};

text_enum!(
    /// The wire protocol a provider speaks.
    ProviderKind {
        OpenAi => "openai",
        Anthropic => "anthropic",
        /// Any endpoint speaking OpenAI's API (Ollama, LM Studio, Groq, OpenRouter, Mistral, …).
        OpenAiCompatible => "openai_compatible",
    }
);

/// A ready-made provider configuration offered in settings (the UI reads the constant list;
/// it is never sent over IPC).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ProviderPreset {
    pub id: &'static str,
    pub label: &'static str,
    pub kind: ProviderKind,
    pub base_url: &'static str,
    /// Local servers (Ollama, LM Studio) work without a key.
    pub needs_key: bool,
}

/// The presets settings offers; "custom" is an OpenAI-compatible endpoint with any base URL.
pub const PROVIDER_PRESETS: &[ProviderPreset] = &[
    ProviderPreset {
        id: "openai",
        label: "OpenAI",
        kind: ProviderKind::OpenAi,
        base_url: "https://api.openai.com/v1",
        needs_key: true,
    },
    ProviderPreset {
        id: "anthropic",
        label: "Anthropic",
        kind: ProviderKind::Anthropic,
        base_url: "https://api.anthropic.com/v1",
        needs_key: true,
    },
    ProviderPreset {
        id: "ollama",
        label: "Ollama",
        kind: ProviderKind::OpenAiCompatible,
        base_url: "http://localhost:11434/v1",
        needs_key: false,
    },
    ProviderPreset {
        id: "lmstudio",
        label: "LM Studio",
        kind: ProviderKind::OpenAiCompatible,
        base_url: "http://localhost:1234/v1",
        needs_key: false,
    },
    ProviderPreset {
        id: "groq",
        label: "Groq",
        kind: ProviderKind::OpenAiCompatible,
        base_url: "https://api.groq.com/openai/v1",
        needs_key: true,
    },
    ProviderPreset {
        id: "openrouter",
        label: "OpenRouter",
        kind: ProviderKind::OpenAiCompatible,
        base_url: "https://openrouter.ai/api/v1",
        needs_key: true,
    },
    ProviderPreset {
        id: "mistral",
        label: "Mistral",
        kind: ProviderKind::OpenAiCompatible,
        base_url: "https://api.mistral.ai/v1",
        needs_key: true,
    },
];

/// A configured provider as every surface shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Provider {
    pub id: String,
    pub name: String,
    pub kind: ProviderKind,
    pub base_url: String,
    /// The model chosen for this provider's agents.
    pub model: Option<String>,
    /// The last four characters of the key, when one is set in the OS keyring.
    pub key_last4: Option<String>,
    pub created_at: Millis,
    pub updated_at: Millis,
}

/// A provider as asked for. `key` is the secret: it goes to the OS keyring only.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewProvider {
    pub name: String,
    pub kind: Option<ProviderKind>,
    /// Required for OpenAI-compatible endpoints; defaults to the official API otherwise.
    #[serde(default)]
    pub base_url: Option<String>,
    #[serde(default)]
    pub key: Option<String>,
}

/// Changes to a provider's settings (the key has its own use cases).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderPatch {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    #[serde(
        default,
        deserialize_with = "double_option",
        skip_serializing_if = "Option::is_none"
    )]
    pub model: Option<Option<String>>,
}

/// How a "Test" of a provider went: it ran, so this is a result, not an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ProviderCheck {
    /// The key works; these models are available.
    Ok {
        models: Vec<String>,
        latency_ms: u64,
    },
    /// The provider refused the key (HTTP 401 or 403).
    BadKey { message: String },
    /// Too many requests; try again after this many seconds (when the provider said).
    RateLimited { retry_after_secs: Option<u64> },
    /// Nothing answered at the base URL (DNS, refused connection, TLS).
    Unreachable { message: String },
    /// No answer within the time limit.
    Timeout { seconds: u64 },
    /// Something answered, but not like this provider's API: most likely a wrong base URL.
    WrongBaseUrl { message: String },
}

/// Longest accepted key (real keys are well under 200 characters).
pub const PROVIDER_KEY_MAX_CHARS: usize = 512;
pub const PROVIDER_NAME_MAX_CHARS: usize = 60;

/// A key as typed or pasted: trimmed, one token, bounded.
pub fn validate_key(key: &str) -> Result<String, ValidationError> {
    let key = single_line(key, "key", PROVIDER_KEY_MAX_CHARS)?;
    if key.chars().any(char::is_whitespace) {
        return Err(ValidationError::new("key", Reason::NotSingleLine));
    }
    Ok(key)
}

/// A base URL: `http://` or `https://`, no spaces, without a trailing slash.
pub fn validate_base_url(url: &str) -> Result<String, ValidationError> {
    let url = single_line(url, "base_url", 300)?;
    let lower = url.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    if rest.is_none_or(|host| host.is_empty() || host.starts_with('/'))
        || url.contains(char::is_whitespace)
    {
        return Err(ValidationError::new("base_url", Reason::InvalidUrl));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

/// A provider name: one line, bounded.
pub fn validate_provider_name(name: &str) -> Result<String, ValidationError> {
    single_line(name, "name", PROVIDER_NAME_MAX_CHARS)
}

/// A model id, when one is chosen.
pub fn validate_model(model: Option<&str>) -> Result<Option<String>, ValidationError> {
    optional_single_line(model, "model", 200)
}

/// The last four characters of a key, as shown in settings.
pub fn last4(key: &str) -> String {
    let chars: Vec<char> = key.chars().collect();
    chars[chars.len().saturating_sub(4)..].iter().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_must_be_http_and_lose_their_trailing_slash() {
        assert_eq!(
            validate_base_url(" http://localhost:11434/v1/ ").unwrap(),
            "http://localhost:11434/v1"
        );
        for bad in [
            "localhost:11434",
            "ftp://x",
            "https://",
            "https:///v1",
            "http://a b",
        ] {
            assert_eq!(
                validate_base_url(bad).unwrap_err().reason,
                Reason::InvalidUrl,
                "{bad}"
            );
        }
    }

    #[test]
    fn keys_are_single_tokens_and_show_four_characters() {
        assert_eq!(validate_key("  sk-abc123  ").unwrap(), "sk-abc123");
        assert!(validate_key("sk abc").is_err());
        assert!(validate_key("").is_err());
        assert_eq!(last4("sk-abcdefgh1234"), "1234");
        assert_eq!(last4("ab"), "ab");
    }

    #[test]
    fn checks_serialize_with_their_outcome() {
        let json = serde_json::to_value(ProviderCheck::RateLimited {
            retry_after_secs: Some(7),
        })
        .unwrap();
        assert_eq!(
            json,
            serde_json::json!({"outcome": "rate_limited", "retry_after_secs": 7})
        );
    }
}
