//! `adiuva-server`: the cloud server on a data directory and a listen address.

use std::{net::SocketAddr, path::PathBuf};

use adiuva_server::ServerConfig;
use anyhow::{Context, bail};
use clap::Parser;

/// Adiuva's zero-knowledge sync server. Stores only ciphertext.
#[derive(Parser)]
#[command(version)]
struct Args {
    /// Where the metadata database and the blob directory live.
    #[arg(long)]
    data_dir: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Tier of new accounts (free, pro, power, team).
    #[arg(long, default_value = "pro")]
    default_tier: String,
    /// Register, log-in and refresh requests allowed per client address and minute.
    #[arg(long, default_value_t = ServerConfig::default().auth_attempts_per_minute)]
    auth_per_minute: u32,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let config = ServerConfig {
        default_tier: args.default_tier,
        auth_attempts_per_minute: args.auth_per_minute,
        ..ServerConfig::default()
    };
    if !config.tiers.contains_key(&config.default_tier) {
        bail!(
            "unknown tier {:?}; one of: {}",
            config.default_tier,
            config.tiers.keys().cloned().collect::<Vec<_>>().join(", ")
        );
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {}", args.listen))?;
    println!(
        "adiuva-server listening on http://{}",
        listener.local_addr()?
    );
    let shutdown = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    adiuva_server::serve(listener, &args.data_dir, config, shutdown)
        .await
        .context("server stopped")
}
