//! The real sync server on a loopback port, for tests of devices that sign in and sync. It
//! stops when dropped.

use std::path::Path;

use adiuva_server::{Background, ServerConfig, TierLimits};

pub struct LocalServer {
    /// `http://127.0.0.1:<port>`.
    pub url: String,
    _server: Background,
}

impl LocalServer {
    pub fn start(data_dir: &Path) -> Self {
        let server =
            Background::start(data_dir, ServerConfig::default()).expect("the server starts");
        Self {
            url: format!("http://{}", server.addr),
            _server: server,
        }
    }
}

/// A server configuration whose new accounts have no quota or rate limit, so benchmarks
/// measure the server's work, not its brakes.
pub fn unlimited() -> ServerConfig {
    let mut config = ServerConfig::default();
    config.tiers.insert(
        "unlimited".into(),
        TierLimits {
            storage_bytes: None,
            backup_bytes: None,
            requests_per_minute: u32::MAX,
        },
    );
    config.default_tier = "unlimited".into();
    config.auth_attempts_per_minute = u32::MAX;
    config
}
