//! Adiuva's zero-knowledge cloud server: accounts, sealed records with a batch push and a
//! change feed, sealed vectors, backups, the vault's key envelope, and the relay between a user's agents
//! (`/mcp`) and the user's device (`/device/channel`). It stores and checksums ciphertext and never
//! holds a key that opens it; it depends on no crypto or store code of the device.
//!
//! Launched on an injected listener, so tests bind port 0.

mod agent_owners;
mod auth;
mod background;
mod config;
mod devices;
mod error;
mod extract;
pub mod openapi;
mod routes;
mod state;
pub mod storage;
mod unread;

pub use background::Background;
pub use config::{ServerConfig, TierLimits};
pub use error::ApiError;

use std::{path::Path, sync::Arc};

use axum::Router;
use sha2::{Digest, Sha256};
use tokio::net::TcpListener;

use crate::{auth::Signer, state::AppState, storage::EmbeddedStorage};

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Storage(#[from] storage::StorageError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The API over the embedded storage of `data_dir`.
pub fn router(data_dir: &Path, config: ServerConfig) -> Result<Router, ServerError> {
    let storage = EmbeddedStorage::open(data_dir)?;
    let secret = auth::signing_secret(data_dir)?;
    let signer = Signer::new(&secret);
    // A separate key for the made-up parameters, derived so only one secret is kept.
    let params_secret = Sha256::digest([b"adiuva params".as_slice(), &secret].concat()).to_vec();
    Ok(routes::router(AppState::new(
        Arc::new(storage),
        signer,
        params_secret,
        config,
    )))
}

/// Serves until `shutdown` resolves.
pub async fn serve(
    listener: TcpListener,
    data_dir: &Path,
    config: ServerConfig,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), ServerError> {
    let app = router(data_dir, config)?;
    // Connection info gives the per-address limit of sign-in attempts its key.
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    Ok(())
}
