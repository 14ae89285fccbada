//! The `adiuva` binary with the real keyring: a provider key read from standard input, listed
//! by its last four characters, tested against a stand-in, removed; and a remembered vault.

use adiuva_e2e::{
    profile_dir,
    provider_stand_in::{Behaviour, ProviderStandIn},
};
use std::{
    io::Write,
    process::{Command, Stdio},
};

const KEY: &str = "sk-cli-9d8c7b6a5f4e3d2c1b0a";

fn adiuva(dir: &std::path::Path, args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(profile_dir().join("adiuva"))
        .arg("--data-dir")
        .arg(dir)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the adiuva binary is built by cargo xtask test");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_provider_key_goes_in_by_stdin_and_shows_as_four_characters() {
    let _turn = crate::keyring_turn();
    let dir = tempfile::tempdir().unwrap();
    let stand_in = ProviderStandIn::start(Behaviour::OpenAi { key: KEY.into() });
    let url = stand_in.base_url.as_str();
    let args = [
        "provider",
        "add",
        "--name",
        "work",
        "--kind",
        "openai-compatible",
        "--base-url",
        url,
        "--key-stdin",
    ];
    let (code, out, err) = adiuva(dir.path(), &args, &format!("{KEY}\n"));
    assert_eq!(code, 0, "{err}");
    assert!(!out.contains(KEY) && out.contains("••••1b0a"), "{out}");

    let (code, out, _) = adiuva(dir.path(), &["--json", "provider", "list"], "");
    assert_eq!(code, 0);
    let list: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(list[0]["key_last4"], "1b0a");
    assert!(!out.contains(KEY));

    let (code, out, _) = adiuva(dir.path(), &["provider", "test", "work"], "");
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("works: 2 models"), "{out}");

    let (code, _, _) = adiuva(dir.path(), &["provider", "remove", "WORK"], "");
    assert_eq!(code, 0);
    let (code, out, _) = adiuva(dir.path(), &["--json", "provider", "list"], "");
    assert_eq!((code, out.trim()), (0, "[]"));
}

#[test]
fn a_failed_provider_test_exits_9_with_its_outcome() {
    let _turn = crate::keyring_turn();
    let dir = tempfile::tempdir().unwrap();
    let stand_in = ProviderStandIn::start(Behaviour::RateLimited { retry_after: 30 });
    let url = stand_in.base_url.as_str();
    adiuva(
        dir.path(),
        &[
            "provider",
            "add",
            "--name",
            "busy",
            "--kind",
            "openai-compatible",
            "--base-url",
            url,
            "--key-stdin",
        ],
        "sk-x\n",
    );
    let (code, out, _) = adiuva(dir.path(), &["--json", "provider", "test", "busy"], "");
    assert_eq!(code, 9);
    let check: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            check["outcome"].as_str(),
            check["retry_after_secs"].as_u64()
        ),
        (Some("rate_limited"), Some(30))
    );
    adiuva(dir.path(), &["provider", "remove", "busy"], "");
}

#[test]
fn a_remembered_vault_opens_from_the_keyring_in_the_next_process() {
    let _turn = crate::keyring_turn();
    let dir = tempfile::tempdir().unwrap();
    let passphrase = "marmalade tractor quietly orbit\n";
    assert_eq!(
        adiuva(dir.path(), &["vault", "init"], &passphrase.repeat(2)).0,
        0
    );
    let (code, out, err) = adiuva(dir.path(), &["vault", "unlock", "--remember"], passphrase);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("system keyring"), "{out}");
    let (_, out, _) = adiuva(dir.path(), &["--json", "vault", "status"], "");
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (status["state"].as_str(), status["remembered"].as_bool()),
        (Some("unlocked"), Some(true))
    );
    assert_eq!(adiuva(dir.path(), &["vault", "lock"], "").0, 0);
    let (_, out, _) = adiuva(dir.path(), &["--json", "vault", "status"], "");
    let status: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (status["state"].as_str(), status["remembered"].as_bool()),
        (Some("locked"), Some(false))
    );
}

#[test]
fn accounts_sign_up_and_in_from_the_command_line() {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir().unwrap();
    let server = adiuva_e2e::local_server::LocalServer::start(server_dir.path());
    let passphrase = "marmalade tractor quietly orbit\n";
    let laptop = tempfile::tempdir().unwrap();
    let (code, _, err) = adiuva(laptop.path(), &["vault", "init"], &passphrase.repeat(2));
    assert_eq!(code, 0, "{err}");
    let signup = [
        "--json",
        "account",
        "signup",
        "--server",
        &server.url,
        "--email",
        "cli@example.com",
    ];
    let (code, out, err) = adiuva(laptop.path(), &signup, passphrase);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"signed_in\": true"), "{out}");

    let desktop = tempfile::tempdir().unwrap();
    let login = [
        "--json",
        "account",
        "login",
        "--server",
        &server.url,
        "--email",
        "cli@example.com",
    ];
    let (code, _, err) = adiuva(desktop.path(), &login, "lantern pebble civic thunder\n");
    assert_eq!(code, 5, "a wrong passphrase exits 5: {err}");
    assert!(err.contains("wrong_passphrase"), "{err}");
    let (code, out, _) = adiuva(desktop.path(), &["--json", "vault", "status"], "");
    assert!(
        code == 0 && out.contains("\"state\": \"none\""),
        "nothing written: {out}"
    );

    let (code, _, err) = adiuva(desktop.path(), &login, passphrase);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = adiuva(desktop.path(), &["account", "status"], "");
    assert!(out.contains("Signed in as cli@example.com"), "{out}");
    let (_, out, _) = adiuva(desktop.path(), &["--json", "vault", "status"], "");
    assert!(
        out.contains("\"state\": \"locked\""),
        "the account's vault is here now: {out}"
    );

    // Backups: taken on the laptop, restored on the desktop.
    let (code, _, _) = adiuva(
        laptop.path(),
        &["note", "add", "Soil", "--content", "loam"],
        "",
    );
    assert_eq!(code, 0);
    let (code, out, err) = adiuva(laptop.path(), &["--json", "backup", "create"], passphrase);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"chunk_count\""), "{out}");
    let (_, out, _) = adiuva(desktop.path(), &["--json", "backup", "list"], "");
    assert_eq!(out.matches("\"id\"").count(), 1, "{out}");
    let (code, _, err) = adiuva(
        desktop.path(),
        &["backup", "restore"],
        "lantern pebble civic thunder\n",
    );
    assert_eq!(code, 5, "restoring needs the right passphrase: {err}");
    let (code, _, err) = adiuva(desktop.path(), &["backup", "restore"], passphrase);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = adiuva(desktop.path(), &["note", "list"], "");
    assert!(out.contains("Soil"), "the laptop's note is here: {out}");

    // A sync round from each side moves a task across.
    let (code, _, _) = adiuva(laptop.path(), &["task", "add", "Prune the hedge"], "");
    assert_eq!(code, 0);
    let (code, out, err) = adiuva(laptop.path(), &["--json", "sync"], passphrase);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"pushed\""), "{out}");
    let (code, _, err) = adiuva(desktop.path(), &["sync"], passphrase);
    assert_eq!(code, 0, "{err}");
    let (_, out, _) = adiuva(desktop.path(), &["task", "list"], "");
    assert!(out.contains("Prune the hedge"), "{out}");

    let (code, out, _) = adiuva(desktop.path(), &["account", "logout"], "");
    assert!(code == 0 && out.contains("Not signed in"), "{out}");
}
