//! `adiuva device connect|token|tokens|revoke-token` on a device that is not signed in:
//! refused at once with `unauthorized` (exit 10), nothing on stdout; a token for an unknown
//! agent is `not_found` first. Signed-in runs are in the e2e `relay` tests (the tokens live in
//! the OS keyring). `adiuva backup schedule` is shown, set, and a bad value refused.

use crate::{adiuva, id_of};

#[test]
fn the_device_channel_and_agent_tokens_need_a_signed_in_device() {
    let dir = tempfile::tempdir().unwrap();
    id_of(adiuva(
        dir.path(),
        &["agent", "add", "ext", "--kind", "external"],
    ));
    for args in [
        &["--json", "device", "connect"][..],
        &["--json", "device", "token", "--agent", "ext"][..],
        &["--json", "device", "tokens"][..],
        &[
            "--json",
            "device",
            "revoke-token",
            "0190aaaa-0000-7000-8000-000000000000",
        ][..],
    ] {
        let run = adiuva(dir.path(), args);
        assert_eq!(run.code, 10, "{args:?}: {}", run.stderr);
        assert_eq!(run.error()["code"], "unauthorized", "{args:?}");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    let unknown = adiuva(
        dir.path(),
        &["--json", "device", "token", "--agent", "nobody"],
    );
    assert_eq!(unknown.code, 3, "{}", unknown.stderr);
    assert_eq!(unknown.error()["code"], "not_found");
}

#[test]
fn the_backup_schedule_is_shown_set_and_checked() {
    let dir = tempfile::tempdir().unwrap();
    let shown = adiuva(dir.path(), &["--json", "backup", "schedule"]);
    assert_eq!(shown.code, 0, "{}", shown.stderr);
    let json: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(json["schedule"], "off");
    assert_eq!(json["last_backup_at"], serde_json::Value::Null);

    let set = adiuva(dir.path(), &["backup", "schedule", "weekly"]);
    assert_eq!(set.code, 0, "{}", set.stderr);
    assert!(set.stdout.contains("every week"), "{}", set.stdout);
    let bad = adiuva(dir.path(), &["backup", "schedule", "hourly"]);
    assert_ne!(bad.code, 0);
    assert!(bad.stderr.contains("hourly"), "{}", bad.stderr);
    let shown = adiuva(dir.path(), &["--json", "backup", "schedule"]);
    let json: serde_json::Value = serde_json::from_str(&shown.stdout).unwrap();
    assert_eq!(json["schedule"], "weekly", "the bad value changed nothing");
}
