//! The real sync server on a loopback port, for tests of devices that sign in and sync. It
//! stops when dropped.

use std::path::Path;

use adiuva_server::{Background, ServerConfig};

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
