//! Schemathesis (installed by `cargo xtask setup`) against the real server on loopback,
//! driven by the OpenAPI document it serves: every operation with generated valid and invalid
//! input, signed in, checking that nothing answers 500 and that every answer's status, content
//! type, headers and body are the ones documented.

use std::{collections::BTreeMap, path::PathBuf, process::Command};

use adiuva_server::{ServerConfig, TierLimits};

use crate::{Client, Running};

/// Where `cargo xtask setup` puts schemathesis: a virtual environment outside the clone
/// (`$ADIUVA_VENV`, else `$HOME/.cache/adiuva/venv`).
fn schemathesis() -> PathBuf {
    let venv = std::env::var_os("ADIUVA_VENV").map_or_else(
        || {
            let home = std::env::var_os("HOME").expect("HOME is set");
            PathBuf::from(home).join(".cache/adiuva/venv")
        },
        PathBuf::from,
    );
    let binary = venv.join("bin").join("schemathesis");
    assert!(
        binary.is_file(),
        "schemathesis is not installed at {}: run `cargo xtask setup`",
        binary.display()
    );
    binary
}

#[test]
fn schemathesis_finds_the_server_keeping_its_openapi_document() {
    let binary = schemathesis();
    let dir = tempfile::tempdir().unwrap();
    // Limits high enough that generated requests are answered on their merits, not 429.
    let config = ServerConfig {
        tiers: BTreeMap::from([(
            "fuzzed".to_owned(),
            TierLimits {
                storage_bytes: Some(64 * 1024 * 1024),
                backup_bytes: Some(64 * 1024 * 1024),
                requests_per_minute: 1_000_000,
            },
        )]),
        default_tier: "fuzzed".to_owned(),
        auth_attempts_per_minute: 1_000_000,
        ..ServerConfig::default()
    };
    let server = Running::start(&dir.path().join("server"), config);
    let mut client = Client::new(&server);
    client.register("schemathesis@example.com");
    let token = client.token.clone().unwrap();

    // Bounded so the run stays well under two minutes on two cores; a deeper run locally:
    // ADIUVA_SCHEMATHESIS_EXAMPLES=500 ADIUVA_SCHEMATHESIS_SEED=3 cargo test -p adiuva-server schemathesis
    let examples = std::env::var("ADIUVA_SCHEMATHESIS_EXAMPLES").unwrap_or_else(|_| "30".into());
    let seed = std::env::var("ADIUVA_SCHEMATHESIS_SEED").unwrap_or_else(|_| "7".into());
    let work = dir.path().join("schemathesis");
    std::fs::create_dir_all(&work).unwrap();
    let output = Command::new(&binary)
        .current_dir(&work)
        .args([
            "run",
            &format!("{}/openapi.json", server.base),
            "--header",
            &format!("Authorization: Bearer {token}"),
            "--checks",
            "all",
            // A checksum must be the sha256 of its blob, which no schema can say, so requests
            // valid by the schema alone are refused by design.
            "--exclude-checks",
            "positive_data_acceptance",
            "--max-examples",
            &examples,
            "--seed",
            &seed,
            // One worker: CPython 3.11's parser is not thread-safe when hypothesis describes
            // its strategies ("AST constructor recursion depth mismatch").
            "--workers",
            "1",
            "--no-color",
        ])
        .env("NO_COLOR", "1")
        .output()
        .expect("schemathesis runs");
    let report = format!(
        "{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.status.success(),
        "schemathesis found problems:\n{report}"
    );
    // What was covered, for the test log.
    eprintln!("{report}");
}
