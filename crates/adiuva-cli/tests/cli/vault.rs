//! Vault commands: secrets from standard input or a secrets file, recovery keys printed once,
//! distinct exit codes for a wrong passphrase (5) and bad input (2), and the unavailable
//! keyring (7) that never falls back to a secret on disk.

use serde_json::Value;
use std::path::Path;

use crate::{adiuva, adiuva_with_stdin, command, run};

const PASSPHRASE: &str = "marmalade tractor quietly orbit";
const NEW: &str = "lantern pebble civic thunder";

fn lines(secrets: &[&str]) -> String {
    secrets.iter().map(|s| format!("{s}\n")).collect()
}

fn init(dir: &Path) -> String {
    let run = adiuva_with_stdin(
        dir,
        &["--json", "vault", "init"],
        &lines(&[PASSPHRASE, PASSPHRASE]),
    )
    .ok();
    let key = run.json()["recovery_key"].as_str().unwrap().to_owned();
    assert_eq!(key.split('-').count(), 9);
    key
}

#[test]
fn init_unlock_and_change_the_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    assert!(
        adiuva(dir, &["vault", "status"])
            .ok()
            .stdout
            .contains("No vault yet")
    );
    let recovery = init(dir);

    let wrong = adiuva_with_stdin(
        dir,
        &["--json", "vault", "unlock"],
        &lines(&["not the passphrase at all"]),
    );
    assert_eq!(wrong.code, 5);
    assert_eq!(wrong.error()["code"], "wrong_passphrase");
    let right = adiuva_with_stdin(dir, &["--json", "vault", "unlock"], &lines(&[PASSPHRASE])).ok();
    assert_eq!(right.json()["state"], "unlocked");
    adiuva_with_stdin(
        dir,
        &["vault", "unlock", "--recovery-key"],
        &lines(&[&recovery.to_lowercase()]),
    )
    .ok();

    adiuva_with_stdin(dir, &["vault", "passwd"], &lines(&[PASSPHRASE, NEW, NEW])).ok();
    assert_eq!(
        adiuva_with_stdin(dir, &["vault", "unlock"], &lines(&[PASSPHRASE])).code,
        5
    );
    adiuva_with_stdin(dir, &["vault", "unlock"], &lines(&[NEW])).ok();
    adiuva_with_stdin(
        dir,
        &["vault", "unlock", "--recovery-key"],
        &lines(&[&recovery]),
    )
    .ok();

    let status: Value = adiuva(dir, &["--json", "vault", "status"]).ok().json();
    assert_eq!(
        (status["state"].as_str(), status["remembered"].as_bool()),
        (Some("locked"), Some(false))
    );
}

#[test]
fn bad_input_is_exit_2_with_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    for (secrets, field, kind) in [
        (vec![PASSPHRASE, NEW], "confirmation", "mismatch"),
        (
            vec!["password1234", "password1234"],
            "passphrase",
            "too_weak",
        ),
    ] {
        let run = adiuva_with_stdin(dir, &["--json", "vault", "init"], &lines(&secrets));
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(
            (
                run.error()["field"].as_str(),
                run.error()["reason"]["kind"].as_str()
            ),
            (Some(field), Some(kind))
        );
    }
    assert_eq!(
        adiuva(dir, &["vault", "status"]).ok().stdout.trim(),
        "No vault yet. Create one with: adiuva vault init"
    );
    let missing = adiuva_with_stdin(dir, &["vault", "init"], &lines(&[PASSPHRASE]));
    assert_eq!(missing.code, 2, "a missing second line is bad input");

    let recovery = init(dir);
    let mut typo: Vec<char> = recovery.chars().collect();
    typo[0] = if typo[0] == 'A' { 'B' } else { 'A' };
    let typo: String = typo.into_iter().collect();
    let run = adiuva_with_stdin(
        dir,
        &["--json", "vault", "unlock", "--recovery-key"],
        &lines(&[&typo]),
    );
    assert_eq!(
        (run.code, run.error()["field"].as_str()),
        (2, Some("recovery_key"))
    );
}

#[test]
fn new_recovery_keys_and_rotation_retire_the_old_ones() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let first = init(dir);
    let second = adiuva_with_stdin(
        dir,
        &["--json", "vault", "recovery-key"],
        &lines(&[PASSPHRASE]),
    )
    .ok()
    .json()["recovery_key"]
        .as_str()
        .unwrap()
        .to_owned();
    let wrong = adiuva_with_stdin(
        dir,
        &["--json", "vault", "unlock", "--recovery-key"],
        &lines(&[&first]),
    );
    assert_eq!(
        (wrong.code, wrong.error()["code"].as_str()),
        (5, Some("wrong_recovery_key"))
    );
    let third = adiuva_with_stdin(dir, &["--json", "vault", "rotate"], &lines(&[PASSPHRASE]))
        .ok()
        .json()["recovery_key"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        adiuva_with_stdin(
            dir,
            &["vault", "unlock", "--recovery-key"],
            &lines(&[&second])
        )
        .code,
        5
    );
    adiuva_with_stdin(
        dir,
        &["vault", "unlock", "--recovery-key"],
        &lines(&[&third]),
    )
    .ok();
    assert_eq!(
        adiuva(dir, &["--json", "vault", "status"]).ok().json()["key_generation"],
        2
    );
}

#[test]
fn secrets_can_come_from_a_file_descriptor_path() {
    let dir = tempfile::tempdir().unwrap();
    let secrets = dir.path().join("secrets");
    std::fs::write(&secrets, lines(&[PASSPHRASE, PASSPHRASE])).unwrap();
    let workspace = dir.path().join("ws");
    let path = secrets.to_str().unwrap();
    adiuva(&workspace, &["vault", "init", "--secrets-file", path]).ok();
    std::fs::write(&secrets, lines(&[PASSPHRASE])).unwrap();
    adiuva(&workspace, &["vault", "unlock", "--secrets-file", path]).ok();
}

#[test]
fn without_a_keyring_remembering_fails_clearly_and_writes_no_secret() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    init(dir);
    let mut cmd = command(dir, &["--json", "vault", "unlock", "--remember"]);
    // No session bus and no display to autolaunch one: the keyring is unreachable.
    cmd.env(
        "DBUS_SESSION_BUS_ADDRESS",
        "unix:path=/nonexistent/adiuva-test-bus",
    )
    .env_remove("DISPLAY");
    let run = run(cmd, &lines(&[PASSPHRASE]));
    assert_eq!(run.code, 7, "{}", run.stderr);
    assert_eq!(run.error()["code"], "unavailable");
    assert!(
        run.error()["message"]
            .as_str()
            .unwrap()
            .contains("use your passphrase")
    );
    assert_eq!(
        adiuva(dir, &["--json", "vault", "status"]).ok().json()["remembered"],
        false
    );
    for entry in std::fs::read_dir(dir).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(
            !bytes
                .windows(PASSPHRASE.len())
                .any(|w| w == PASSPHRASE.as_bytes()),
            "the passphrase reached the disk"
        );
    }
}

#[test]
fn rotate_finishes_a_rotation_that_a_crash_interrupted() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    init(dir);
    {
        // Another process seals records, starts a rotation and dies before re-sealing.
        let ws = adiuva_app::Workspace::open(dir).unwrap();
        ws.unlock_vault(PASSPHRASE).unwrap();
        for name in ["Garden", "House", "Books"] {
            ws.create_project(
                adiuva_domain::NewProject {
                    name: name.into(),
                    client_id: None,
                }
                .validate()
                .unwrap(),
            )
            .unwrap();
        }
        assert_eq!(ws.seal_changed_records().unwrap(), 3);
        ws.rotate_vault_key(PASSPHRASE).unwrap();
    }
    let status = adiuva(dir, &["--json", "vault", "status"]).ok().json();
    assert_eq!(status["rotation"]["done"], 0);
    assert_eq!(status["rotation"]["total"], 3);

    let resumed = adiuva_with_stdin(dir, &["--json", "vault", "rotate"], &lines(&[PASSPHRASE]))
        .ok()
        .json();
    assert_eq!(resumed["recovery_key"], Value::Null, "no new key on resume");
    assert_eq!(resumed["rotation"]["done"], 3);
    assert_eq!(resumed["rotation"]["key_generation"], 2);
    let status = adiuva(dir, &["--json", "vault", "status"]).ok().json();
    assert_eq!(status["rotation"], Value::Null);
    assert_eq!(status["key_generation"], 2);
}
