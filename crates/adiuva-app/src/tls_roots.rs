//! The certificate authorities this device trusts for its sync server and providers: the
//! operating system's store (which honours `SSL_CERT_FILE` and `SSL_CERT_DIR`, so the private
//! authority of a self-hosted server or a company proxy can be trusted the usual way), or the
//! bundled Mozilla roots where the system has none.

use std::sync::{Arc, OnceLock};

use rustls::pki_types::CertificateDer;
use ureq::tls::{Certificate, RootCerts};

/// The system's roots, read once per process; empty when it has none readable.
fn system_roots() -> &'static [CertificateDer<'static>] {
    static ROOTS: OnceLock<Vec<CertificateDer<'static>>> = OnceLock::new();
    // A store with some unreadable entries still gives the rest (`certs`): one bad file in
    // /etc/ssl/certs must not cut the device off its server.
    ROOTS.get_or_init(|| rustls_native_certs::load_native_certs().certs)
}

/// The roots for the HTTP client.
pub(crate) fn http_roots() -> RootCerts {
    static ROOTS: OnceLock<RootCerts> = OnceLock::new();
    ROOTS
        .get_or_init(|| {
            let system = system_roots();
            if system.is_empty() {
                return RootCerts::WebPki;
            }
            let certs: Vec<Certificate<'static>> = system
                .iter()
                .map(|der| Certificate::from_der(der).to_owned())
                .collect();
            RootCerts::new_with_certs(&certs)
        })
        .clone()
}

/// The TLS client of the device channel (`wss://`); `None` leaves tungstenite on its bundled
/// roots, where the system has none.
pub(crate) fn websocket_connector() -> Option<tokio_tungstenite::Connector> {
    static CONFIG: OnceLock<Option<Arc<rustls::ClientConfig>>> = OnceLock::new();
    CONFIG
        .get_or_init(|| {
            let system = system_roots();
            if system.is_empty() {
                return None;
            }
            let mut roots = rustls::RootCertStore::empty();
            roots.add_parsable_certificates(system.iter().cloned());
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let config = rustls::ClientConfig::builder_with_provider(provider)
                .with_safe_default_protocol_versions()
                .ok()?
                .with_root_certificates(roots)
                .with_no_client_auth();
            Some(Arc::new(config))
        })
        .clone()
        .map(tokio_tungstenite::Connector::Rustls)
}
