//! `adiuva provider …`

use adiuva_app::{AppError, Entity, Workspace};
use adiuva_domain::{NewProvider, Provider, ProviderCheck};
use std::path::Path;
use zeroize::Zeroize;

use crate::{
    CliError,
    args::ProviderCommand,
    output::{Output, lines},
    secret_input::SecretSource,
};

/// Exit code of a provider test that ran but did not succeed.
pub const CHECK_FAILED: u8 = 9;

pub fn run(
    ws: &Workspace,
    command: ProviderCommand,
    out: &Output,
    secrets: Option<&Path>,
) -> Result<(), CliError> {
    match command {
        ProviderCommand::Add {
            name,
            kind,
            base_url,
            key_stdin,
        } => {
            let mut key = if key_stdin {
                Some(SecretSource::open(secrets)?.read("API key")?.to_string())
            } else {
                None
            };
            let added = ws.add_provider(&NewProvider {
                name,
                kind: Some(kind.into()),
                base_url,
                key: key.clone(),
            });
            key.zeroize();
            out.print(&added?, line);
        }
        ProviderCommand::List => {
            let providers = ws.list_providers()?;
            out.print(&providers, |list| {
                lines(list, "No providers. Add one with: adiuva provider add --name NAME --kind openai --key-stdin", line)
            });
        }
        ProviderCommand::Test { provider } => {
            let provider = find(ws, &provider)?;
            let check = ws.test_provider(&provider.id)?;
            out.print(&check, |c| check_text(&provider, c));
            if !matches!(check, ProviderCheck::Ok { .. }) {
                return Err(CliError::CheckFailed);
            }
        }
        ProviderCommand::Remove { provider } => {
            let provider = find(ws, &provider)?;
            ws.delete_provider(&provider.id)?;
            out.print(&provider, |p| format!("removed {} and its key", p.name));
        }
    }
    Ok(())
}

/// A provider by name (case-insensitive) or id.
fn find(ws: &Workspace, reference: &str) -> Result<Provider, CliError> {
    ws.list_providers()?
        .into_iter()
        .find(|p| p.id == reference || p.name.eq_ignore_ascii_case(reference))
        .ok_or_else(|| {
            AppError::NotFound {
                entity: Entity::Provider,
                id: reference.to_owned(),
            }
            .into()
        })
}

fn line(p: &Provider) -> String {
    let key = p
        .key_last4
        .as_deref()
        .map(|k| format!("key ••••{k}"))
        .unwrap_or_else(|| "no key".to_owned());
    let model = p
        .model
        .as_deref()
        .map(|m| format!("  model {m}"))
        .unwrap_or_default();
    format!("{}  {:<18}  {}  {key}{model}", p.name, p.kind, p.base_url)
}

fn check_text(provider: &Provider, check: &ProviderCheck) -> String {
    match check {
        ProviderCheck::Ok { models, latency_ms } => {
            format!(
                "{} works: {} models in {latency_ms} ms\n{}",
                provider.name,
                models.len(),
                models.join("\n")
            )
        }
        ProviderCheck::BadKey { message } => {
            format!("{} rejected the key: {message}", provider.name)
        }
        ProviderCheck::RateLimited {
            retry_after_secs: Some(s),
        } => format!("{} is rate limiting; try again in {s} s", provider.name),
        ProviderCheck::RateLimited {
            retry_after_secs: None,
        } => format!("{} is rate limiting; try again later", provider.name),
        ProviderCheck::Unreachable { message } => {
            format!("cannot reach {}: {message}", provider.name)
        }
        ProviderCheck::Timeout { seconds } => {
            format!("{} did not answer within {seconds} s", provider.name)
        }
        ProviderCheck::WrongBaseUrl { message } => format!("{message}; check the base URL"),
    }
}
