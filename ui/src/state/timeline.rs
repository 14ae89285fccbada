//! The checkpoint timeline: ordered by date, split into past, today and future, with a
//! "today" marker where the present falls.

use adiuva_domain::Checkpoint;
use chrono::NaiveDate;

use super::dates::window_end;

/// Where a checkpoint falls relative to today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum When {
    Past,
    Today,
    Future,
}

impl When {
    pub fn of(date: NaiveDate, today: NaiveDate) -> Self {
        match date.cmp(&today) {
            std::cmp::Ordering::Less => Self::Past,
            std::cmp::Ordering::Equal => Self::Today,
            std::cmp::Ordering::Greater => Self::Future,
        }
    }

    pub const fn class(self) -> &'static str {
        match self {
            Self::Past => "checkpoint is-past",
            Self::Today => "checkpoint is-today",
            Self::Future => "checkpoint is-future",
        }
    }
}

/// A row of the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Row {
    Item(Checkpoint, When),
    /// Sits after the past checkpoints and before today's and later ones.
    TodayMarker,
}

/// The timeline rows for `checkpoints`, oldest first; empty when there are none.
pub fn rows(checkpoints: &[Checkpoint], today: NaiveDate) -> Vec<Row> {
    let mut sorted = checkpoints.to_vec();
    sorted.sort_by_key(|c| (c.date, c.created_at));
    let mut out = Vec::with_capacity(sorted.len() + 1);
    let mut marked = false;
    for checkpoint in sorted {
        let when = When::of(checkpoint.date, today);
        if !marked && when != When::Past {
            out.push(Row::TodayMarker);
            marked = true;
        }
        out.push(Row::Item(checkpoint, when));
    }
    if !marked && !out.is_empty() {
        out.push(Row::TodayMarker);
    }
    out
}

/// Checkpoints from today through the next `days` days, soonest first.
pub fn upcoming(checkpoints: &[Checkpoint], today: NaiveDate, days: u64) -> Vec<Checkpoint> {
    let end = window_end(today, days);
    let mut soon: Vec<Checkpoint> = checkpoints
        .iter()
        .filter(|c| c.date >= today && c.date <= end)
        .cloned()
        .collect();
    soon.sort_by_key(|c| (c.date, c.created_at));
    soon
}

#[cfg(test)]
mod tests {
    use super::*;
    use adiuva_domain::{CheckpointId, Millis, ProjectId};
    use uuid::Uuid;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, n).expect("real date")
    }

    fn cp(n: u128, date: NaiveDate) -> Checkpoint {
        Checkpoint {
            id: CheckpointId::from_uuid(Uuid::from_u128(n)),
            project_id: ProjectId::from_uuid(Uuid::nil()),
            title: format!("cp{n}"),
            date,
            is_ai_suggested: false,
            is_approved: true,
            created_at: Millis(n as i64),
            updated_at: Millis(0),
        }
    }

    fn shape(rows: &[Row]) -> Vec<String> {
        rows.iter()
            .map(|r| match r {
                Row::Item(c, w) => format!("{}:{w:?}", c.title),
                Row::TodayMarker => "TODAY".to_owned(),
            })
            .collect()
    }

    #[test]
    fn marker_sits_between_past_and_the_rest() {
        let today = day(21);
        let list = [
            cp(1, day(25)),
            cp(2, day(10)),
            cp(3, day(21)),
            cp(4, day(20)),
        ];
        assert_eq!(
            shape(&rows(&list, today)),
            ["cp2:Past", "cp4:Past", "TODAY", "cp3:Today", "cp1:Future"]
        );
    }

    #[test]
    fn marker_goes_last_when_everything_is_past_and_first_when_nothing_is() {
        let today = day(21);
        assert_eq!(shape(&rows(&[cp(1, day(1))], today)), ["cp1:Past", "TODAY"]);
        assert_eq!(
            shape(&rows(&[cp(1, day(29))], today)),
            ["TODAY", "cp1:Future"]
        );
        assert!(rows(&[], today).is_empty());
    }

    #[test]
    fn same_day_keeps_creation_order() {
        let list = [cp(2, day(22)), cp(1, day(22))];
        assert_eq!(
            shape(&rows(&list, day(21))),
            ["TODAY", "cp1:Future", "cp2:Future"]
        );
    }

    #[test]
    fn upcoming_is_today_through_the_window() {
        let today = day(10);
        let list = [
            cp(1, day(9)),
            cp(2, day(10)),
            cp(3, day(24)),
            cp(4, day(25)),
        ];
        let titles: Vec<String> = upcoming(&list, today, 14)
            .into_iter()
            .map(|c| c.title)
            .collect();
        assert_eq!(titles, ["cp2", "cp3"]);
    }
}
