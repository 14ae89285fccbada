//! Where a long operation (a sync round, a backup) leaves how far it is, for another thread
//! to read: the desktop polls it while the command runs.

use std::sync::{Mutex, PoisonError};

pub(crate) struct LatestProgress<T>(Mutex<Option<T>>);

impl<T> Default for LatestProgress<T> {
    fn default() -> Self {
        Self(Mutex::new(None))
    }
}

impl<T: Copy> LatestProgress<T> {
    /// The latest report; `None` when nothing runs.
    pub(crate) fn get(&self) -> Option<T> {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn set(&self, progress: Option<T>) {
        *self.0.lock().unwrap_or_else(PoisonError::into_inner) = progress;
    }
}
