//! Use cases of LLM providers (bring your own key): the settings live in SQLite, the key only
//! in the OS keyring; settings show whether a key is set and its last four characters.

use adiuva_domain::{
    NewProvider, PROVIDER_PRESETS, Provider, ProviderCheck, ProviderKind, ProviderPatch, Reason,
    ValidationError,
    provider::{last4, validate_base_url, validate_key, validate_model, validate_provider_name},
};
use adiuva_store::{Connection, account, providers};
use uuid::Uuid;
use zeroize::Zeroizing;

use crate::{AppError, Change, Conflict, Entity, VaultError, Workspace, provider_check};

/// Providers the free tier allows (seed 001, step 11); every paid tier is unlimited. Without
/// an account (or when its plan is unknown) the app is on the free tier.
pub const FREE_TIER_PROVIDERS: usize = 1;

fn key_entry(id: &str) -> String {
    format!("provider-{id}")
}

fn default_base_url(kind: ProviderKind) -> Option<&'static str> {
    PROVIDER_PRESETS
        .iter()
        .find(|p| p.kind == kind && kind != ProviderKind::OpenAiCompatible)
        .map(|p| p.base_url)
}

fn existing(conn: &Connection, id: &str) -> Result<Provider, AppError> {
    providers::get(conn, id)?.ok_or_else(|| AppError::not_found(Entity::Provider, id))
}

impl Workspace {
    /// Configured providers, by name.
    pub fn list_providers(&self) -> Result<Vec<Provider>, AppError> {
        self.read(|conn| Ok(providers::list(conn)?))
    }

    /// Adds a provider. The key goes to the OS keyring first; if the keyring is unavailable
    /// nothing is stored and the error says so.
    pub fn add_provider(&self, input: &NewProvider) -> Result<Provider, AppError> {
        let name = validate_provider_name(&input.name)?;
        let kind = input
            .kind
            .ok_or(ValidationError::new("kind", Reason::Empty))?;
        let base_url = match (
            input
                .base_url
                .as_deref()
                .map(str::trim)
                .filter(|u| !u.is_empty()),
            default_base_url(kind),
        ) {
            (Some(url), _) => validate_base_url(url)?,
            (None, Some(default)) => default.to_owned(),
            (None, None) => return Err(ValidationError::new("base_url", Reason::Empty).into()),
        };
        let key = input
            .key
            .as_deref()
            .map(str::trim)
            .filter(|k| !k.is_empty())
            .map(validate_key)
            .transpose()?
            .map(Zeroizing::new);
        self.read(|conn| {
            let paid = account::get(conn)?
                .and_then(|a| a.tier)
                .is_some_and(|tier| tier != "free");
            if !paid && providers::count(conn)? >= FREE_TIER_PROVIDERS {
                return Err(Conflict::ProviderLimit.into());
            }
            if providers::by_name(conn, &name)?.is_some() {
                return Err(Conflict::ProviderNameTaken.into());
            }
            Ok(())
        })?;
        let now = self.clock.now();
        let provider = Provider {
            id: Uuid::now_v7().to_string(),
            name,
            kind,
            base_url,
            model: None,
            key_last4: key.as_deref().map(|k| last4(k)),
            created_at: now,
            updated_at: now,
        };
        if let Some(key) = &key {
            self.secrets
                .set(&key_entry(&provider.id), key.as_bytes())
                .map_err(VaultError::from)?;
        }
        let stored = self.write(|tx| Ok(providers::insert(tx, &provider)?));
        if stored.is_err() {
            // Keep the keyring free of orphans when the row could not be written.
            let _ = self.secrets.delete(&key_entry(&provider.id));
        }
        stored?;
        self.emit(Entity::Provider, &provider.id, Change::Created);
        Ok(provider)
    }

    /// Renames a provider, moves its base URL, or chooses (or clears) its model.
    pub fn update_provider(&self, id: &str, patch: &ProviderPatch) -> Result<Provider, AppError> {
        let name = patch
            .name
            .as_deref()
            .map(validate_provider_name)
            .transpose()?;
        let base_url = patch
            .base_url
            .as_deref()
            .map(validate_base_url)
            .transpose()?;
        let model = patch
            .model
            .as_ref()
            .map(|m| validate_model(m.as_deref()))
            .transpose()?;
        let now = self.clock.now();
        let provider = self.write(|tx| {
            let mut provider = existing(tx, id)?;
            if let Some(name) = name {
                if providers::by_name(tx, &name)?.is_some_and(|other| other.id != provider.id) {
                    return Err(Conflict::ProviderNameTaken.into());
                }
                provider.name = name;
            }
            if let Some(url) = base_url {
                provider.base_url = url;
            }
            if let Some(model) = model {
                provider.model = model;
            }
            provider.updated_at = now;
            providers::update(tx, &provider)?;
            Ok(provider)
        })?;
        self.emit(Entity::Provider, id, Change::Updated);
        Ok(provider)
    }

    /// Replaces a provider's key (in the OS keyring).
    pub fn set_provider_key(&self, id: &str, key: &str) -> Result<Provider, AppError> {
        let key = Zeroizing::new(validate_key(key)?);
        let mut provider = self.read(|conn| existing(conn, id))?;
        self.secrets
            .set(&key_entry(id), key.as_bytes())
            .map_err(VaultError::from)?;
        provider.key_last4 = Some(last4(&key));
        provider.updated_at = self.clock.now();
        self.write(|tx| Ok(providers::update(tx, &provider)?))?;
        self.emit(Entity::Provider, id, Change::Updated);
        Ok(provider)
    }

    /// Removes a provider's key from the OS keyring.
    pub fn remove_provider_key(&self, id: &str) -> Result<Provider, AppError> {
        let mut provider = self.read(|conn| existing(conn, id))?;
        self.secrets
            .delete(&key_entry(id))
            .map_err(VaultError::from)?;
        provider.key_last4 = None;
        provider.updated_at = self.clock.now();
        self.write(|tx| Ok(providers::update(tx, &provider)?))?;
        self.emit(Entity::Provider, id, Change::Updated);
        Ok(provider)
    }

    /// Deletes a provider and its key.
    pub fn delete_provider(&self, id: &str) -> Result<(), AppError> {
        self.read(|conn| existing(conn, id))?;
        self.secrets
            .delete(&key_entry(id))
            .map_err(VaultError::from)?;
        self.write(|tx| Ok(providers::delete(tx, id).map(drop)?))?;
        self.emit(Entity::Provider, id, Change::Deleted);
        Ok(())
    }

    /// Calls the provider's models list with its key and reports how it went.
    pub fn test_provider(&self, id: &str) -> Result<ProviderCheck, AppError> {
        let provider = self.read(|conn| existing(conn, id))?;
        let key = match provider.key_last4 {
            Some(_) => self.secrets.get(&key_entry(id)).map_err(VaultError::from)?,
            None => None,
        };
        let key = key.map(|bytes| Zeroizing::new(String::from_utf8_lossy(&bytes).into_owned()));
        Ok(provider_check::check(
            provider.kind,
            &provider.base_url,
            key.as_deref().map(String::as_str),
            self.http_timeout,
        ))
    }
}
