//! Sync rounds driven through failures: a round that failed for a passing reason (server
//! unreachable, overloaded, rate limiting, an answer cut short, versions moving under it) is
//! tried again after a jittered exponential wait that honours `Retry-After`; any other failure
//! is returned at once.

use std::time::Duration;

use adiuva_sync::backoff;

use crate::{AppError, CloudError, Conflict, SyncReport, Workspace};

/// Whether a failed round is worth trying again, and the wait the server asked for.
pub fn transient(err: &AppError) -> Option<Option<Duration>> {
    match err {
        AppError::Cloud(CloudError::Unreachable { .. } | CloudError::Malformed(_)) => Some(None),
        AppError::Cloud(CloudError::Refused {
            status,
            retry_after,
            ..
        }) if *status == 408 || *status == 429 || *status >= 500 => {
            Some(retry_after.map(Duration::from_secs))
        }
        AppError::Conflict(Conflict::SyncStale) => Some(None),
        _ => None,
    }
}

/// A number in `[0, 1]` for a backoff's jitter.
pub(crate) fn jitter() -> f64 {
    let mut bytes = [0u8; 4];
    // Without randomness the wait is the longest of its range: still correct, only less spread.
    if getrandom::fill(&mut bytes).is_err() {
        return 1.0;
    }
    f64::from(u32::from_be_bytes(bytes)) / f64::from(u32::MAX)
}

impl Workspace {
    /// Sync rounds until one succeeds or `attempts` have failed, calling `wait` with each pause
    /// (the CLI and the desktop sleep; tests may shorten it). Returns the last error when every
    /// attempt failed or a failure is not passing.
    pub fn sync_retrying(
        &self,
        attempts: u32,
        mut wait: impl FnMut(Duration),
    ) -> Result<SyncReport, AppError> {
        let mut failures = 0;
        loop {
            let err = match self.sync_now() {
                Ok(report) => return Ok(report),
                Err(err) => err,
            };
            let Some(retry_after) = transient(&err) else {
                return Err(err);
            };
            failures += 1;
            if failures >= attempts {
                return Err(err);
            }
            wait(backoff(failures, retry_after, jitter()));
        }
    }
}
