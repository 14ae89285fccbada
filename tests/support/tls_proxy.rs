//! A TLS-terminating reverse proxy on loopback in front of the sync server, the way a
//! self-hosted server is usually published (Caddy, nginx): a certificate for `localhost`
//! issued by a throwaway certificate authority, and the decrypted bytes passed both ways,
//! WebSocket upgrades included.

use std::{net::SocketAddr, sync::Arc, thread};

use anyhow::{Context, Result};
use rcgen::{BasicConstraints, CertificateParams, CertifiedIssuer, DnType, IsCa, KeyPair};
use tokio::{
    io::copy_bidirectional,
    net::{TcpListener, TcpStream},
};
use tokio_rustls::{
    TlsAcceptor,
    rustls::{
        ServerConfig,
        pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer},
    },
};

/// A certificate authority of the test's own; making one starts no thread.
pub struct TlsAuthority(CertifiedIssuer<'static, KeyPair>);

impl TlsAuthority {
    pub fn new(name: &str) -> Result<Self> {
        let mut params = CertificateParams::new(Vec::<String>::new())?;
        params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        params.distinguished_name.push(DnType::CommonName, name);
        Ok(Self(CertifiedIssuer::self_signed(
            params,
            KeyPair::generate()?,
        )?))
    }

    /// The authority's certificate as PEM: what a client must trust.
    pub fn pem(&self) -> String {
        self.0.pem()
    }

    /// A proxy to the plain server at `upstream` holding a `localhost` certificate of this
    /// authority, serving until the process ends: its `https://localhost:<port>` address.
    pub fn serve(&self, upstream: SocketAddr) -> Result<String> {
        let key = KeyPair::generate()?;
        let leaf =
            CertificateParams::new(vec!["localhost".to_owned()])?.signed_by(&key, &self.0)?;
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
        let config = ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()?
            .with_no_client_auth()
            .with_single_cert(vec![leaf.der().clone()], key)
            .context("the proxy's certificate")?;
        let acceptor = TlsAcceptor::from(Arc::new(config));
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let port = listener.local_addr()?.port();
        thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("a runtime for the proxy");
            runtime.block_on(async move {
                let listener = TcpListener::from_std(listener).expect("the proxy listens");
                while let Ok((client, _)) = listener.accept().await {
                    let acceptor = acceptor.clone();
                    tokio::spawn(async move {
                        // A client that refuses the certificate ends its handshake here.
                        let Ok(mut client) = acceptor.accept(client).await else {
                            return;
                        };
                        if let Ok(mut server) = TcpStream::connect(upstream).await {
                            let _ = copy_bidirectional(&mut client, &mut server).await;
                        }
                    });
                }
            });
        });
        Ok(format!("https://localhost:{port}"))
    }
}
