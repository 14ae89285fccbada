//! How long a device waits before its next attempt after a failed sync: exponential in the
//! number of failures in a row, jittered so devices that failed together do not return
//! together, never sooner than the server's `Retry-After`.

use std::time::Duration;

/// The first wait.
pub const BACKOFF_BASE: Duration = Duration::from_secs(1);
/// The longest wait, however many failures.
pub const BACKOFF_CAP: Duration = Duration::from_secs(300);

/// The wait after the `failures`-th failure in a row (1 for the first), with `jitter` in
/// `[0, 1)` drawn by the caller: between half and all of `base × 2^(failures-1)` (capped),
/// and at least `retry_after` when the server sent one.
pub fn backoff(failures: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
    let exponent = failures.saturating_sub(1).min(16);
    let full = BACKOFF_BASE
        .saturating_mul(1u32 << exponent)
        .min(BACKOFF_CAP);
    let jitter = if jitter.is_finite() {
        jitter.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let wait = full.div_f64(2.0).mul_f64(1.0 + jitter).min(full);
    wait.max(retry_after.unwrap_or_default())
}
