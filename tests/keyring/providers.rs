//! Provider keys in the real OS keyring, and "Test" against local stand-ins that answer like
//! OpenAI and Anthropic: success with models, a rejected key, rate limiting, a timeout,
//! nothing listening, and a wrong base URL.

use adiuva_app::{OsKeyring, SecretStore, Workspace};
use adiuva_domain::{ErrorCode, NewProvider, ProviderCheck, ProviderKind, ProviderPatch};
use adiuva_e2e::provider_stand_in::{Behaviour, ProviderStandIn};
use anyhow::Result;
use std::{path::Path, time::Duration};

const KEY: &str = "sk-test-4f9a0c2e7b1d5a3c9e8f6b2d1a0c7e5f";

fn workspace(dir: &Path) -> Result<Workspace> {
    Ok(Workspace::open(dir)?.with_http_timeout(Duration::from_secs(2)))
}

fn provider(
    ws: &Workspace,
    kind: ProviderKind,
    base_url: &str,
    key: Option<&str>,
) -> Result<adiuva_domain::Provider> {
    Ok(ws.add_provider(&NewProvider {
        name: "work".into(),
        kind: Some(kind),
        base_url: Some(base_url.into()),
        key: key.map(str::to_owned),
    })?)
}

#[test]
fn a_working_key_lists_models_and_shows_only_its_last_four() -> Result<()> {
    let _turn = crate::keyring_turn();
    let dir = tempfile::tempdir()?;
    let ws = workspace(dir.path())?;
    let stand_in = ProviderStandIn::start(Behaviour::OpenAi { key: KEY.into() });
    let added = provider(
        &ws,
        ProviderKind::OpenAiCompatible,
        &stand_in.base_url,
        Some(KEY),
    )?;
    assert_eq!(added.key_last4.as_deref(), Some("7e5f"));
    let check = ws.test_provider(&added.id)?;
    let ProviderCheck::Ok { models, .. } = check else {
        panic!("expected models, got {check:?}")
    };
    assert_eq!(models, ["gpt-4o", "gpt-4o-mini"]);

    let chosen = ws.update_provider(
        &added.id,
        &ProviderPatch {
            model: Some(Some("gpt-4o-mini".into())),
            ..ProviderPatch::default()
        },
    )?;
    assert_eq!(chosen.model.as_deref(), Some("gpt-4o-mini"));
    let listed = serde_json::to_string(&ws.list_providers()?)?;
    assert!(!listed.contains(KEY) && listed.contains("7e5f"));
    for file in adiuva_e2e::files_under(dir.path())? {
        let bytes = adiuva_e2e::read_if_there(&file)?;
        assert!(
            !bytes.windows(KEY.len()).any(|w| w == KEY.as_bytes()),
            "the key reached the data directory"
        );
    }
    assert_eq!(
        OsKeyring::new()
            .get(&format!("provider-{}", added.id))?
            .as_deref()
            .map(Vec::as_slice),
        Some(KEY.as_bytes())
    );

    ws.delete_provider(&added.id)?;
    assert_eq!(
        OsKeyring::new().get(&format!("provider-{}", added.id))?,
        None,
        "deleting removes the key"
    );
    Ok(())
}

#[test]
fn a_wrong_key_a_replaced_key_and_a_removed_key() -> Result<()> {
    let _turn = crate::keyring_turn();
    let dir = tempfile::tempdir()?;
    let ws = workspace(dir.path())?;
    let stand_in = ProviderStandIn::start(Behaviour::OpenAi { key: KEY.into() });
    let added = provider(
        &ws,
        ProviderKind::OpenAiCompatible,
        &stand_in.base_url,
        Some("sk-wrong-0000"),
    )?;
    let ProviderCheck::BadKey { message } = ws.test_provider(&added.id)? else {
        panic!("expected a rejected key")
    };
    assert!(
        message.starts_with("Incorrect API key provided"),
        "{message}"
    );
    assert_eq!(
        ws.set_provider_key(&added.id, KEY)?.key_last4.as_deref(),
        Some("7e5f")
    );
    assert!(matches!(
        ws.test_provider(&added.id)?,
        ProviderCheck::Ok { .. }
    ));
    assert_eq!(ws.remove_provider_key(&added.id)?.key_last4, None);
    assert!(
        matches!(ws.test_provider(&added.id)?, ProviderCheck::BadKey { .. }),
        "no key is sent once removed"
    );
    ws.delete_provider(&added.id)?;
    Ok(())
}

#[test]
fn anthropic_is_spoken_with_its_own_headers() -> Result<()> {
    let _turn = crate::keyring_turn();
    let dir = tempfile::tempdir()?;
    let ws = workspace(dir.path())?;
    let stand_in = ProviderStandIn::start(Behaviour::Anthropic { key: KEY.into() });
    let added = provider(&ws, ProviderKind::Anthropic, &stand_in.base_url, Some(KEY))?;
    let check = ws.test_provider(&added.id)?;
    assert_eq!(
        check,
        ProviderCheck::Ok {
            models: vec!["claude-sonnet-4-20250514".into()],
            latency_ms: latency(&check)
        }
    );
    ws.set_provider_key(&added.id, "sk-ant-wrong")?;
    assert_eq!(
        ws.test_provider(&added.id)?,
        ProviderCheck::BadKey {
            message: "invalid x-api-key".into()
        }
    );
    ws.delete_provider(&added.id)?;
    Ok(())
}

fn latency(check: &ProviderCheck) -> u64 {
    match check {
        ProviderCheck::Ok { latency_ms, .. } => *latency_ms,
        _ => 0,
    }
}

/// What a provider check must look like.
type Expectation = fn(&ProviderCheck) -> bool;

#[test]
fn failures_are_told_apart() -> Result<()> {
    let _turn = crate::keyring_turn();
    let cases: Vec<(String, Expectation)> = vec![
        (
            ProviderStandIn::start(Behaviour::RateLimited { retry_after: 20 }).base_url,
            (|c| {
                *c == ProviderCheck::RateLimited {
                    retry_after_secs: Some(20),
                }
            }),
        ),
        (
            ProviderStandIn::start(Behaviour::Slow(Duration::from_secs(5))).base_url,
            (|c| *c == ProviderCheck::Timeout { seconds: 2 }),
        ),
        (
            ProviderStandIn::start(Behaviour::WebPage).base_url,
            (|c| matches!(c, ProviderCheck::WrongBaseUrl { .. })),
        ),
        (
            closed_port(),
            (|c| matches!(c, ProviderCheck::Unreachable { .. })),
        ),
    ];
    for (base_url, expected) in cases {
        let dir = tempfile::tempdir()?;
        let ws = workspace(dir.path())?;
        let added = provider(&ws, ProviderKind::OpenAiCompatible, &base_url, Some(KEY))?;
        let check = ws.test_provider(&added.id)?;
        assert!(expected(&check), "{base_url}: {check:?}");
        ws.delete_provider(&added.id)?;
    }
    Ok(())
}

/// A loopback URL where nothing listens.
fn closed_port() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/v1")
}

#[test]
fn the_free_tier_allows_one_provider_and_names_are_checked() -> Result<()> {
    let _turn = crate::keyring_turn();
    let dir = tempfile::tempdir()?;
    let ws = workspace(dir.path())?;
    let bad = ws.add_provider(&NewProvider {
        name: "x".into(),
        kind: Some(ProviderKind::OpenAiCompatible),
        base_url: Some("localhost:11434".into()),
        key: None,
    });
    assert_eq!(bad.unwrap_err().report().field.as_deref(), Some("base_url"));
    let local = ws.add_provider(&NewProvider {
        name: "Ollama".into(),
        kind: Some(ProviderKind::OpenAiCompatible),
        base_url: Some("http://localhost:11434/v1".into()),
        key: None,
    })?;
    assert_eq!(local.key_last4, None);
    let second = ws.add_provider(&NewProvider {
        name: "OpenAI".into(),
        kind: Some(ProviderKind::OpenAi),
        base_url: None,
        key: Some(KEY.into()),
    });
    let err = second.unwrap_err();
    assert_eq!(err.code(), ErrorCode::Conflict);
    assert!(err.to_string().contains("free tier"), "{err}");
    assert_eq!(ws.list_providers()?.len(), 1);
    ws.delete_provider(&local.id)?;
    Ok(())
}
