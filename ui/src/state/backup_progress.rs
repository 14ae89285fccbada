//! How far a backup being taken is, as the shell reports it (`backup_progress`), and how
//! Settings → Account words it: one bar across both phases, so it never goes back.

use serde::Deserialize;

use super::sync::size_label;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BackupPhase {
    /// A consistent snapshot read and compressed as it is read.
    Compress,
    Upload,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct BackupProgress {
    pub phase: BackupPhase,
    pub done: u64,
    pub total: u64,
}

impl BackupProgress {
    /// "Compressing a snapshot: 120.0 MB of 526.0 MB" and the like.
    pub fn describe(&self) -> String {
        match self.phase {
            BackupPhase::Compress => format!(
                "Compressing a snapshot: {} of {}",
                size_label(self.done),
                size_label(self.total)
            ),
            BackupPhase::Upload => format!("Uploading {}", size_label(self.total)),
        }
    }

    /// Whole percent over the whole backup: reading and compressing the snapshot is the
    /// first nine tenths, the upload the last; 100 only once uploaded.
    pub fn percent(&self) -> u64 {
        let share = |done: u64, total: u64| {
            if total == 0 {
                1.0
            } else {
                (done as f64 / total as f64).min(1.0)
            }
        };
        let (start, width) = match self.phase {
            BackupPhase::Compress => (0.0, 90.0),
            BackupPhase::Upload => (90.0, 10.0),
        };
        let percent = (start + width * share(self.done, self.total)) as u64;
        if self.phase == BackupPhase::Upload && self.done >= self.total {
            100
        } else {
            percent.min(99)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(phase: BackupPhase, done: u64, total: u64) -> BackupProgress {
        BackupProgress { phase, done, total }
    }

    #[test]
    fn one_bar_moves_forward_across_the_phases_and_ends_only_at_the_end() {
        let steps = [
            at(BackupPhase::Compress, 0, 500),
            at(BackupPhase::Compress, 250, 500),
            at(BackupPhase::Compress, 500, 500),
            at(BackupPhase::Upload, 0, 13),
            at(BackupPhase::Upload, 13, 13),
        ];
        let percents: Vec<u64> = steps.iter().map(BackupProgress::percent).collect();
        assert_eq!(percents, [0, 45, 90, 90, 100]);
        assert_eq!(at(BackupPhase::Compress, 0, 0).percent(), 90);
    }

    #[test]
    fn each_phase_says_what_it_does() {
        assert!(
            at(BackupPhase::Compress, 2048, 4096)
                .describe()
                .starts_with("Compressing a snapshot: 2")
        );
        assert!(
            at(BackupPhase::Upload, 0, 4096)
                .describe()
                .starts_with("Uploading 4")
        );
    }
}
