//! Checkpointing the workspace's write-ahead log on a thread of its own, so that a commit
//! never stops to copy pages into the database file.
//!
//! SQLite's automatic checkpoint runs inside the commit that crosses its threshold: with
//! the relay busy, one commit in every few dozen waited for a thousand pages to be copied
//! and synced. Here every commit only marks a checkpoint as due; a thread with its own
//! connection runs a passive checkpoint shortly after, which never blocks the writer. The
//! workspace's connection keeps an automatic checkpoint at a far higher threshold, so the
//! log stays bounded even if this thread cannot keep up.
//!
//! A checkpoint copies the log but leaves its file as large as it grew: SQLite writes the
//! next commits from its start again. After a large sync or restore that was hundreds of
//! megabytes of disk beside the database for as long as the workspace stayed open. Once the
//! workspace has been quiet for a while, the thread cuts a large log back to nothing.

use std::{
    path::{Path, PathBuf},
    sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError},
    thread::JoinHandle,
    time::Duration,
};

use adiuva_store::{Connection, rusqlite};

/// How long after a commit the checkpoint runs: commits in that window share it. Each
/// checkpoint copies every page changed since the last one and syncs both files, so a page
/// rewritten by many commits is copied once per window: with 50 ms the relay benchmark ran
/// 4.0–4.6k calls/s, with 500 ms 4.8–5.3k.
const GATHER: Duration = Duration::from_millis(500);
/// The workspace connection's own automatic checkpoint, in pages (1 GiB of 4 KiB pages): a
/// bound for a thread that stopped, not for one that is busy. At 8 000 pages one large commit
/// crossed it (a first capture of 100k tasks writes about 33 000) and then ran a checkpoint
/// inside the commit and inside each commit after it until the log restarted, on the
/// committing thread: 0.2-0.5 s of a 100k-record sync; the relay's bursts (a few thousand
/// commits in one 500 ms window) crossed it too, and its p99 with them.
const FALLBACK_PAGES: i64 = 262_144;

/// A log file larger than this is cut back once the workspace is quiet. Below it, the file is
/// left for the next commits to write over: cutting it after every burst of agent calls
/// (SQLite's `journal_size_limit` of the same size) cost the relay about a tenth of its
/// calls/s, the file growing again each time.
const LOG_KEEP: u64 = 64 << 20;
/// How long without a commit the workspace must be before its log is cut back.
const QUIET: Duration = Duration::from_secs(5);

/// The size of the log file of `database`; 0 when there is none.
fn log_len(database: &Path) -> u64 {
    let mut log = database.as_os_str().to_owned();
    log.push("-wal");
    std::fs::metadata(log).map_or(0, |m| m.len())
}

/// The checkpoint thread of one workspace database; dropping it stops the thread.
pub(crate) struct WalCheckpoints {
    shared: Arc<Shared>,
    thread: Option<JoinHandle<()>>,
}

struct Shared {
    database: PathBuf,
    signal: Mutex<Signal>,
    wake: Condvar,
    /// The thread's connection, opened on first use and closed while the file is swapped.
    conn: Mutex<Held>,
}

#[derive(Default)]
struct Signal {
    due: bool,
    stop: bool,
}

enum Held {
    Closed,
    Open(Connection),
    /// The database file is being replaced: nothing may open it.
    Paused,
}

impl WalCheckpoints {
    pub(crate) fn start(database: PathBuf) -> Self {
        let shared = Arc::new(Shared {
            database,
            signal: Mutex::new(Signal::default()),
            wake: Condvar::new(),
            conn: Mutex::new(Held::Closed),
        });
        let running = Arc::clone(&shared);
        let thread = std::thread::Builder::new()
            .name("wal-checkpoints".into())
            .spawn(move || running.run())
            // Without the thread the connection's own automatic checkpoint still bounds the
            // log; a workspace is not refused for it.
            .ok();
        Self { shared, thread }
    }

    /// Makes every commit on `conn` mark a checkpoint due.
    pub(crate) fn watch(&self, conn: &Connection) -> rusqlite::Result<()> {
        conn.pragma_update(None, "wal_autocheckpoint", FALLBACK_PAGES)?;
        let shared = Arc::clone(&self.shared);
        conn.commit_hook(Some(move || {
            shared.mark_due();
            // Returning true would turn the commit into a rollback.
            false
        }))?;
        Ok(())
    }

    /// Runs `f` with the thread's connection closed and kept closed, for replacing the
    /// database file: a connection left open would tie the old log to the new file.
    pub(crate) fn paused<T>(&self, f: impl FnOnce() -> T) -> T {
        *self.shared.conn() = Held::Paused;
        let value = f();
        *self.shared.conn() = Held::Closed;
        value
    }
}

impl Drop for WalCheckpoints {
    fn drop(&mut self) {
        self.shared.signal().stop = true;
        self.shared.wake.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Shared {
    fn signal(&self) -> MutexGuard<'_, Signal> {
        self.signal.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn conn(&self) -> MutexGuard<'_, Held> {
        self.conn.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn mark_due(&self) {
        let mut signal = self.signal();
        if !signal.due {
            signal.due = true;
            self.wake.notify_one();
        }
    }

    fn run(&self) {
        let mut shrink = false;
        loop {
            let signal = self.signal();
            let (signal, quiet) = if shrink {
                let (signal, waited) = self
                    .wake
                    .wait_timeout_while(signal, QUIET, |s| !s.due && !s.stop)
                    .unwrap_or_else(PoisonError::into_inner);
                (signal, waited.timed_out())
            } else {
                let signal = self
                    .wake
                    .wait_while(signal, |s| !s.due && !s.stop)
                    .unwrap_or_else(PoisonError::into_inner);
                (signal, false)
            };
            if signal.stop {
                return;
            }
            drop(signal);
            if quiet {
                // A log still in use is cut back after the next quiet spell instead.
                shrink = !self.truncate() && log_len(&self.database) > LOG_KEEP;
                continue;
            }
            let signal = self.signal();
            let (mut signal, _) = self
                .wake
                .wait_timeout_while(signal, GATHER, |s| !s.stop)
                .unwrap_or_else(PoisonError::into_inner);
            if signal.stop {
                return;
            }
            signal.due = false;
            drop(signal);
            // A failed checkpoint is retried after the next commit, and the connection's own
            // automatic checkpoint bounds the log meanwhile.
            let _ = self.checkpoint("PASSIVE");
            shrink = log_len(&self.database) > LOG_KEEP;
        }
    }

    /// Copies what is left of the log and cuts its file to nothing; false when it gave up at
    /// once because a reader or a writer was busy (it must not hold the workspace's writes up
    /// while it waits).
    fn truncate(&self) -> bool {
        matches!(self.checkpoint("TRUNCATE"), Ok(false))
    }

    /// Runs a checkpoint of `mode`; whether it was left unfinished because the log was busy.
    fn checkpoint(&self, mode: &str) -> rusqlite::Result<bool> {
        let mut held = self.conn();
        if let Held::Closed = *held {
            let conn = Connection::open(&self.database)?;
            // Never wait for a lock: PASSIVE never asks, and TRUNCATE, which waits for the
            // readers while it holds the writers off, gives up at once and is tried again.
            conn.busy_timeout(Duration::ZERO)?;
            *held = Held::Open(conn);
        }
        match &*held {
            Held::Open(conn) => {
                conn.query_row(&format!("PRAGMA wal_checkpoint({mode})"), [], |r| {
                    r.get::<_, i64>(0).map(|busy| busy != 0)
                })
            }
            Held::Closed | Held::Paused => Ok(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::{path::Path, time::Instant};

    use super::{GATHER, LOG_KEEP, QUIET, WalCheckpoints, log_len};

    /// Writes 40 pages' worth of rows: they land in the log, not yet in the database file.
    fn write_rows(conn: &adiuva_store::Connection) {
        for _ in 0..40 {
            conn.execute("INSERT INTO t VALUES (zeroblob(4000))", [])
                .unwrap();
        }
    }

    /// The database file's size: it grows only when a checkpoint copies pages into it.
    fn file_len(path: &Path) -> u64 {
        std::fs::metadata(path).unwrap().len()
    }

    /// Waits until the file holds `at_least` bytes or a few seconds passed; its final size.
    fn settled_len(path: &Path, at_least: u64) -> u64 {
        let started = Instant::now();
        while file_len(path) < at_least && started.elapsed() < GATHER * 20 {
            std::thread::sleep(GATHER);
        }
        file_len(path)
    }

    fn database(dir: &Path, name: &str) -> (std::path::PathBuf, adiuva_store::Connection) {
        let path = dir.join(name);
        let conn = adiuva_store::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x BLOB)").unwrap();
        (path, conn)
    }

    /// A database whose commits its own checkpoint thread watches.
    fn watched(dir: &Path) -> (std::path::PathBuf, adiuva_store::Connection, WalCheckpoints) {
        let (path, conn) = database(dir, "watched.db");
        let checkpoints = WalCheckpoints::start(path.clone());
        checkpoints.watch(&conn).unwrap();
        (path, conn, checkpoints)
    }

    #[test]
    fn the_thread_copies_commits_into_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn, _checkpoints) = watched(dir.path());
        write_rows(&conn);
        assert!(
            settled_len(&path, 160_000) >= 160_000,
            "{}",
            file_len(&path)
        );

        // The same writes on a connection nobody watches stay in the log (below SQLite's
        // own threshold), which is what makes the size a witness of the thread's work.
        let (unwatched, other) = database(dir.path(), "unwatched.db");
        write_rows(&other);
        std::thread::sleep(GATHER * 3);
        assert!(file_len(&unwatched) < 160_000, "{}", file_len(&unwatched));
    }

    #[test]
    fn a_large_commit_leaves_the_copying_to_the_thread() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn, checkpoints) = watched(dir.path());
        let before = file_len(&path);
        // The thread is held off, so whatever reaches the file comes from the commit itself:
        // about 10 000 pages in one commit, past the fallback this connection once had.
        checkpoints.paused(|| {
            conn.execute_batch(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) \
                 INSERT INTO t SELECT zeroblob(4000) FROM n",
            )
            .unwrap();
            assert_eq!(file_len(&path), before, "the commit copied pages itself");
        });
        conn.execute("INSERT INTO t VALUES (1)", []).unwrap();
        assert!(
            settled_len(&path, 40_000_000) >= 40_000_000,
            "{}",
            file_len(&path)
        );
    }

    #[test]
    fn while_paused_nothing_touches_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn, checkpoints) = watched(dir.path());
        let before = file_len(&path);
        checkpoints.paused(|| {
            write_rows(&conn);
            std::thread::sleep(GATHER * 3);
            assert_eq!(file_len(&path), before);
        });
        // Once resumed, the next commit brings the checkpoint.
        conn.execute("INSERT INTO t VALUES (1)", []).unwrap();
        assert!(
            settled_len(&path, 160_000) >= 160_000,
            "{}",
            file_len(&path)
        );
    }

    #[test]
    fn a_large_log_is_cut_back_once_the_workspace_is_quiet_and_not_before() {
        let dir = tempfile::tempdir().unwrap();
        let (path, conn, _checkpoints) = watched(dir.path());
        let pages = i64::try_from(LOG_KEEP / 4096).unwrap() + 1_000;
        conn.execute(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?1) \
             INSERT INTO t SELECT zeroblob(4000) FROM n",
            [pages],
        )
        .unwrap();
        // Copied into the database file, the log still as large as it grew.
        settled_len(&path, LOG_KEEP);
        assert!(log_len(&path) > LOG_KEEP, "{}", log_len(&path));

        // A commit every second: never quiet for long enough, so the log stays.
        let busy_until = Instant::now() + QUIET + QUIET / 2;
        let mut written = pages;
        while Instant::now() < busy_until {
            std::thread::sleep(QUIET / 5);
            conn.execute("INSERT INTO t VALUES (1)", []).unwrap();
            written += 1;
            assert!(log_len(&path) > LOG_KEEP, "cut while busy");
        }

        let quiet = Instant::now();
        while log_len(&path) > 0 && quiet.elapsed() < QUIET * 3 {
            std::thread::sleep(GATHER);
        }
        assert_eq!(log_len(&path), 0, "the log was not cut back");
        let rows: i64 = conn
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(rows, written, "nothing lost");
        conn.execute("INSERT INTO t VALUES (2)", []).unwrap();
        assert!(
            log_len(&path) > 0,
            "the log is written again after it was cut"
        );
    }
}
