//! The seed's record contract (create, list, download, update, delete), checksum refusals,
//! and one user never reaching another's records or envelope.

use adiuva_protocol::{
    Created, KeyEnvelopeDoc, KeyEnvelopePut, RecordMeta, StorageRecordCreate, StorageRecordUpdate,
};
use adiuva_server::ServerConfig;

use crate::{Client, Running, checksum};

const VAULT: &str = "00112233445566778899aabbccddeeff";

fn create(client: &Client, table: &str, blob: &[u8]) -> String {
    let answer = client.send(
        "POST",
        "/storage/records",
        &StorageRecordCreate {
            table: table.into(),
            blob: blob.to_vec(),
            checksum: checksum(blob),
        },
    );
    assert_eq!(answer.status, 200, "{}", answer.json());
    answer.parse::<Created>().id
}

#[test]
fn records_are_created_listed_downloaded_updated_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("e@example.com");

    let task = create(&client, "tasks", b"sealed task");
    let note = create(&client, "notes", b"sealed note");
    let listed: Vec<RecordMeta> = client.get("/storage/records").parse();
    assert_eq!(listed.len(), 2);
    let tasks: Vec<RecordMeta> = client.get("/storage/records?table=tasks").parse();
    assert_eq!(
        tasks.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(),
        [task.as_str()]
    );
    assert_eq!(tasks[0].checksum, checksum(b"sealed task"));

    let blob = client.get(&format!("/storage/records/{task}"));
    assert_eq!(
        (blob.status, blob.bytes.as_slice()),
        (200, &b"sealed task"[..])
    );
    assert_eq!(
        blob.checksum.as_deref(),
        Some(checksum(b"sealed task").as_str())
    );

    let updated = client.send(
        "PUT",
        &format!("/storage/records/{task}"),
        &StorageRecordUpdate {
            blob: b"sealed task v2".to_vec(),
            checksum: checksum(b"sealed task v2"),
        },
    );
    assert_eq!(updated.json()["ok"], true);
    assert_eq!(
        client.get(&format!("/storage/records/{task}")).bytes,
        b"sealed task v2"
    );

    assert_eq!(
        client.delete(&format!("/storage/records/{note}")).status,
        200
    );
    assert_eq!(client.get(&format!("/storage/records/{note}")).status, 404);
    assert_eq!(
        client.delete(&format!("/storage/records/{note}")).status,
        404
    );
    let gone = client.send(
        "PUT",
        &format!("/storage/records/{note}"),
        &StorageRecordUpdate {
            blob: b"x".to_vec(),
            checksum: checksum(b"x"),
        },
    );
    assert_eq!(gone.status, 404);
}

#[test]
fn a_checksum_mismatch_is_refused_and_stores_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("f@example.com");
    let bad = client.send(
        "POST",
        "/storage/records",
        &StorageRecordCreate {
            table: "tasks".into(),
            blob: b"blob".to_vec(),
            checksum: checksum(b"other"),
        },
    );
    assert_eq!(
        (bad.status, bad.code().as_str()),
        (400, "checksum_mismatch")
    );
    assert!(
        client
            .get("/storage/records")
            .parse::<Vec<RecordMeta>>()
            .is_empty()
    );

    let id = create(&client, "tasks", b"kept");
    let tampered = client.send(
        "PUT",
        &format!("/storage/records/{id}"),
        &StorageRecordUpdate {
            blob: b"changed".to_vec(),
            checksum: checksum(b"kept"),
        },
    );
    assert_eq!(tampered.code(), "checksum_mismatch");
    assert_eq!(client.get(&format!("/storage/records/{id}")).bytes, b"kept");
    let table = client.send(
        "POST",
        "/storage/records",
        &StorageRecordCreate {
            table: "Tasks; DROP".into(),
            blob: b"b".to_vec(),
            checksum: checksum(b"b"),
        },
    );
    assert_eq!(table.code(), "invalid_table");
}

#[test]
fn one_user_cannot_reach_anothers_records_or_envelope() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut alice = Client::new(&server);
    alice.register("alice@example.com");
    let mut bob = Client::new(&server);
    bob.register("bob@example.com");

    let id = create(&alice, "tasks", b"alice's sealed task");
    let put = KeyEnvelopePut {
        vault_id: VAULT.into(),
        envelope: b"alice's envelope".to_vec(),
        expected_version: 0,
    };
    assert_eq!(alice.send("PUT", "/vault/envelope", &put).status, 200);

    assert!(
        bob.get("/storage/records")
            .parse::<Vec<RecordMeta>>()
            .is_empty()
    );
    assert_eq!(bob.get(&format!("/storage/records/{id}")).status, 404);
    let overwrite = bob.send(
        "PUT",
        &format!("/storage/records/{id}"),
        &StorageRecordUpdate {
            blob: b"bob".to_vec(),
            checksum: checksum(b"bob"),
        },
    );
    assert_eq!(overwrite.status, 404);
    assert_eq!(bob.delete(&format!("/storage/records/{id}")).status, 404);
    assert!(
        bob.get("/storage/changes").json()["changes"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(bob.get("/vault/envelope").status, 404);

    // Bob's writes under the same id are his own record.
    let push = serde_json::json!({ "records": [{
        "id": id, "table": "tasks", "expected_version": 0,
        "blob": "Ym9i", "checksum": checksum(b"bob"),
    }]});
    assert_eq!(
        bob.send("POST", "/storage/push", &push).json()["results"][0]["status"],
        "accepted"
    );
    assert_eq!(
        alice.get(&format!("/storage/records/{id}")).bytes,
        b"alice's sealed task"
    );
    let doc: KeyEnvelopeDoc = alice.get("/vault/envelope").parse();
    assert_eq!(
        (doc.envelope.as_slice(), doc.version),
        (&b"alice's envelope"[..], 1)
    );
}

#[test]
fn the_key_envelope_is_versioned_against_clobbering() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("g@example.com");
    assert_eq!(client.get("/vault/envelope").status, 404);
    let first = KeyEnvelopePut {
        vault_id: VAULT.into(),
        envelope: vec![1; 300],
        expected_version: 0,
    };
    assert_eq!(
        client
            .send("PUT", "/vault/envelope", &first)
            .parse::<KeyEnvelopeDoc>()
            .version,
        1
    );
    let stale = client.send(
        "PUT",
        "/vault/envelope",
        &KeyEnvelopePut {
            vault_id: VAULT.into(),
            envelope: vec![2; 300],
            expected_version: 0,
        },
    );
    assert_eq!(
        (stale.status, stale.code().as_str()),
        (409, "version_conflict")
    );
    let next = KeyEnvelopePut {
        vault_id: VAULT.into(),
        envelope: vec![3; 300],
        expected_version: 1,
    };
    assert_eq!(
        client
            .send("PUT", "/vault/envelope", &next)
            .parse::<KeyEnvelopeDoc>()
            .version,
        2
    );
    assert_eq!(
        client
            .get("/vault/envelope")
            .parse::<KeyEnvelopeDoc>()
            .envelope,
        vec![3; 300]
    );
    let mut no_id = KeyEnvelopePut {
        vault_id: "not hex".into(),
        envelope: vec![1; 10],
        expected_version: 2,
    };
    assert_eq!(
        client.send("PUT", "/vault/envelope", &no_id).code(),
        "invalid_vault_id"
    );
    no_id.vault_id = VAULT.to_uppercase();
    assert_eq!(
        client
            .send("PUT", "/vault/envelope", &no_id)
            .parse::<KeyEnvelopeDoc>()
            .vault_id,
        VAULT
    );
    let empty = client.send(
        "PUT",
        "/vault/envelope",
        &KeyEnvelopePut {
            vault_id: VAULT.into(),
            envelope: vec![],
            expected_version: 2,
        },
    );
    assert_eq!(empty.code(), "invalid_envelope");
}
