//! Where the application layer gets "now" and "today": injected, so tests and scripts can pin them.

use std::sync::atomic::{AtomicI64, Ordering};

use adiuva_domain::Millis;
use chrono::NaiveDate;

/// A source of the current instant and of the user's current calendar day.
pub trait Clock: Send + Sync {
    fn now(&self) -> Millis;
    /// Today in the user's local time zone (what "due today" means to a person).
    fn today(&self) -> NaiveDate;
}

/// The operating system's clock and time zone.
#[derive(Clone, Copy, Debug, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Millis {
        Millis(chrono::Utc::now().timestamp_millis())
    }

    fn today(&self) -> NaiveDate {
        chrono::Local::now().date_naive()
    }
}

/// A clock stopped at one instant and one day.
#[derive(Clone, Copy, Debug)]
pub struct FixedClock {
    pub now: Millis,
    pub today: NaiveDate,
}

impl Clock for FixedClock {
    fn now(&self) -> Millis {
        self.now
    }

    fn today(&self) -> NaiveDate {
        self.today
    }
}

/// A clock that stands still until it is moved: tests of what time changes (auto-lock, stamps)
/// set it or move it on.
#[derive(Debug)]
pub struct ManualClock {
    now: AtomicI64,
    today: NaiveDate,
}

impl ManualClock {
    pub fn new(now: Millis, today: NaiveDate) -> Self {
        Self {
            now: AtomicI64::new(now.0),
            today,
        }
    }

    pub fn set(&self, now: Millis) {
        self.now.store(now.0, Ordering::SeqCst);
    }

    pub fn advance(&self, ms: i64) {
        self.now.fetch_add(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Millis {
        Millis(self.now.load(Ordering::SeqCst))
    }

    fn today(&self) -> NaiveDate {
        self.today
    }
}
