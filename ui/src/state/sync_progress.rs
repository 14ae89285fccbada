//! How far a running sync round is, as the shell reports it (`sync_progress`), and how the
//! indicator and Settings → Account word it.

use serde::Deserialize;

/// A phase of a running round (`sync_progress`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncPhase {
    Downloading,
    Applying,
    Uploading,
}

/// How far the running round is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct SyncProgress {
    pub phase: SyncPhase,
    pub done: u64,
    pub total: u64,
}

impl SyncProgress {
    /// "Downloading 1 200 of 5 000 changes" and the like.
    pub fn describe(&self) -> String {
        let (verb, what) = match self.phase {
            SyncPhase::Downloading => ("Downloading", "changes"),
            SyncPhase::Applying => ("Applying", "changes"),
            SyncPhase::Uploading => ("Uploading", "changes"),
        };
        format!(
            "{verb} {} of {} {what}",
            grouped(self.done),
            grouped(self.total)
        )
    }

    /// Whole percent, 100 only when done.
    pub fn percent(&self) -> u64 {
        if self.total == 0 || self.done >= self.total {
            return 100;
        }
        (self.done * 100 / self.total).min(99)
    }
}

/// Thousands separated by a thin space, as the app writes counts.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{2009}');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn progress_reads_as_a_percent_that_ends_only_at_the_end() {
        let at = |done, total| SyncProgress {
            phase: SyncPhase::Applying,
            done,
            total,
        };
        assert_eq!(at(0, 10).percent(), 0);
        assert_eq!(at(999, 1000).percent(), 99);
        assert_eq!(at(1000, 1000).percent(), 100);
        assert_eq!(at(0, 0).percent(), 100);
        assert_eq!(
            at(5, 1_234_567).describe(),
            "Applying 5 of 1\u{2009}234\u{2009}567 changes"
        );
    }
}
