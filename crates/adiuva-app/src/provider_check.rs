//! "Test" for a provider: its cheapest authenticated call (list models), classified into an
//! outcome a person can act on. Speaks each provider's documented wire format.

use adiuva_domain::{ProviderCheck, ProviderKind};
use std::time::{Duration, Instant};

/// How long a test waits for an answer.
pub const CHECK_TIMEOUT: Duration = Duration::from_secs(10);
/// Largest models list read (OpenRouter's is about 300 KB).
const BODY_LIMIT: u64 = 4 * 1024 * 1024;
/// The Anthropic API version this client speaks.
const ANTHROPIC_VERSION: &str = "2023-06-01";

/// Calls `GET {base_url}/models` with the provider's authentication and classifies the answer.
pub fn check(
    kind: ProviderKind,
    base_url: &str,
    key: Option<&str>,
    timeout: Duration,
) -> ProviderCheck {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(timeout))
        .http_status_as_error(false)
        .user_agent("Adiuva")
        .tls_config(
            ureq::tls::TlsConfig::builder()
                .root_certs(crate::tls_roots::http_roots())
                .build(),
        )
        .build()
        .into();
    let url = format!("{}/models", base_url.trim_end_matches('/'));
    let mut request = agent.get(&url);
    match (kind, key) {
        (ProviderKind::Anthropic, Some(key)) => {
            request = request
                .header("x-api-key", key)
                .header("anthropic-version", ANTHROPIC_VERSION);
        }
        (ProviderKind::Anthropic, None) => {
            request = request.header("anthropic-version", ANTHROPIC_VERSION);
        }
        (_, Some(key)) => request = request.header("Authorization", &format!("Bearer {key}")),
        (_, None) => {}
    }
    let started = Instant::now();
    let mut response = match request.call() {
        Ok(response) => response,
        Err(err) => return transport_failure(&err, &url, timeout),
    };
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    let body = match response
        .body_mut()
        .with_config()
        .limit(BODY_LIMIT)
        .read_to_string()
    {
        Ok(body) => body,
        Err(err) => return transport_failure(&err, &url, timeout),
    };
    let latency_ms = started.elapsed().as_millis() as u64;
    classify(status, retry_after, &body, &url, latency_ms)
}

fn transport_failure(err: &ureq::Error, url: &str, timeout: Duration) -> ProviderCheck {
    match err {
        ureq::Error::Timeout(_) => ProviderCheck::Timeout {
            seconds: timeout.as_secs().max(1),
        },
        ureq::Error::HostNotFound => ProviderCheck::Unreachable {
            message: format!("{url}: no such host"),
        },
        ureq::Error::ConnectionFailed => ProviderCheck::Unreachable {
            message: format!("{url}: connection refused"),
        },
        ureq::Error::BadUri(reason) => ProviderCheck::WrongBaseUrl {
            message: format!("{url} is not a valid URL: {reason}"),
        },
        other => ProviderCheck::Unreachable {
            message: format!("{url}: {other}"),
        },
    }
}

/// The message an OpenAI- or Anthropic-style error body carries.
fn error_message(body: &str) -> Option<String> {
    let json: serde_json::Value = serde_json::from_str(body).ok()?;
    json["error"]["message"]
        .as_str()
        .or_else(|| json["message"].as_str())
        .map(str::to_owned)
}

fn classify(
    status: u16,
    retry_after: Option<u64>,
    body: &str,
    url: &str,
    latency_ms: u64,
) -> ProviderCheck {
    match status {
        200 => match models(body) {
            Some(models) => ProviderCheck::Ok { models, latency_ms },
            None => ProviderCheck::WrongBaseUrl {
                message: format!("{url} answered, but not with a list of models"),
            },
        },
        401 | 403 => ProviderCheck::BadKey {
            message: error_message(body).unwrap_or_else(|| format!("HTTP {status}")),
        },
        429 => ProviderCheck::RateLimited {
            retry_after_secs: retry_after,
        },
        404 | 405 => ProviderCheck::WrongBaseUrl {
            message: format!("{url} answered HTTP {status}"),
        },
        500..=599 => ProviderCheck::Unreachable {
            message: format!(
                "the provider is having trouble (HTTP {status}): {}",
                error_message(body).unwrap_or_default()
            ),
        },
        other => ProviderCheck::WrongBaseUrl {
            message: format!(
                "{url} answered HTTP {other}: {}",
                error_message(body).unwrap_or_default()
            ),
        },
    }
}

/// Model ids of an OpenAI (`{"object":"list","data":[{"id":…}]}`) or Anthropic
/// (`{"data":[{"id":…,"type":"model"}],"has_more":…}`) models list, sorted.
fn models(body: &str) -> Option<Vec<String>> {
    let json: serde_json::Value = serde_json::from_str(body).ok()?;
    let mut ids: Vec<String> = json["data"]
        .as_array()?
        .iter()
        .filter_map(|m| m["id"].as_str().map(str::to_owned))
        .collect();
    ids.sort();
    Some(ids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn answers_are_classified() {
        let url = "http://x/v1/models";
        let ok = classify(
            200,
            None,
            r#"{"object":"list","data":[{"id":"b"},{"id":"a"}]}"#,
            url,
            5,
        );
        assert_eq!(
            ok,
            ProviderCheck::Ok {
                models: vec!["a".into(), "b".into()],
                latency_ms: 5
            }
        );
        let anthropic = r#"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#;
        assert_eq!(
            classify(401, None, anthropic, url, 1),
            ProviderCheck::BadKey {
                message: "invalid x-api-key".into()
            }
        );
        assert_eq!(
            classify(429, Some(20), "", url, 1),
            ProviderCheck::RateLimited {
                retry_after_secs: Some(20)
            }
        );
        assert!(matches!(
            classify(200, None, "<html>hi</html>", url, 1),
            ProviderCheck::WrongBaseUrl { .. }
        ));
        assert!(matches!(
            classify(404, None, "", url, 1),
            ProviderCheck::WrongBaseUrl { .. }
        ));
        assert!(matches!(
            classify(503, None, "", url, 1),
            ProviderCheck::Unreachable { .. }
        ));
    }
}
