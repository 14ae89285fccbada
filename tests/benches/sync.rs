//! Sync benchmark through the real server on loopback, each figure beside a baseline measured
//! in the same run:
//! - full sync of N records (~300 B each) device A → server → new device B, against the seed's
//!   one-request-per-record contract (POST each sealed record, GET each back) on the same data;
//! - incremental sync of one changed record among N and among 1k: round trips and bytes on the
//!   wire (counted by a pass-through proxy), and the time ratio of the two syncs (the local
//!   edit before them is not timed);
//! - the apply rate of remote records on B;
//! - backup of the resulting database, against a plain file copy of it.
//!
//! Run with `cargo xtask bench` (it needs the OS keyring for sign-in tokens). `SYNC_BENCH_N`
//! changes N (default 100 000).

use std::{
    path::Path,
    time::{Duration, Instant},
};

use adiuva_app::Workspace;
use adiuva_crypto::{KeyId, PlainRecord, RecordContext, VaultKey};
use adiuva_domain::{NewTask, Priority, TaskFilter, TaskPatch, TaskStatus};
use adiuva_e2e::{fault_proxy::FaultProxy, local_server};
use adiuva_protocol::{AuthTokens, Created, KdfInfo, Registration, StorageRecordCreate};
use adiuva_server::Background;
use anyhow::{Context, Result};

const PASSPHRASE: &str = "correct horse battery staple orbit";
/// Records the per-record baseline sends (its rate does not depend on the count).
const BASELINE: usize = 5_000;
/// Incremental rounds per size: a round takes a few milliseconds, so its median needs many.
const INCREMENTAL_ROUNDS: usize = 15;

fn workspace(dir: &Path) -> Result<Workspace> {
    Ok(Workspace::open(dir)?)
}

/// A server without quotas or rate limits, so both sides measure the server's work.
fn server(dir: &Path) -> Result<Background> {
    Ok(Background::start(dir, local_server::unlimited())?)
}

fn fill(ws: &Workspace, n: usize) -> Result<()> {
    for start in (0..n).step_by(10_000) {
        let drafts = (start..n.min(start + 10_000))
            .map(|i| {
                NewTask {
                    title: format!("Pack box {i} for the move"),
                    description: Some(format!(
                        "Box {i}: kitchen things, wrapped in paper; label it and note the room \
                         it goes to. Fragile items on top; heavy books at the bottom."
                    )),
                    status: Some(TaskStatus::ALL[i % 3]),
                    priority: Some(Priority::ALL[i % 3]),
                    ..NewTask::default()
                }
                .validate()
            })
            .collect::<Result<Vec<_>, _>>()?;
        ws.create_tasks(drafts)?;
    }
    Ok(())
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn timed<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, Duration)> {
    let start = Instant::now();
    let value = f()?;
    Ok((value, start.elapsed()))
}

/// The seed's contract: one POST per record, then one GET per record.
fn per_record_baseline(url: &str, blob_len: usize) -> Result<(Duration, Duration)> {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(true)
        .build()
        .into();
    let api = format!("{url}/api/v1");
    let registration = Registration {
        email: "baseline@example.com".into(),
        password: "0".repeat(64),
        kdf: KdfInfo {
            memory_kib: 65_536,
            iterations: 3,
            lanes: 4,
            salt: vec![7; 16],
        },
    };
    let tokens: AuthTokens = agent
        .post(format!("{api}/auth/register"))
        .send_json(&registration)?
        .body_mut()
        .read_json()?;
    let auth = format!("Bearer {}", tokens.access_token);
    let key = VaultKey::from_bytes([9; 32]);
    let mut rng = getrandom::rand_core::UnwrapErr(getrandom::SysRng);
    let blobs: Vec<StorageRecordCreate> = (0..BASELINE)
        .map(|i| {
            let context = RecordContext {
                vault_id: [1; 16],
                table: "tasks".into(),
                record_id: format!("r{i}"),
                clock: 0,
            };
            let sealed =
                PlainRecord::new(context, vec![b'x'; blob_len]).seal(&key, KeyId(1), &mut rng);
            StorageRecordCreate {
                table: "tasks".into(),
                checksum: sealed.checksum(),
                blob: sealed.envelope,
            }
        })
        .collect();
    let (ids, post) = timed(|| {
        blobs
            .iter()
            .map(|record| {
                let created: Created = agent
                    .post(format!("{api}/storage/records"))
                    .header("authorization", &auth)
                    .send_json(record)?
                    .body_mut()
                    .read_json()?;
                Ok(created.id)
            })
            .collect::<Result<Vec<_>>>()
    })?;
    let ((), get) = timed(|| {
        for id in &ids {
            agent
                .get(format!("{api}/storage/records/{id}"))
                .header("authorization", &auth)
                .call()?
                .body_mut()
                .read_to_vec()?;
        }
        Ok(())
    })?;
    Ok((post, get))
}

/// One edit on A, then A syncs and B syncs: the time of the two syncs (the edit itself, a
/// local write, is not sync), and the proxy's requests and bytes for them.
fn incremental(
    a: &Workspace,
    b: &Workspace,
    proxy: &FaultProxy,
    round: usize,
) -> Result<(Duration, usize, u64)> {
    // The first task of the list's first page, as the desktop's task list asks for it (in
    // the default order). Before that order had an index, even this one-task page read and
    // sorted every task, pushing the sync's own pages out of SQLite's and the CPU's caches:
    // the timed sync that followed paid for it (time ratio 1.21-1.26, 0.96-1.01 since).
    let first = TaskFilter {
        limit: Some(1),
        ..TaskFilter::default()
    };
    let task = a
        .list_tasks(&first.validate()?)?
        .into_iter()
        .next()
        .context("a task")?;
    let before = proxy.log().len();
    let bytes_before = proxy.bytes();
    let edit = Instant::now();
    a.update_task(
        task.id,
        TaskPatch {
            title: Some(format!("Pack box, edit {round}")),
            ..TaskPatch::default()
        }
        .validate()?,
    )?;
    let edited = edit.elapsed();
    let ((), time) = timed(|| {
        let t1 = Instant::now();
        a.sync_now()?;
        let t2 = Instant::now();
        let pulled = b.sync_now()?;
        if std::env::var_os("SYNC_BENCH_PHASES").is_some() {
            eprintln!(
                "edit {edited:?} A sync {:?} B sync {:?}",
                t2 - t1,
                t2.elapsed()
            );
        }
        anyhow::ensure!(pulled.pulled == 1, "B pulled {pulled:?}");
        Ok(())
    })?;
    Ok((
        time,
        proxy.log().len() - before,
        proxy.bytes() - bytes_before,
    ))
}

/// Two devices of one account through a counting proxy, both synced with `n` records.
struct Pair {
    a: Workspace,
    b: Workspace,
    proxy: FaultProxy,
    _dirs: [tempfile::TempDir; 2],
}

fn pair(url: &str, email: &str, n: usize) -> Result<(Pair, Duration, Duration)> {
    let dirs = [tempfile::tempdir()?, tempfile::tempdir()?];
    let proxy = FaultProxy::start(url);
    let a = workspace(dirs[0].path())?;
    a.create_vault(PASSPHRASE, PASSPHRASE)?;
    a.sign_up(&proxy.url, email, PASSPHRASE)?;
    fill(&a, n)?;
    let (_, push) = timed(|| Ok(a.sync_now()?))?;
    let b = workspace(dirs[1].path())?;
    b.sign_in(&proxy.url, email, PASSPHRASE)?;
    let (pulled, pull) = timed(|| Ok(b.sync_now()?))?;
    anyhow::ensure!(pulled.pulled as usize == n, "B pulled {pulled:?} of {n}");
    Ok((
        Pair {
            a,
            b,
            proxy,
            _dirs: dirs,
        },
        push,
        pull,
    ))
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn main() -> Result<()> {
    let n: usize = std::env::var("SYNC_BENCH_N")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100_000);
    let server_dir = tempfile::tempdir()?;
    let server = server(server_dir.path())?;
    let url = format!("http://{}", server.addr);

    println!("sync benchmark: {n} records through the real server on loopback\n");
    let (big, push, pull) = pair(&url, "big@example.com", n)?;
    let full = push + pull;
    let rate = n as f64 / secs(full);
    let blob_len = 300;
    let (post, get) = per_record_baseline(&url, blob_len)?;
    let baseline_rate = BASELINE as f64 / secs(post + get);
    println!("full sync A → server → B");
    println!(
        "  batched:     push {:.2} s + pull {:.2} s = {:.2} s  → {:.0} records/s",
        secs(push),
        secs(pull),
        secs(full),
        rate
    );
    println!(
        "  per record:  {BASELINE} POST {:.2} s + {BASELINE} GET {:.2} s  → {:.0} records/s",
        secs(post),
        secs(get),
        baseline_rate
    );
    println!(
        "  ratio batched / per-record: {:.1}×  (goal ≥ 50×, ≥ 20 000 records/s)",
        rate / baseline_rate
    );
    println!(
        "apply rate on B (pull, open, merge, write): {:.0} records/s",
        n as f64 / secs(pull)
    );

    let (small, _, _) = pair(&url, "small@example.com", 1_000)?;
    // The two sizes take turns, so a slow moment of the disk (the server fsyncs each push)
    // falls on both rather than on one size's rounds.
    let (mut big_times, mut small_times) = (Vec::new(), Vec::new());
    let (mut big_last, mut small_last) = ((0, 0), (0, 0));
    for round in 0..INCREMENTAL_ROUNDS {
        let (time, trips, bytes) = incremental(&big.a, &big.b, &big.proxy, round)?;
        big_times.push(time);
        big_last = (trips, bytes);
        let (time, trips, bytes) = incremental(&small.a, &small.b, &small.proxy, round)?;
        small_times.push(time);
        small_last = (trips, bytes);
    }
    let (t_big, (trips_big, bytes_big)) = (median(big_times), big_last);
    let (t_small, (trips_small, bytes_small)) = (median(small_times), small_last);
    println!(
        "\nincremental: one record changed on A, then A syncs and B syncs: the two syncs timed (median of {INCREMENTAL_ROUNDS}, the sizes in turn)"
    );
    println!(
        "  among {n}: {:.1} ms, {trips_big} round trips, {bytes_big} bytes on the wire",
        t_big.as_secs_f64() * 1e3
    );
    println!(
        "  among 1000: {:.1} ms, {trips_small} round trips, {bytes_small} bytes on the wire",
        t_small.as_secs_f64() * 1e3
    );
    println!(
        "  time ratio {:.2} (goal ≤ 1.2); round trips per device {:.1} (goal ≤ 2); bytes per device {:.0} (goal ≤ 4 KiB)",
        secs(t_big) / secs(t_small),
        trips_big as f64 / 2.0,
        bytes_big as f64 / 2.0
    );

    let db = big.a.database_path();
    let size = std::fs::metadata(db)?.len() as f64 / 1e6;
    let copy_target = server_dir.path().join("copy.db");
    let (_, copy) = timed(|| Ok(std::fs::copy(db, &copy_target)?))?;
    let (meta, backup) = timed(|| Ok(big.a.create_backup()?))?;
    println!("\nbackup of A's database ({size:.0} MB on disk)");
    println!(
        "  snapshot + zstd + seal + upload: {:.2} s → {:.0} MB/s ({:.0} MB sealed)",
        secs(backup),
        size / secs(backup),
        meta.size_bytes as f64 / 1e6
    );
    println!(
        "  plain file copy: {:.2} s → {:.0} MB/s; ratio {:.2}",
        secs(copy),
        size / secs(copy),
        secs(copy) / secs(backup)
    );
    Ok(())
}
