//! When the desktop tries a failed sync round again: after a passing failure, the sync
//! engine's jittered backoff, never sooner than the server's `Retry-After`.

use std::time::Duration;

use adiuva_domain::{ErrorCode, ErrorReport};

/// After a failed round: how long to wait before trying again, for a passing failure (the
/// server unreachable, busy or rate limiting, which the shell reports as `offline`): the
/// jittered exponential backoff of the sync engine, never sooner than the server's
/// `Retry-After`. `None` for a failure that waiting does not fix (signed out, locked, damaged
/// data): the person has to act, and the periodic round tries again meanwhile.
pub fn retry_wait(err: &ErrorReport, failures: u32, jitter: f64) -> Option<Duration> {
    (err.code == ErrorCode::Offline).then(|| {
        adiuva_sync::backoff(
            failures,
            err.retry_after_secs.map(Duration::from_secs),
            jitter,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::{
        account::AccountStatus,
        sync::{Phase, SyncState, indicator},
    };

    #[test]
    fn a_passing_failure_is_retried_after_the_backoff_never_before_retry_after() {
        let offline = ErrorReport::new(ErrorCode::Offline, "cannot reach");
        let first = retry_wait(&offline, 1, 0.0).unwrap();
        let fifth = retry_wait(&offline, 5, 0.0).unwrap();
        assert!(first < fifth, "{first:?} then {fifth:?}");
        assert!(fifth <= adiuva_sync::BACKOFF_CAP);
        let limited = ErrorReport {
            retry_after_secs: Some(90),
            ..offline
        };
        assert_eq!(retry_wait(&limited, 1, 0.5), Some(Duration::from_secs(90)));
        let locked = ErrorReport::new(ErrorCode::Locked, "locked");
        assert_eq!(
            retry_wait(&locked, 1, 0.5),
            None,
            "waiting does not unlock a vault"
        );
    }

    #[test]
    fn a_failure_says_when_the_next_attempt_is() {
        let account = AccountStatus {
            signed_in: true,
            server_url: Some("http://h:1".into()),
            email: Some("me@example.com".into()),
        };
        let busy = ErrorReport {
            retry_after_secs: Some(30),
            ..ErrorReport::new(ErrorCode::Offline, "429")
        };
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 21)
            .unwrap()
            .and_hms_opt(18, 42, 10)
            .unwrap();
        let state = SyncState {
            last_error: Some(busy),
            next_attempt: Some(at),
            ..SyncState::default()
        };
        let out = indicator(Some(&account), &state, true);
        assert_eq!(out.phase, Phase::Offline);
        assert_eq!(
            out.title,
            "The server at http://h:1 is busy and asked to wait 30 s; sync tries again then by \
             itself. Next attempt at 18:42:10."
        );
    }
}
