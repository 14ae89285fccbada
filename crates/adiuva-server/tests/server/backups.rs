//! Backups: upload with the seed's headers (checksummed, streamed), the latest with
//! `If-Modified-Since`, history, delete, tier allowances, and isolation between users.

use std::collections::BTreeMap;

use adiuva_protocol::BackupMetadata;
use adiuva_server::{ServerConfig, TierLimits};

use crate::{Client, Running, checksum};

fn blob(seed: u8, len: usize) -> Vec<u8> {
    (0..len)
        .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
        .collect()
}

fn upload(client: &Client, body: &[u8], timestamp: i64) -> crate::Answer {
    let sum = checksum(body);
    let ts = timestamp.to_string();
    client.put_with(
        "/backup",
        body,
        &[
            ("x-backup-version", "1"),
            ("x-backup-timestamp", &ts),
            ("x-backup-checksum", &sum),
            ("x-backup-chunks", "3"),
        ],
    )
}

#[test]
fn backups_upload_download_list_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("p@example.com");
    assert_eq!(client.get("/backup").status, 404, "none yet");

    let first = blob(1, 3 * 1024 * 1024 + 17);
    let stored = upload(&client, &first, 1_000);
    assert_eq!(stored.status, 200, "{}", stored.json());
    let meta: BackupMetadata = stored.parse();
    assert_eq!(
        (meta.size_bytes, meta.chunk_count, meta.version),
        (first.len() as u64, 3, 1)
    );

    let latest = client.get("/backup");
    assert_eq!(latest.status, 200);
    assert!(latest.bytes == first, "the same bytes come back");
    assert_eq!(latest.checksum.as_deref(), Some(checksum(&first).as_str()));

    let second = blob(2, 1024);
    let newer: BackupMetadata = upload(&client, &second, 2_000).parse();
    assert!(client.get("/backup").bytes == second);
    let history: Vec<BackupMetadata> = client.get("/backup/history").parse();
    assert_eq!(
        history.iter().map(|b| b.id.as_str()).collect::<Vec<_>>(),
        [newer.id.as_str(), meta.id.as_str()]
    );

    let now =
        httpdate::fmt_http_date(std::time::SystemTime::now() + std::time::Duration::from_secs(5));
    assert_eq!(
        client
            .get_with("/backup", &[("if-modified-since", &now)])
            .status,
        304
    );
    let long_ago = httpdate::fmt_http_date(std::time::UNIX_EPOCH);
    assert_eq!(
        client
            .get_with("/backup", &[("if-modified-since", &long_ago)])
            .status,
        200
    );

    assert_eq!(client.delete(&format!("/backup/{}", newer.id)).status, 200);
    assert!(
        client.get("/backup").bytes == first,
        "the older one is the latest again"
    );
    assert_eq!(client.delete(&format!("/backup/{}", newer.id)).status, 404);

    let mut other = Client::new(&server);
    other.register("q@example.com");
    assert_eq!(other.get("/backup").status, 404);
    assert_eq!(other.delete(&format!("/backup/{}", meta.id)).status, 404);
    assert!(
        client.get("/backup").bytes == first,
        "another user cannot touch it"
    );
}

#[test]
fn bad_uploads_are_refused_and_keep_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("r@example.com");
    let body = blob(3, 4096);
    let wrong_sum = checksum(b"something else");
    let mismatch = client.put_with(
        "/backup",
        &body,
        &[
            ("x-backup-version", "1"),
            ("x-backup-timestamp", "5"),
            ("x-backup-checksum", &wrong_sum),
        ],
    );
    assert_eq!(
        (mismatch.status, mismatch.code().as_str()),
        (400, "checksum_mismatch")
    );
    let missing = client.put_with("/backup", &body, &[("x-backup-version", "1")]);
    assert_eq!(
        (missing.status, missing.code().as_str()),
        (400, "invalid_backup_headers")
    );
    assert!(
        client
            .get("/backup/history")
            .parse::<Vec<BackupMetadata>>()
            .is_empty()
    );
    let leftovers: Vec<_> = std::fs::read_dir(dir.path().join("blobs"))
        .into_iter()
        .flatten()
        .flatten()
        .flat_map(|user| {
            std::fs::read_dir(user.path().join("backups"))
                .into_iter()
                .flatten()
                .flatten()
        })
        .collect();
    assert!(
        leftovers.is_empty(),
        "no staged file is left: {leftovers:?}"
    );
}

#[test]
fn tiers_bound_backups() {
    let dir = tempfile::tempdir().unwrap();
    let tier = |backup_bytes| TierLimits {
        storage_bytes: None,
        backup_bytes,
        requests_per_minute: 1000,
    };
    let config = ServerConfig {
        tiers: BTreeMap::from([
            ("free".to_owned(), tier(Some(0))),
            ("small".to_owned(), tier(Some(10_000))),
        ]),
        default_tier: "free".to_owned(),
        ..ServerConfig::default()
    };
    let server = Running::start(dir.path(), config.clone());
    let mut free = Client::new(&server);
    free.register("s@example.com");
    let refused = upload(&free, &blob(4, 100), 1);
    assert_eq!(
        (refused.status, refused.code().as_str()),
        (403, "quota_exceeded")
    );
    drop(server);

    let server = Running::start(
        dir.path(),
        ServerConfig {
            default_tier: "small".to_owned(),
            ..config
        },
    );
    let mut small = Client::new(&server);
    small.register("t@example.com");
    assert_eq!(upload(&small, &blob(5, 6_000), 1).status, 200);
    let over = upload(&small, &blob(6, 6_000), 2);
    assert_eq!((over.status, over.code().as_str()), (403, "quota_exceeded"));
    assert_eq!(
        small
            .get("/backup/history")
            .parse::<Vec<BackupMetadata>>()
            .len(),
        1
    );
}
