//! Vectors: upsert with verified checksums, the feed since a cursor in pages, one by id,
//! delete, the shared storage quota, and one user never reaching another's vectors.

use std::collections::BTreeMap;

use adiuva_protocol::{
    PushRecord, PushRequest, UserProfile, VectorDeleteRequest, VectorEntry, VectorItem, VectorPage,
    VectorUpsertRequest, VectorUpsertResponse, VectorsDeleted,
};
use adiuva_server::{ServerConfig, TierLimits};

use crate::{Client, Running, checksum};

fn item(id: &str, blob: &[u8]) -> VectorItem {
    VectorItem {
        id: id.into(),
        model: "all-minilm-l6-v2".into(),
        dimension: 384,
        clock: 7,
        blob: blob.to_vec(),
        checksum: checksum(blob),
    }
}

fn upsert(client: &Client, vectors: Vec<VectorItem>) -> crate::Answer {
    client.send(
        "POST",
        "/storage/vectors/upsert",
        &VectorUpsertRequest { vectors },
    )
}

fn upserted(client: &Client, vectors: Vec<VectorItem>) -> u64 {
    let answer = upsert(client, vectors);
    assert_eq!(answer.status, 200, "{}", answer.json());
    answer.parse::<VectorUpsertResponse>().upserted
}

fn delete(client: &Client, ids: &[&str]) -> VectorsDeleted {
    let answer = client.delete_json(
        "/storage/vectors",
        &VectorDeleteRequest {
            ids: ids.iter().map(|id| (*id).to_owned()).collect(),
        },
    );
    assert_eq!(answer.status, 200, "{}", answer.json());
    answer.parse()
}

fn page(client: &Client, query: &str) -> VectorPage {
    let answer = client.get(&format!("/storage/vectors{query}"));
    assert_eq!(answer.status, 200, "{}", answer.json());
    answer.parse()
}

/// `(id, seq, deleted)` of each entry.
fn order(page: &VectorPage) -> Vec<(&str, u64, bool)> {
    page.vectors
        .iter()
        .map(|v| (v.id.as_str(), v.seq, v.deleted))
        .collect()
}

#[test]
fn vectors_are_upserted_paged_from_a_cursor_and_deleted() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("v@example.com");

    let three = vec![item("a", b"va1"), item("b", b"vb1"), item("c", b"vc1")];
    assert_eq!(upserted(&client, three), 3);
    let first = page(&client, "?since=0&limit=2");
    assert_eq!(order(&first), [("a", 1, false), ("b", 2, false)]);
    assert_eq!((first.next, first.more), (2, true));
    let second = page(&client, &format!("?since={}&limit=2", first.next));
    assert_eq!(order(&second), [("c", 3, false)]);
    assert_eq!((second.next, second.more), (3, false));
    let entry = &second.vectors[0];
    assert_eq!(
        (entry.model.as_str(), entry.dimension, entry.clock),
        ("all-minilm-l6-v2", 384, 7),
        "the metadata comes back as it was sent"
    );
    assert_eq!(entry.blob.as_deref(), Some(&b"vc1"[..]));
    assert_eq!(entry.checksum, checksum(b"vc1"));

    // A rewrite and a deletion each take the next place in the feed.
    assert_eq!(upserted(&client, vec![item("a", b"va2")]), 1);
    assert_eq!(delete(&client, &["b", "never-was"]).deleted, 1);
    let later = page(&client, "?since=3");
    assert_eq!(order(&later), [("a", 4, false), ("b", 5, true)]);
    assert_eq!(later.vectors[1].blob, None);
    assert!(page(&client, "?since=5").vectors.is_empty());

    let a: VectorEntry = client.get("/storage/vectors/a").parse();
    assert_eq!(a.blob.as_deref(), Some(&b"va2"[..]));
    assert_eq!(client.get("/storage/vectors/b").status, 404);
    assert_eq!(delete(&client, &["b"]).deleted, 0, "already gone");

    // The feed survives a restart.
    drop(server);
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut again = Client::new(&server);
    again.token = client.token.clone();
    assert_eq!(
        order(&page(&again, "")),
        [("c", 3, false), ("a", 4, false), ("b", 5, true)]
    );
    assert_eq!(
        again.get("/storage/vectors?limit=0").code(),
        "invalid_limit"
    );
    assert_eq!(
        again.get("/storage/vectors?since=-1").code(),
        "invalid_query"
    );
    // Cursors are SQLite integers: one past 2^63 - 1 is refused, not clipped.
    assert_eq!(
        again
            .get("/storage/vectors?since=9223372036854775808")
            .code(),
        "out_of_range"
    );
}

#[test]
fn a_bad_checksum_or_metadata_refuses_the_whole_upsert() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("w@example.com");

    let mut bad = item("y", b"y1");
    bad.checksum = checksum(b"something else");
    let answer = upsert(&client, vec![item("x", b"x1"), bad]);
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (400, "checksum_mismatch")
    );
    let mut no_model = item("x", b"x1");
    no_model.model = String::new();
    assert_eq!(upsert(&client, vec![no_model]).code(), "invalid_model");
    let mut flat = item("x", b"x1");
    flat.dimension = 0;
    assert_eq!(upsert(&client, vec![flat]).code(), "invalid_dimension");
    assert_eq!(
        upsert(&client, vec![item("a/b", b"z")]).code(),
        "invalid_id"
    );
    assert!(
        page(&client, "").vectors.is_empty(),
        "nothing of a refused upsert was written"
    );
    let me: UserProfile = client.get("/auth/me").parse();
    assert_eq!(me.storage_used_bytes, 0);
}

#[test]
fn one_user_never_reaches_another_users_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut bob = Client::new(&server);
    bob.register("bob@example.com");
    let mut alice = Client::new(&server);
    alice.register("alice@example.com");
    upserted(
        &bob,
        vec![item("shared", b"bob's"), item("mine", b"bob only")],
    );
    let before = page(&bob, "");

    // Alice sees none of them, cannot read or delete them, and writing the same id makes
    // her own vector.
    assert!(page(&alice, "").vectors.is_empty());
    let read = alice.get("/storage/vectors/mine");
    assert_eq!((read.status, read.code().as_str()), (404, "not_found"));
    assert_eq!(delete(&alice, &["mine", "shared"]).deleted, 0);
    assert_eq!(upserted(&alice, vec![item("shared", b"alice's")]), 1);
    let hers: VectorEntry = alice.get("/storage/vectors/shared").parse();
    assert_eq!(hers.blob.as_deref(), Some(&b"alice's"[..]));

    assert_eq!(page(&bob, ""), before, "bob's feed is untouched");
    let his: VectorEntry = bob.get("/storage/vectors/shared").parse();
    assert_eq!(his.blob.as_deref(), Some(&b"bob's"[..]));
    let bob_me: UserProfile = bob.get("/auth/me").parse();
    assert_eq!(bob_me.storage_used_bytes, 13);

    // Without a token, nothing at all.
    let mut stranger = Client::new(&server);
    stranger.token = None;
    assert_eq!(stranger.get("/storage/vectors").status, 401);
    assert_eq!(upsert(&stranger, vec![item("x", b"x")]).status, 401);
}

#[test]
fn vectors_share_the_storage_quota_with_records() {
    let dir = tempfile::tempdir().unwrap();
    let config = ServerConfig {
        tiers: BTreeMap::from([(
            "small".to_owned(),
            TierLimits {
                storage_bytes: Some(1000),
                backup_bytes: None,
                requests_per_minute: 1000,
            },
        )]),
        default_tier: "small".to_owned(),
        ..ServerConfig::default()
    };
    let server = Running::start(dir.path(), config);
    let mut client = Client::new(&server);
    client.register("q@example.com");
    let blob = vec![1; 600];
    let record = PushRecord {
        id: "r".into(),
        table: "notes".into(),
        expected_version: 0,
        clock: 0,
        checksum: checksum(&blob),
        blob,
    };
    let pushed = client.send(
        "POST",
        "/storage/push",
        &PushRequest {
            records: vec![record],
        },
    );
    assert_eq!(pushed.status, 200);

    let over = upsert(&client, vec![item("v1", &[2; 300]), item("v2", &[3; 200])]);
    assert_eq!((over.status, over.code().as_str()), (403, "quota_exceeded"));
    assert!(page(&client, "").vectors.is_empty(), "neither was written");
    assert_eq!(upserted(&client, vec![item("v1", &[2; 300])]), 1);
    let used = |client: &Client| {
        client
            .get("/auth/me")
            .parse::<UserProfile>()
            .storage_used_bytes
    };
    assert_eq!(used(&client), 900);
    // A rewrite counts its new size only; a deletion frees it.
    assert_eq!(upserted(&client, vec![item("v1", &[2; 400])]), 1);
    assert_eq!(used(&client), 1000);
    assert_eq!(delete(&client, &["v1"]).deleted, 1);
    assert_eq!(used(&client), 600);
}
