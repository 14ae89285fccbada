//! The vault lifecycle through the application layer, on real database files: create, lock,
//! unlock by passphrase and by recovery key, change the passphrase (nothing else rewritten),
//! regenerate the recovery key, rotate the key, auto-lock, and every refusal.

use adiuva_app::{AppError, ManualClock, VaultError, VaultState, Workspace};
use adiuva_crypto::KdfParams;
use adiuva_domain::{ErrorCode, Millis, NewProject, Reason};
use chrono::NaiveDate;
use std::sync::Arc;

use crate::{assert_invalid, snapshot};

const PASSPHRASE: &str = "marmalade tractor quietly orbit";
const OTHER: &str = "lantern pebble civic thunder";

fn workspace(dir: &std::path::Path, hands: &Arc<ManualClock>) -> Workspace {
    Workspace::open(dir)
        .unwrap()
        .with_clock(hands.clone())
        .with_kdf_params(KdfParams::FLOOR)
}

fn fixture() -> (tempfile::TempDir, Arc<ManualClock>, Workspace) {
    let dir = tempfile::tempdir().unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
    let hands = Arc::new(ManualClock::new(Millis(1_795_000_000_000), today));
    let ws = workspace(dir.path(), &hands);
    (dir, hands, ws)
}

fn code(err: &AppError) -> ErrorCode {
    err.code()
}

#[test]
fn a_vault_is_created_locked_and_unlocked_both_ways() {
    let (dir, hands, ws) = fixture();
    assert_eq!(ws.vault_status().unwrap().state, VaultState::None);
    assert!(matches!(
        ws.unlock_vault(PASSPHRASE),
        Err(AppError::Vault(VaultError::NoVault))
    ));

    let shown = ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    assert_eq!(shown.recovery_key.split('-').count(), 9);
    let status = ws.vault_status().unwrap();
    assert_eq!(
        (status.state, status.key_generation, status.remembered),
        (VaultState::Unlocked, Some(1), false)
    );
    let (key, _) = ws.vault_key().unwrap();

    assert_eq!(ws.lock_vault().unwrap().state, VaultState::Locked);
    assert_eq!(code(&ws.vault_key().unwrap_err()), ErrorCode::Locked);
    assert_eq!(
        code(
            &ws.unlock_vault("marmalade tractor quietly orbiT")
                .unwrap_err()
        ),
        ErrorCode::WrongPassphrase
    );
    assert_eq!(
        ws.unlock_vault(PASSPHRASE).unwrap().state,
        VaultState::Unlocked
    );
    assert_eq!(ws.vault_key().unwrap().0, key);

    // A fresh process finds the vault locked and opens it with the recovery key, typed sloppily.
    drop(ws);
    let ws = workspace(dir.path(), &hands);
    assert_eq!(ws.vault_status().unwrap().state, VaultState::Locked);
    let sloppy = shown.recovery_key.to_lowercase().replace('-', " ");
    assert_eq!(
        ws.unlock_vault_with_recovery_key(&sloppy).unwrap().state,
        VaultState::Unlocked
    );
    assert_eq!(ws.vault_key().unwrap().0, key);
}

#[test]
fn bad_recovery_keys_and_bad_new_passphrases_are_told_apart() {
    let (_dir, _hands, ws) = fixture();
    let shown = ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    ws.lock_vault().unwrap();
    let mut typo = shown.recovery_key;
    let first = typo.remove(0);
    typo.insert(0, if first == 'A' { 'B' } else { 'A' });
    assert_invalid(
        &ws.unlock_vault_with_recovery_key(&typo).unwrap_err(),
        "recovery_key",
        Reason::Checksum,
    );
    let other_vault = {
        let (_d, _h, other) = fixture();
        other.create_vault(OTHER, OTHER).unwrap().recovery_key
    };
    assert_eq!(
        code(&ws.unlock_vault_with_recovery_key(&other_vault).unwrap_err()),
        ErrorCode::WrongRecoveryKey
    );

    let (dir2, _h2, fresh) = fixture();
    let before = snapshot(fresh.database_path());
    assert_invalid(
        &fresh.create_vault(PASSPHRASE, OTHER).unwrap_err(),
        "confirmation",
        Reason::Mismatch,
    );
    assert_invalid(
        &fresh
            .create_vault("password123", "password123")
            .unwrap_err(),
        "passphrase",
        Reason::TooWeak,
    );
    assert_eq!(
        snapshot(fresh.database_path()),
        before,
        "refused creations write nothing"
    );
    drop(dir2);
    assert_eq!(
        code(&ws.create_vault(OTHER, OTHER).unwrap_err()),
        ErrorCode::Conflict
    );
}

#[test]
fn changing_the_passphrase_rewrites_only_the_key_envelope() {
    let (_dir, _hands, ws) = fixture();
    let shown = ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    ws.create_project(
        NewProject {
            name: "Garden".into(),
            client_id: None,
        }
        .validate()
        .unwrap(),
    )
    .unwrap();
    assert_eq!(ws.seal_changed_records().unwrap(), 1);
    let (key, _) = ws.vault_key().unwrap();
    let before = snapshot(ws.database_path());
    assert!(before.iter().any(|row| row.starts_with("sealed_records:")));

    assert_eq!(
        code(&ws.change_passphrase(OTHER, OTHER, OTHER).unwrap_err()),
        ErrorCode::WrongPassphrase
    );
    assert_invalid(
        &ws.change_passphrase(PASSPHRASE, OTHER, PASSPHRASE)
            .unwrap_err(),
        "confirmation",
        Reason::Mismatch,
    );
    assert_eq!(snapshot(ws.database_path()), before);

    ws.change_passphrase(PASSPHRASE, OTHER, OTHER).unwrap();
    let after = snapshot(ws.database_path());
    let changed: Vec<_> = after.iter().filter(|row| !before.contains(row)).collect();
    assert_eq!(
        changed.len(),
        1,
        "only one row changed, no sealed record: {changed:?}"
    );
    assert!(changed[0].starts_with("vault:"));

    ws.lock_vault().unwrap();
    assert_eq!(
        code(&ws.unlock_vault(PASSPHRASE).unwrap_err()),
        ErrorCode::WrongPassphrase
    );
    ws.unlock_vault(OTHER).unwrap();
    assert_eq!(
        ws.vault_key().unwrap().0,
        key,
        "same vault key: nothing to re-encrypt"
    );
    ws.lock_vault().unwrap();
    ws.unlock_vault_with_recovery_key(&shown.recovery_key)
        .unwrap();
}

#[test]
fn a_new_recovery_key_and_a_rotation_retire_the_old_ones() {
    let (_dir, _hands, ws) = fixture();
    let first = ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    let second = ws.regenerate_recovery_key(PASSPHRASE).unwrap();
    ws.lock_vault().unwrap();
    assert_eq!(
        code(
            &ws.unlock_vault_with_recovery_key(&first.recovery_key)
                .unwrap_err()
        ),
        ErrorCode::WrongRecoveryKey
    );
    ws.unlock_vault_with_recovery_key(&second.recovery_key)
        .unwrap();
    let (old_key, _) = ws.vault_key().unwrap();

    assert_eq!(
        code(&ws.rotate_vault_key(OTHER).unwrap_err()),
        ErrorCode::WrongPassphrase
    );
    let third = ws.rotate_vault_key(PASSPHRASE).unwrap();
    let (new_key, generation) = ws.vault_key().unwrap();
    assert_ne!(new_key, old_key);
    assert_eq!(generation.0, 2);
    assert_eq!(ws.vault_status().unwrap().key_generation, Some(2));
    ws.lock_vault().unwrap();
    assert_eq!(
        code(
            &ws.unlock_vault_with_recovery_key(&second.recovery_key)
                .unwrap_err()
        ),
        ErrorCode::WrongRecoveryKey
    );
    ws.unlock_vault_with_recovery_key(&third.recovery_key)
        .unwrap();
    ws.lock_vault().unwrap();
    ws.unlock_vault(PASSPHRASE).unwrap();
    assert_eq!(ws.vault_key().unwrap().0, new_key);
}

#[test]
fn the_vault_locks_itself_after_its_idle_time() {
    let (_dir, hands, ws) = fixture();
    ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    assert_invalid(
        &ws.set_auto_lock(Some(0)).unwrap_err(),
        "auto_lock_minutes",
        Reason::Empty,
    );
    assert_eq!(
        ws.set_auto_lock(Some(5)).unwrap().auto_lock_minutes,
        Some(5)
    );
    hands.advance(4 * 60_000);
    ws.note_vault_activity();
    hands.advance(4 * 60_000);
    assert_eq!(
        ws.vault_status().unwrap().state,
        VaultState::Unlocked,
        "activity restarted the timer"
    );
    hands.advance(60_000);
    assert_eq!(ws.vault_status().unwrap().state, VaultState::Locked);
    assert_eq!(code(&ws.vault_key().unwrap_err()), ErrorCode::Locked);
    ws.set_auto_lock(None).unwrap();
    ws.unlock_vault(PASSPHRASE).unwrap();
    hands.advance(24 * 3_600_000);
    assert_eq!(ws.vault_status().unwrap().state, VaultState::Unlocked);
}

#[test]
fn a_damaged_envelope_is_reported_as_damage_not_as_a_wrong_passphrase() {
    let (dir, hands, ws) = fixture();
    ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    drop(ws);
    let conn = rusqlite::Connection::open(dir.path().join(adiuva_app::DATABASE_FILE)).unwrap();
    // Byte 61 (inside the salt) becomes something else, whatever it was.
    let damage = "UPDATE vault SET envelope = CAST(substr(envelope, 1, 60) \
                  || CASE WHEN substr(envelope, 61, 1) = x'00' THEN x'01' ELSE x'00' END \
                  || substr(envelope, 62) AS BLOB)";
    conn.execute(damage, []).unwrap();
    drop(conn);
    let ws = workspace(dir.path(), &hands);
    assert_eq!(
        code(&ws.unlock_vault(PASSPHRASE).unwrap_err()),
        ErrorCode::Corrupted
    );
}

#[test]
fn a_downgraded_envelope_is_refused_as_weak_not_as_a_wrong_passphrase() {
    let (dir, hands, ws) = fixture();
    ws.create_vault(PASSPHRASE, PASSPHRASE).unwrap();
    drop(ws);
    let conn = rusqlite::Connection::open(dir.path().join(adiuva_app::DATABASE_FILE)).unwrap();
    let stored: Vec<u8> = conn
        .query_row("SELECT envelope FROM vault", [], |r| r.get(0))
        .unwrap();
    // A well-formed envelope (valid checksum) whose parameters an attacker lowered.
    let mut envelope = adiuva_crypto::KeyEnvelope::decode(&stored).unwrap();
    envelope.kdf = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        lanes: 1,
    };
    conn.execute("UPDATE vault SET envelope = ?1", [envelope.encode()])
        .unwrap();
    drop(conn);
    let ws = workspace(dir.path(), &hands);
    let err = ws.unlock_vault(PASSPHRASE).unwrap_err();
    assert_eq!(code(&err), ErrorCode::WeakParameters);
    assert!(err.to_string().contains("1024 KiB"), "{err}");
}
