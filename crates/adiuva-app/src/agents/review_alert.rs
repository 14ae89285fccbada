//! When to tell a person who is not looking at the window that agents' suggestions arrived:
//! once for each rise of the waiting count while they are away. What waited before they left
//! (or before the app started) is not news, and a count that falls (decisions) is the new
//! baseline. The notice carries counts only: a desktop notification can show on a locked
//! screen, so no title of the workspace goes into it.

use crate::{AppError, Workspace};

/// What the notification says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewNotice {
    pub summary: String,
    pub body: String,
}

/// One look at the review queue: what waits, whether that changed since the last look (the
/// badge to update), and the notice for an away person, if any.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewTick {
    pub waiting: u64,
    pub changed: bool,
    pub notice: Option<ReviewNotice>,
}

/// The count last seen, across observations.
#[derive(Debug, Default)]
pub struct ReviewAlert {
    seen: Option<u64>,
}

impl ReviewAlert {
    /// Takes the waiting count and whether the person is looking at the window; answers how
    /// many suggestions are news to an away person (none when nothing is).
    pub fn observe(&mut self, waiting: u64, watching: bool) -> Option<u64> {
        let before = self.seen.replace(waiting);
        match before {
            Some(seen) if !watching && waiting > seen => Some(waiting - seen),
            _ => None,
        }
    }
}

impl ReviewNotice {
    fn new(fresh: u64, waiting: u64) -> Self {
        let summary = if fresh == 1 {
            "A new suggestion to review".to_owned()
        } else {
            format!("{fresh} new suggestions to review")
        };
        let body = if waiting == fresh {
            "From your agents, waiting in Review.".to_owned()
        } else {
            format!("From your agents; {waiting} wait in Review.")
        };
        Self { summary, body }
    }
}

impl Workspace {
    /// Counts what waits for review: whether the count changed since `alert` last looked,
    /// and the notice to show a person who is away, if anything arrived meanwhile.
    pub fn review_tick(
        &self,
        alert: &mut ReviewAlert,
        watching: bool,
    ) -> Result<ReviewTick, AppError> {
        let waiting = self.review_count()?;
        let changed = alert.seen != Some(waiting);
        let notice = alert
            .observe(waiting, watching)
            .map(|fresh| ReviewNotice::new(fresh, waiting));
        Ok(ReviewTick {
            waiting,
            changed,
            notice,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::{ReviewAlert, ReviewNotice};

    #[test]
    fn only_a_rise_while_away_is_news() {
        let mut alert = ReviewAlert::default();
        assert_eq!(
            alert.observe(4, false),
            None,
            "what waited at start is not news"
        );
        assert_eq!(alert.observe(6, false), Some(2));
        assert_eq!(alert.observe(6, false), None, "told once");
        assert_eq!(
            alert.observe(9, true),
            None,
            "a person looking sees the badge"
        );
        assert_eq!(alert.observe(9, false), None);
        assert_eq!(
            alert.observe(1, false),
            None,
            "decisions lower the baseline"
        );
        assert_eq!(alert.observe(2, false), Some(1));
    }

    #[test]
    fn the_notice_counts_and_names_nothing() {
        assert_eq!(
            ReviewNotice::new(1, 1),
            ReviewNotice {
                summary: "A new suggestion to review".into(),
                body: "From your agents, waiting in Review.".into(),
            }
        );
        assert_eq!(
            ReviewNotice::new(2, 5).summary,
            "2 new suggestions to review"
        );
        assert_eq!(
            ReviewNotice::new(2, 5).body,
            "From your agents; 5 wait in Review."
        );
    }
}
