//! Hybrid logical clocks: stamps that follow wall time when clocks agree, still order every
//! event causally when they do not, and break ties by device so no two stamps are equal.

use serde::{Deserialize, Serialize};

/// How far ahead of this device's wall clock a remote stamp may be before it is refused (a
/// device with a wildly wrong clock must not drag every stamp into the future).
pub const MAX_DRIFT_MS: u64 = 24 * 3600 * 1000;

/// A stamp, ordered by wall time, then counter, then device.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
pub struct Stamp {
    pub wall_ms: u64,
    pub counter: u32,
    pub device: u64,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ClockError {
    #[error(
        "a remote stamp is {ahead_ms} ms ahead of this device's clock (at most {MAX_DRIFT_MS})"
    )]
    Drift { ahead_ms: u64 },
    #[error("the logical counter overflowed within one millisecond")]
    Overflow,
}

/// One device's clock: the last stamp it issued or observed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Clock {
    last: Stamp,
}

impl Clock {
    pub const fn new(device: u64) -> Self {
        Self {
            last: Stamp {
                wall_ms: 0,
                counter: 0,
                device,
            },
        }
    }

    /// Resumes from the greatest stamp this device has stored.
    pub const fn resume(device: u64, last: Stamp) -> Self {
        Self {
            last: Stamp { device, ..last },
        }
    }

    pub const fn last(&self) -> Stamp {
        self.last
    }

    /// The stamp of a local change at wall time `now_ms`: greater than every stamp issued or
    /// observed before.
    pub fn tick(&mut self, now_ms: u64) -> Result<Stamp, ClockError> {
        let next = if now_ms > self.last.wall_ms {
            Stamp {
                wall_ms: now_ms,
                counter: 0,
                device: self.last.device,
            }
        } else {
            Stamp {
                counter: self
                    .last
                    .counter
                    .checked_add(1)
                    .ok_or(ClockError::Overflow)?,
                ..self.last
            }
        };
        self.last = next;
        Ok(next)
    }

    /// Takes in a stamp from another device, so later local stamps order after it. Refuses a
    /// stamp too far in the future, leaving the clock as it was.
    pub fn observe(&mut self, remote: Stamp, now_ms: u64) -> Result<(), ClockError> {
        if remote.wall_ms > now_ms.saturating_add(MAX_DRIFT_MS) {
            return Err(ClockError::Drift {
                ahead_ms: remote.wall_ms - now_ms,
            });
        }
        if (remote.wall_ms, remote.counter) > (self.last.wall_ms, self.last.counter) {
            self.last = Stamp {
                device: self.last.device,
                ..remote
            };
        }
        Ok(())
    }
}
