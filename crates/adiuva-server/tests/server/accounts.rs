//! Accounts: register, log in, who am I, refresh rotation with reuse detection, expiry, and
//! the error bodies of bad requests.

use std::time::Duration;

use adiuva_protocol::{
    AuthTokens, Credentials, KdfInfo, ParamsRequest, RefreshRequest, UserProfile,
};
use adiuva_server::ServerConfig;

use crate::{Client, Running, credentials, registration};

#[test]
fn an_account_registers_logs_in_and_knows_itself() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);

    let health = client.get("/health");
    assert_eq!(
        (health.status, health.json()["status"].as_str()),
        (200, Some("ok"))
    );

    client.register("Ada@Example.com");
    let me: UserProfile = client.get("/auth/me").parse();
    assert_eq!(
        (me.email.as_str(), me.tier.as_str()),
        ("ada@example.com", "pro")
    );
    assert_eq!(me.storage_used_bytes, 0);

    let again = client.send("POST", "/auth/register", &registration("ada@example.com"));
    assert_eq!((again.status, again.code().as_str()), (409, "email_taken"));

    let login = client.send("POST", "/auth/login", &credentials("ADA@example.com"));
    assert_eq!(login.status, 200, "{}", login.json());
    let mut wrong = credentials("ada@example.com");
    wrong.password.push('x');
    let refused = client.send("POST", "/auth/login", &wrong);
    assert_eq!(
        (refused.status, refused.code().as_str()),
        (401, "invalid_credentials")
    );
    let nobody = client.send("POST", "/auth/login", &credentials("nobody@example.com"));
    assert_eq!(
        nobody.code(),
        "invalid_credentials",
        "unknown and wrong look alike"
    );

    // The stored hash is not the key.
    let database = std::fs::read(dir.path().join("server.sqlite3")).unwrap();
    let key = credentials("ada@example.com").password;
    assert!(!database.windows(key.len()).any(|w| w == key.as_bytes()));
}

#[test]
fn bad_requests_get_a_code() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    let malformed = client.send_raw("POST", "/auth/register", b"{\"email\": ");
    assert_eq!(
        (malformed.status, malformed.code().as_str()),
        (400, "invalid_json")
    );
    let mut short = registration("a@b.c");
    short.password = "short".into();
    assert_eq!(
        client.send("POST", "/auth/register", &short).code(),
        "invalid_password"
    );
    assert_eq!(
        client
            .send("POST", "/auth/register", &registration("not-an-email"))
            .code(),
        "invalid_email"
    );
    let anonymous = client.get("/auth/me");
    assert_eq!(
        (anonymous.status, anonymous.code().as_str()),
        (401, "missing_token")
    );
    client.token = Some("not.a.jwt".into());
    assert_eq!(client.get("/auth/me").code(), "invalid_token");
    let unknown = client.get("/no/such/route");
    assert_eq!(
        (unknown.status, unknown.code().as_str()),
        (404, "no_such_route")
    );
    client.register("b@example.com");
    let forged = format!("{}x", client.token.as_deref().unwrap());
    client.token = Some(forged);
    assert_eq!(client.get("/auth/me").code(), "invalid_token");
}

#[test]
fn refresh_tokens_rotate_and_a_replayed_one_revokes_its_family() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    let first = client.register("c@example.com");

    let second: AuthTokens = client
        .send(
            "POST",
            "/auth/refresh",
            &RefreshRequest {
                refresh_token: first.refresh_token.clone(),
            },
        )
        .parse();
    assert_ne!(second.refresh_token, first.refresh_token);
    client.token = Some(second.access_token.clone());
    assert_eq!(client.get("/auth/me").status, 200);

    // The spent token comes back (stolen): refused, and the whole family dies with it.
    let replay = client.send(
        "POST",
        "/auth/refresh",
        &RefreshRequest {
            refresh_token: first.refresh_token,
        },
    );
    assert_eq!(
        (replay.status, replay.code().as_str()),
        (401, "refresh_reused")
    );
    let heir = client.send(
        "POST",
        "/auth/refresh",
        &RefreshRequest {
            refresh_token: second.refresh_token,
        },
    );
    assert_eq!(heir.code(), "invalid_refresh_token");

    // A fresh login starts a new family that works.
    let login: AuthTokens = client
        .send("POST", "/auth/login", &credentials("c@example.com"))
        .parse();
    let next = client.send(
        "POST",
        "/auth/refresh",
        &RefreshRequest {
            refresh_token: login.refresh_token,
        },
    );
    assert_eq!(next.status, 200);
}

#[test]
fn an_access_token_expires_and_tokens_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        access_ttl: Duration::from_secs(1),
        ..ServerConfig::default()
    };
    let tokens = {
        let server = Running::start(dir.path(), config.clone());
        let mut client = Client::new(&server);
        client.register("d@example.com")
    };
    let server = Running::start(dir.path(), config);
    let mut client = Client::new(&server);
    client.token = Some(tokens.access_token.clone());
    std::thread::sleep(Duration::from_millis(2100));
    let expired = client.get("/auth/me");
    assert_eq!(
        (expired.status, expired.code().as_str()),
        (401, "token_expired")
    );
    // The refresh token was signed before the restart and still works after it.
    let renewed: AuthTokens = client
        .send(
            "POST",
            "/auth/refresh",
            &RefreshRequest {
                refresh_token: tokens.refresh_token,
            },
        )
        .parse();
    client.token = Some(renewed.access_token);
    assert_eq!(client.get("/auth/me").status, 200);
}

#[test]
fn derivation_parameters_are_handed_out_without_telling_who_has_an_account() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("n@example.com");
    let ask = |email: &str| -> KdfInfo {
        client
            .send(
                "POST",
                "/auth/params",
                &ParamsRequest {
                    email: email.into(),
                },
            )
            .parse()
    };
    assert_eq!(ask("N@example.com"), registration("n@example.com").kdf);
    let unknown = ask("nobody@example.com");
    assert_eq!(unknown.salt.len(), 16);
    assert_eq!(
        ask("nobody@example.com"),
        unknown,
        "the same made-up answer every time"
    );
    assert_ne!(ask("other@example.com").salt, unknown.salt);

    let mut weak = registration("o@example.com");
    weak.kdf.memory_kib = 1024;
    let refused = client.send("POST", "/auth/register", &weak);
    assert_eq!(
        (refused.status, refused.code().as_str()),
        (400, "invalid_kdf")
    );
}

#[test]
fn new_credentials_replace_the_key_the_parameters_and_the_envelope_together() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("u@example.com");
    let put = adiuva_protocol::KeyEnvelopePut {
        vault_id: "00112233445566778899aabbccddeeff".into(),
        envelope: vec![1; 200],
        expected_version: 0,
    };
    assert_eq!(client.send("PUT", "/vault/envelope", &put).status, 200);
    let mut kdf = registration("u@example.com").kdf;
    kdf.salt = vec![7; 16];
    let update = |expected_version| adiuva_protocol::CredentialsUpdate {
        password: "a-brand-new-derived-key-0123456789".into(),
        kdf: kdf.clone(),
        envelope: vec![2; 200],
        expected_version,
    };
    let stale = client.send("POST", "/auth/credentials", &update(0));
    assert_eq!(
        (stale.status, stale.code().as_str()),
        (409, "version_conflict")
    );
    assert_eq!(
        client.send("POST", "/auth/credentials", &update(1)).status,
        200
    );

    let old = client.send("POST", "/auth/login", &credentials("u@example.com"));
    assert_eq!(
        old.code(),
        "invalid_credentials",
        "the old key stops working"
    );
    let new = Credentials {
        email: "u@example.com".into(),
        password: "a-brand-new-derived-key-0123456789".into(),
    };
    assert_eq!(client.send("POST", "/auth/login", &new).status, 200);
    let asked: KdfInfo = client
        .send(
            "POST",
            "/auth/params",
            &ParamsRequest {
                email: "u@example.com".into(),
            },
        )
        .parse();
    assert_eq!(asked.salt, vec![7; 16]);
    let doc: adiuva_protocol::KeyEnvelopeDoc = client.get("/vault/envelope").parse();
    assert_eq!((doc.envelope, doc.version), (vec![2; 200], 2));
}
