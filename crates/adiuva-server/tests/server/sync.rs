//! The batch push (stale records answered, the rest accepted) and the change feed (server
//! order, cursors, pages, deletions), across a restart.

use adiuva_protocol::{ChangesPage, PushOutcome, PushRecord, PushRequest, PushResponse};
use adiuva_server::ServerConfig;

use crate::{Client, Running, checksum};

fn record(id: &str, expected_version: u64, blob: &[u8]) -> PushRecord {
    PushRecord {
        id: id.into(),
        table: "tasks".into(),
        expected_version,
        // Devices seal under the record's clock; here a made-up one per write.
        clock: 1000 + expected_version,
        blob: blob.to_vec(),
        checksum: checksum(blob),
    }
}

fn push(client: &Client, records: Vec<PushRecord>) -> Vec<PushOutcome> {
    let answer = client.send("POST", "/storage/push", &PushRequest { records });
    assert_eq!(answer.status, 200, "{}", answer.json());
    answer.parse::<PushResponse>().results
}

#[test]
fn a_stale_record_is_refused_alone_and_the_feed_gives_changes_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut laptop = Client::new(&server);
    laptop.register("h@example.com");
    let mut desktop = Client::new(&server);
    desktop.token = laptop.token.clone();

    let first = push(&laptop, vec![record("a", 0, b"a1"), record("b", 0, b"b1")]);
    assert_eq!(
        first,
        [
            PushOutcome::Accepted {
                id: "a".into(),
                version: 1,
                seq: 1
            },
            PushOutcome::Accepted {
                id: "b".into(),
                version: 1,
                seq: 2
            },
        ]
    );
    // The desktop last saw nothing of `a`: stale; `c` is new and goes in.
    let second = push(
        &desktop,
        vec![record("a", 0, b"a-desktop"), record("c", 0, b"c1")],
    );
    assert_eq!(
        second,
        [
            PushOutcome::Stale {
                id: "a".into(),
                current_version: 1
            },
            PushOutcome::Accepted {
                id: "c".into(),
                version: 1,
                seq: 3
            },
        ]
    );
    assert_eq!(
        push(&laptop, vec![record("a", 1, b"a2")])[0],
        PushOutcome::Accepted {
            id: "a".into(),
            version: 2,
            seq: 4
        }
    );
    assert_eq!(laptop.delete("/storage/records/b").status, 200);

    let page: ChangesPage = desktop.get("/storage/changes?since=0").parse();
    let order: Vec<(&str, u64, bool)> = page
        .changes
        .iter()
        .map(|c| (c.id.as_str(), c.seq, c.deleted))
        .collect();
    assert_eq!(order, [("c", 3, false), ("a", 4, false), ("b", 5, true)]);
    assert_eq!((page.next, page.more), (5, false));
    assert_eq!(page.changes[1].blob.as_deref(), Some(&b"a2"[..]));
    assert_eq!(page.changes[1].clock, 1001, "the clock it was pushed with");
    assert_eq!(page.changes[2].blob, None);
    let idle: ChangesPage = desktop.get("/storage/changes?since=5").parse();
    assert!(idle.changes.is_empty() && idle.next == 5 && !idle.more);

    // Pages: two at a time, resuming from each cursor, survive a restart.
    drop(server);
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut again = Client::new(&server);
    again.token = laptop.token.clone();
    let one: ChangesPage = again
        .get("/storage/changes?since=0&limit=2&count=true")
        .parse();
    assert_eq!((one.changes.len(), one.next, one.more), (2, 4, true));
    assert_eq!(
        one.total,
        Some(3),
        "every change after the cursor, when asked"
    );
    let two: ChangesPage = again
        .get(&format!("/storage/changes?since={}&limit=2", one.next))
        .parse();
    assert_eq!((two.changes.len(), two.next, two.more), (1, 5, false));
    assert_eq!(two.total, None, "counted only when asked");
    let rest: ChangesPage = again.get("/storage/changes?since=4&count=true").parse();
    assert_eq!(rest.total, Some(1));
}

#[test]
fn a_bad_checksum_refuses_the_whole_batch() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let mut client = Client::new(&server);
    client.register("i@example.com");
    let mut bad = record("y", 0, b"y1");
    bad.checksum = checksum(b"something else");
    let answer = client.send(
        "POST",
        "/storage/push",
        &PushRequest {
            records: vec![record("x", 0, b"x1"), bad],
        },
    );
    assert_eq!(
        (answer.status, answer.code().as_str()),
        (400, "checksum_mismatch")
    );
    let page: ChangesPage = client.get("/storage/changes").parse();
    assert!(page.changes.is_empty(), "nothing of the batch was written");
    let bad_id = client.send(
        "POST",
        "/storage/push",
        &PushRequest {
            records: vec![record("a/b", 0, b"z")],
        },
    );
    assert_eq!(bad_id.code(), "invalid_id");
    let bad_limit = client.get("/storage/changes?limit=0");
    assert_eq!(bad_limit.code(), "invalid_limit");
    // Found by schemathesis: a cursor past 2^63 - 1 was clipped and echoed back.
    let far = client.get("/storage/changes?since=9223372036854775808");
    assert_eq!((far.status, far.code().as_str()), (400, "out_of_range"));
    let mut huge = record("z", 0, b"z");
    huge.clock = u64::MAX;
    let clock = client.send(
        "POST",
        "/storage/push",
        &PushRequest {
            records: vec![huge],
        },
    );
    assert_eq!(clock.code(), "out_of_range");
}
