//! Provider settings as plain logic: the add form's fields and the defaults each preset
//! brings, the checks run before sending, what a key looks like on screen (presence and
//! four characters, never the key), and the sentence for every outcome of a test.

use adiuva_domain::{
    NewProvider, PROVIDER_PRESETS, Provider, ProviderCheck, ProviderKind, ProviderPatch,
    ProviderPreset, Reason, ValidationError,
    provider::{validate_base_url, validate_key, validate_model, validate_provider_name},
};

/// The preset select's value for an OpenAI-compatible endpoint at any base URL.
pub const CUSTOM_PRESET: &str = "custom";
pub const CUSTOM_LABEL: &str = "Custom (OpenAI-compatible)";

/// A preset by its id; `None` for custom or an unknown id.
pub fn preset(id: &str) -> Option<&'static ProviderPreset> {
    PROVIDER_PRESETS.iter().find(|p| p.id == id)
}

/// The add-provider form, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProviderFields {
    /// A preset id or [`CUSTOM_PRESET`].
    pub preset: String,
    pub name: String,
    pub base_url: String,
    /// The secret as typed; cleared as soon as it is sent.
    pub key: String,
}

impl ProviderFields {
    /// Fields the shell may refuse, in form order.
    pub const FIELDS: &'static [&'static str] = &["name", "base_url", "key"];

    /// The form as a preset fills it.
    pub fn for_preset(id: &str) -> Self {
        match preset(id) {
            Some(p) => Self {
                preset: p.id.to_owned(),
                name: p.label.to_owned(),
                base_url: p.base_url.to_owned(),
                key: String::new(),
            },
            None => Self {
                preset: CUSTOM_PRESET.to_owned(),
                ..Self::default()
            },
        }
    }

    /// Switches preset: what the old preset filled in is replaced, what the person typed is kept.
    pub fn with_preset(&self, id: &str) -> Self {
        let old = Self::for_preset(&self.preset);
        let new = Self::for_preset(id);
        let keep = |mine: &str, default: &str, next: String| {
            if mine.trim().is_empty() || mine == default {
                next
            } else {
                mine.to_owned()
            }
        };
        Self {
            name: keep(&self.name, &old.name, new.name.clone()),
            base_url: keep(&self.base_url, &old.base_url, new.base_url.clone()),
            key: self.key.clone(),
            preset: new.preset,
        }
    }

    pub fn is_custom(&self) -> bool {
        preset(&self.preset).is_none()
    }

    pub fn kind(&self) -> ProviderKind {
        preset(&self.preset).map_or(ProviderKind::OpenAiCompatible, |p| p.kind)
    }

    /// Local servers and custom endpoints may work without a key.
    pub fn key_required(&self) -> bool {
        preset(&self.preset).is_some_and(|p| p.needs_key)
    }

    /// The provider to add, checked by the domain's rules first.
    pub fn to_new_provider(&self) -> Result<NewProvider, ValidationError> {
        let name = validate_provider_name(&self.name)?;
        let base_url = validate_base_url(&self.base_url)?;
        let key = if self.key.trim().is_empty() {
            if self.key_required() {
                return Err(ValidationError::new("key", Reason::Empty));
            }
            None
        } else {
            Some(validate_key(&self.key)?)
        };
        Ok(NewProvider {
            name,
            kind: Some(self.kind()),
            base_url: Some(base_url),
            key,
        })
    }
}

/// The rename / new base URL form of one provider.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProviderEdit {
    pub name: String,
    pub base_url: String,
}

impl ProviderEdit {
    pub const FIELDS: &'static [&'static str] = &["name", "base_url"];

    pub fn from_provider(provider: &Provider) -> Self {
        Self {
            name: provider.name.clone(),
            base_url: provider.base_url.clone(),
        }
    }

    /// Only what changed, checked first.
    pub fn patch_from(&self, provider: &Provider) -> Result<ProviderPatch, ValidationError> {
        let name = validate_provider_name(&self.name)?;
        let base_url = validate_base_url(&self.base_url)?;
        Ok(ProviderPatch {
            name: (name != provider.name).then_some(name),
            base_url: (base_url != provider.base_url).then_some(base_url),
            model: None,
        })
    }
}

/// The patch choosing a model from the picker (`""` clears it).
pub fn model_patch(value: &str) -> Result<ProviderPatch, ValidationError> {
    Ok(ProviderPatch {
        model: Some(validate_model(Some(value))?),
        ..ProviderPatch::default()
    })
}

/// The models the picker offers: the last test's, plus the chosen one if it is not among them.
pub fn model_choices(tested: &[String], current: Option<&str>) -> Vec<String> {
    let mut choices = tested.to_vec();
    if let Some(current) = current
        && !choices.iter().any(|m| m == current)
    {
        choices.insert(0, current.to_owned());
    }
    choices
}

/// What settings show of the key: its last four characters behind dots, or that there is none.
pub fn key_hint(provider: &Provider) -> String {
    match provider.key_last4.as_deref() {
        Some(last4) => format!("••••{last4}"),
        None => "No key".to_owned(),
    }
}

/// The preset a provider was made from (same kind and base URL), else its kind's name.
pub fn kind_label(provider: &Provider) -> &'static str {
    let url = provider.base_url.trim_end_matches('/');
    if let Some(p) = PROVIDER_PRESETS
        .iter()
        .find(|p| p.kind == provider.kind && p.base_url.eq_ignore_ascii_case(url))
    {
        return p.label;
    }
    match provider.kind {
        ProviderKind::OpenAi => "OpenAI",
        ProviderKind::Anthropic => "Anthropic",
        ProviderKind::OpenAiCompatible => "OpenAI-compatible",
    }
}

/// The outcome's name, as the result element's `data-outcome`.
pub const fn check_outcome(check: &ProviderCheck) -> &'static str {
    match check {
        ProviderCheck::Ok { .. } => "ok",
        ProviderCheck::BadKey { .. } => "bad_key",
        ProviderCheck::RateLimited { .. } => "rate_limited",
        ProviderCheck::Unreachable { .. } => "unreachable",
        ProviderCheck::Timeout { .. } => "timeout",
        ProviderCheck::WrongBaseUrl { .. } => "wrong_base_url",
    }
}

/// One line saying how a test went.
pub fn check_message(check: &ProviderCheck, base_url: &str) -> String {
    match check {
        ProviderCheck::Ok { models, latency_ms } => {
            let count = match models.len() {
                1 => "1 model".to_owned(),
                n => format!("{n} models"),
            };
            format!("Works — {count}, {latency_ms} ms")
        }
        ProviderCheck::BadKey { .. } => "The provider rejected this key".to_owned(),
        ProviderCheck::RateLimited {
            retry_after_secs: Some(secs),
        } => format!("Rate limited — try again in {secs} s"),
        ProviderCheck::RateLimited {
            retry_after_secs: None,
        } => "Rate limited — try again later".to_owned(),
        ProviderCheck::Unreachable { message } => format!("Cannot reach {base_url}: {message}"),
        ProviderCheck::Timeout { seconds } => format!("No answer within {seconds} s"),
        ProviderCheck::WrongBaseUrl { .. } => {
            "Something answered, but not like this provider — check the base URL".to_owned()
        }
    }
}

/// The provider's own words about a failed test, shown as a tooltip; `None` when there are none.
pub fn check_detail(check: &ProviderCheck) -> Option<&str> {
    match check {
        ProviderCheck::BadKey { message } | ProviderCheck::WrongBaseUrl { message } => {
            Some(message.as_str()).filter(|m| !m.is_empty())
        }
        _ => None,
    }
}

/// The models a successful test found.
pub fn tested_models(check: &ProviderCheck) -> Option<&[String]> {
    match check {
        ProviderCheck::Ok { models, .. } => Some(models),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use adiuva_domain::Millis;

    fn provider(kind: ProviderKind, base_url: &str, last4: Option<&str>) -> Provider {
        Provider {
            id: "p1".into(),
            name: "Mine".into(),
            kind,
            base_url: base_url.into(),
            model: None,
            key_last4: last4.map(str::to_owned),
            created_at: Millis(0),
            updated_at: Millis(0),
        }
    }

    #[test]
    fn presets_fill_the_form() {
        let openai = ProviderFields::for_preset("openai");
        assert_eq!(openai.name, "OpenAI");
        assert_eq!(openai.base_url, "https://api.openai.com/v1");
        assert!(openai.key_required() && !openai.is_custom());
        let ollama = ProviderFields::for_preset("ollama");
        assert!(!ollama.key_required());
        assert_eq!(ollama.kind(), ProviderKind::OpenAiCompatible);
        let custom = ProviderFields::for_preset(CUSTOM_PRESET);
        assert!(custom.is_custom() && !custom.key_required());
        assert_eq!((custom.name.as_str(), custom.base_url.as_str()), ("", ""));
    }

    #[test]
    fn switching_presets_keeps_what_was_typed() {
        let mut fields = ProviderFields::for_preset("openai");
        fields.key = "sk-1".into();
        let groq = fields.with_preset("groq");
        assert_eq!(groq.name, "Groq");
        assert_eq!(groq.base_url, "https://api.groq.com/openai/v1");
        assert_eq!(groq.key, "sk-1");
        let mut named = groq;
        named.name = "Work Groq".into();
        let custom = named.with_preset(CUSTOM_PRESET);
        assert_eq!(custom.name, "Work Groq");
        assert_eq!(
            custom.base_url, "",
            "a preset's URL does not stick to custom"
        );
        let mut typed = custom;
        typed.base_url = "http://gpu:8000/v1".into();
        assert_eq!(typed.with_preset("mistral").base_url, "http://gpu:8000/v1");
    }

    #[test]
    fn the_domain_rules_run_before_sending() {
        let mut fields = ProviderFields::for_preset("openai");
        let err = fields.to_new_provider().expect_err("key required");
        assert_eq!((err.field, err.reason), ("key", Reason::Empty));
        fields.key = "  sk-abc123 ".into();
        let input = fields.to_new_provider().expect("valid");
        assert_eq!(input.key.as_deref(), Some("sk-abc123"));
        assert_eq!(input.kind, Some(ProviderKind::OpenAi));
        assert_eq!(input.base_url.as_deref(), Some("https://api.openai.com/v1"));

        let mut custom = ProviderFields::for_preset(CUSTOM_PRESET);
        custom.name = "GPU box".into();
        let err = custom.to_new_provider().expect_err("base URL required");
        assert_eq!(err.field, "base_url");
        custom.base_url = "gpu:8000".into();
        let err = custom.to_new_provider().expect_err("scheme required");
        assert_eq!(err.reason, Reason::InvalidUrl);
        custom.base_url = "http://gpu:8000/v1/".into();
        let input = custom.to_new_provider().expect("valid");
        assert_eq!(input.key, None);
        assert_eq!(input.base_url.as_deref(), Some("http://gpu:8000/v1"));

        let mut blank = ProviderFields::for_preset("ollama");
        blank.name = "  ".into();
        assert_eq!(blank.to_new_provider().expect_err("name").field, "name");
        let mut spaced = ProviderFields::for_preset("groq");
        spaced.key = "gsk abc".into();
        assert_eq!(spaced.to_new_provider().expect_err("key").field, "key");
    }

    #[test]
    fn keys_show_four_characters_or_none() {
        let with = provider(
            ProviderKind::OpenAi,
            "https://api.openai.com/v1",
            Some("1234"),
        );
        assert_eq!(key_hint(&with), "••••1234");
        let without = provider(ProviderKind::OpenAi, "https://api.openai.com/v1", None);
        assert_eq!(key_hint(&without), "No key");
    }

    #[test]
    fn kinds_are_named_by_their_preset() {
        let p = provider(
            ProviderKind::OpenAiCompatible,
            "http://localhost:11434/v1",
            None,
        );
        assert_eq!(kind_label(&p), "Ollama");
        let p = provider(ProviderKind::OpenAiCompatible, "http://gpu:8000/v1", None);
        assert_eq!(kind_label(&p), "OpenAI-compatible");
        let p = provider(
            ProviderKind::Anthropic,
            "https://api.anthropic.com/v1",
            None,
        );
        assert_eq!(kind_label(&p), "Anthropic");
    }

    #[test]
    fn every_outcome_has_its_sentence() {
        let url = "http://localhost:11434/v1";
        let cases = [
            (
                ProviderCheck::Ok {
                    models: vec!["a".into(), "b".into()],
                    latency_ms: 123,
                },
                "ok",
                "Works — 2 models, 123 ms",
            ),
            (
                ProviderCheck::Ok {
                    models: vec!["a".into()],
                    latency_ms: 9,
                },
                "ok",
                "Works — 1 model, 9 ms",
            ),
            (
                ProviderCheck::BadKey {
                    message: "invalid api key".into(),
                },
                "bad_key",
                "The provider rejected this key",
            ),
            (
                ProviderCheck::RateLimited {
                    retry_after_secs: Some(7),
                },
                "rate_limited",
                "Rate limited — try again in 7 s",
            ),
            (
                ProviderCheck::RateLimited {
                    retry_after_secs: None,
                },
                "rate_limited",
                "Rate limited — try again later",
            ),
            (
                ProviderCheck::Unreachable {
                    message: "connection refused".into(),
                },
                "unreachable",
                "Cannot reach http://localhost:11434/v1: connection refused",
            ),
            (
                ProviderCheck::Timeout { seconds: 10 },
                "timeout",
                "No answer within 10 s",
            ),
            (
                ProviderCheck::WrongBaseUrl {
                    message: "HTML page".into(),
                },
                "wrong_base_url",
                "Something answered, but not like this provider — check the base URL",
            ),
        ];
        for (check, outcome, message) in cases {
            assert_eq!(check_outcome(&check), outcome);
            assert_eq!(check_message(&check, url), message);
        }
        let bad = ProviderCheck::BadKey {
            message: "invalid api key".into(),
        };
        assert_eq!(check_detail(&bad), Some("invalid api key"));
        assert_eq!(tested_models(&bad), None);
    }

    #[test]
    fn the_model_picker_offers_tested_models_and_the_current_one() {
        let tested = vec!["llama3".to_owned(), "qwen".to_owned()];
        assert_eq!(model_choices(&tested, Some("qwen")), tested);
        assert_eq!(
            model_choices(&tested, Some("mistral")),
            ["mistral", "llama3", "qwen"]
        );
        assert_eq!(model_choices(&[], None), Vec::<String>::new());
        assert_eq!(model_patch("").expect("clear").model, Some(None));
        assert_eq!(
            model_patch("llama3").expect("set").model,
            Some(Some("llama3".into()))
        );
        assert!(model_patch("a\nb").is_err());
    }

    #[test]
    fn edits_patch_only_what_changed() {
        let p = provider(ProviderKind::OpenAiCompatible, "http://gpu:8000/v1", None);
        let mut edit = ProviderEdit::from_provider(&p);
        assert_eq!(edit.patch_from(&p).expect("same"), ProviderPatch::default());
        edit.base_url = "http://gpu:9000/v1/".into();
        let patch = edit.patch_from(&p).expect("changed");
        assert_eq!(patch.base_url.as_deref(), Some("http://gpu:9000/v1"));
        assert_eq!(patch.name, None);
        edit.name = String::new();
        assert_eq!(edit.patch_from(&p).expect_err("blank").field, "name");
    }
}
