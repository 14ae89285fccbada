//! How often this device backs its workspace up by itself, and when the next backup is due.

use crate::{text_enum::text_enum, time::Millis};

text_enum!(
    /// The automatic backup schedule a person chose (`off` by default: backups go to the
    /// server and count against the plan's allowance).
    BackupSchedule {
        Off => "off",
        Daily => "daily",
        Weekly => "weekly",
    }
);

const HOUR_MS: i64 = 60 * 60 * 1000;

/// After a failed automatic backup, the next try waits this long (a failure that lasts, such
/// as a full allowance, must not re-run a snapshot of the whole workspace every minute).
pub const BACKUP_RETRY_MS: i64 = HOUR_MS;

impl BackupSchedule {
    pub const fn label(self) -> &'static str {
        match self {
            Self::Off => "Off",
            Self::Daily => "Every day",
            Self::Weekly => "Every week",
        }
    }

    /// The time between two automatic backups.
    pub const fn period_ms(self) -> Option<i64> {
        match self {
            Self::Off => None,
            Self::Daily => Some(24 * HOUR_MS),
            Self::Weekly => Some(7 * 24 * HOUR_MS),
        }
    }

    /// Whether an automatic backup is due at `now`, given the last one this device stored
    /// and its last attempt (successful or not).
    pub fn due(
        self,
        last_stored: Option<Millis>,
        last_attempt: Option<Millis>,
        now: Millis,
    ) -> bool {
        let Some(period) = self.period_ms() else {
            return false;
        };
        let waited = |since: Option<Millis>, wait: i64| since.is_none_or(|at| now.0 - at.0 >= wait);
        waited(last_stored, period) && waited(last_attempt, BACKUP_RETRY_MS.min(period))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = 24 * HOUR_MS;

    #[test]
    fn a_schedule_is_due_once_its_period_passed_and_a_failure_waits_an_hour() {
        let now = Millis(100 * DAY);
        assert!(!BackupSchedule::Off.due(None, None, now));
        assert!(
            BackupSchedule::Daily.due(None, None, now),
            "never backed up"
        );
        let yesterday = Millis(now.0 - DAY);
        let an_hour_ago = Millis(now.0 - HOUR_MS + 1);
        assert!(BackupSchedule::Daily.due(Some(yesterday), Some(yesterday), now));
        assert!(!BackupSchedule::Weekly.due(Some(yesterday), Some(yesterday), now));
        assert!(BackupSchedule::Weekly.due(Some(Millis(now.0 - 7 * DAY)), None, now));
        // The last attempt failed less than an hour ago: not yet, even though it is due.
        assert!(!BackupSchedule::Daily.due(Some(yesterday), Some(an_hour_ago), now));
        assert!(BackupSchedule::Daily.due(None, Some(Millis(now.0 - HOUR_MS)), now));
        // A clock set back does not make it due.
        assert!(!BackupSchedule::Daily.due(Some(Millis(now.0 + HOUR_MS)), None, now));
    }

    #[test]
    fn schedules_round_trip_as_text() {
        for schedule in BackupSchedule::ALL {
            assert_eq!(
                schedule.as_str().parse::<BackupSchedule>().unwrap(),
                *schedule
            );
        }
        assert!("hourly".parse::<BackupSchedule>().is_err());
    }
}
