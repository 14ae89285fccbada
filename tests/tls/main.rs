//! The sync server published behind TLS, as a self-hosted one usually is: a device trusts the
//! server's private certificate authority the operating system's way (`SSL_CERT_FILE`, read
//! by the device through the system store), signs up over `https://`, opens its device channel
//! over `wss://`, and an agent's MCP call reaches it through the server. A server whose
//! certificate comes from an authority the system does not trust is refused with an error
//! that says so, and nothing of the account is kept.
//!
//! The device runs in a child process of this test, started with the variable set (the
//! variable is process-wide, read once); this process runs the server and its proxies.

use std::{process::Command, sync::mpsc, thread, time::Duration};

use adiuva_app::{AppError, ChannelState, DeviceChannel, Workspace};
use adiuva_crypto::KdfParams;
use adiuva_domain::ReviewFilter;
use adiuva_e2e::{agent_that_creates_tasks, local_server::post_mcp_with, tls_proxy::TlsAuthority};
use adiuva_server::{Background, ServerConfig};
use serde_json::{Value, json};

const PASSPHRASE: &str = "lantern orchard velvet quarry";

const PUBLISHED: &str = "ADIUVA_TLS_TEST_PUBLISHED";
const IMPOSTOR: &str = "ADIUVA_TLS_TEST_IMPOSTOR";

/// An MCP message posted as the agent holding `token`, trusting only the authorities of
/// `SSL_CERT_FILE`.
fn post(url: &str, token: &str, body: &Value) -> (u16, Value) {
    let bundle = std::fs::read(std::env::var_os("SSL_CERT_FILE").unwrap()).unwrap();
    let certs: Vec<_> = ureq::tls::parse_pem(&bundle)
        .filter_map(|item| match item {
            Ok(ureq::tls::PemItem::Certificate(cert)) => Some(cert),
            _ => None,
        })
        .collect();
    let roots = ureq::tls::RootCerts::new_with_certs(&certs);
    let client: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .tls_config(ureq::tls::TlsConfig::builder().root_certs(roots).build())
        .build()
        .into();
    post_mcp_with(&client, url, token, &body.to_string())
        .expect("the server answers through the proxy")
}

fn main() {
    match (std::env::var(PUBLISHED), std::env::var(IMPOSTOR)) {
        (Ok(published), Ok(impostor)) => device(&published, &impostor),
        _ => publish(),
    }
}

/// The server behind two proxies, one certified by the authority the device's system
/// trusts, one by a stranger; then the device's process.
fn publish() {
    let trusted = TlsAuthority::new("Adiuva self-hosted test authority").unwrap();
    let stranger = TlsAuthority::new("An authority nobody trusts").unwrap();
    let scratch = tempfile::tempdir().unwrap();
    let bundle = scratch.path().join("authorities.pem");
    std::fs::write(&bundle, trusted.pem()).unwrap();
    let server_dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        device_call_timeout: Duration::from_secs(20),
        ..ServerConfig::default()
    };
    let server = Background::start(server_dir.path(), config).expect("the server starts");
    let device = Command::new(std::env::current_exe().unwrap())
        .env("SSL_CERT_FILE", &bundle)
        .env(PUBLISHED, trusted.serve(server.addr).unwrap())
        .env(IMPOSTOR, stranger.serve(server.addr).unwrap())
        .status()
        .unwrap();
    assert!(device.success(), "the device's part failed: {device}");
    println!("tls: 1 passed");
}

fn device(published: &str, impostor: &str) {
    // An untrusted certificate: refused before anything is sent, said plainly, nothing kept.
    let elsewhere = tempfile::tempdir().unwrap();
    let refused = Workspace::open(elsewhere.path())
        .unwrap()
        .with_kdf_params(KdfParams::FLOOR);
    refused.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    let error = refused
        .sign_up(impostor, "tls@example.com", PASSPHRASE)
        .unwrap_err();
    assert!(
        matches!(error, AppError::Cloud(_)) && error.to_string().contains("certificate"),
        "{error:?}"
    );
    assert!(!refused.account_status().unwrap().signed_in);

    // Trusted: sign-up over https, the channel over wss, an agent's call through both.
    let dir = tempfile::tempdir().unwrap();
    let ws = Workspace::open(dir.path())
        .unwrap()
        .with_kdf_params(KdfParams::FLOOR);
    ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    ws.sign_up(published, "tls@example.com", PASSPHRASE)
        .expect("a server the system trusts is reached over https");
    let agent = agent_that_creates_tasks(&ws, "ext").unwrap();
    let token = ws.create_agent_token("ext").unwrap();

    let channel = DeviceChannel::new();
    let (tx, states) = mpsc::channel();
    let (device_dir, running) = (dir.path().to_path_buf(), channel.clone());
    let device = thread::spawn(move || {
        let ws = Workspace::open(&device_dir).unwrap();
        ws.run_device_channel(&running, |status| {
            let _ = tx.send(status.clone());
        })
        .unwrap();
    });
    loop {
        let status = states
            .recv_timeout(Duration::from_secs(60))
            .expect("the channel changes state");
        assert_ne!(status.state, ChannelState::Offline, "{status:?}");
        if status.state == ChannelState::Connected {
            break;
        }
    }

    let mcp = format!("{published}/api/v1/mcp");
    let call = json!({
        "jsonrpc": "2.0",
        "id": 1,
        "method": "tools/call",
        "params": {"name": "create_task", "arguments": {"title": "Over TLS both ways"}},
    });
    let (status, body) = post(&mcp, &token.token, &call);
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["result"]["isError"], false, "{body}");
    let queue = ws
        .review_queue(&ReviewFilter {
            agent_id: Some(agent.id),
            ..ReviewFilter::default()
        })
        .unwrap();
    let titles: Vec<&str> = queue.iter().map(|item| item.title.as_str()).collect();
    assert_eq!(titles, ["Over TLS both ways"]);

    channel.stop();
    device.join().unwrap();
    ws.sign_out().unwrap();
}
