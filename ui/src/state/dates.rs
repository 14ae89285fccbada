//! How dates and times read in the UI: "Today", "Tomorrow", "Nov 21", "5 min ago".
//! The clock is read elsewhere (`crate::clock`); these functions take "now" as an argument.

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime};

/// A calendar date relative to today, for due dates and checkpoints.
pub fn day_label(date: NaiveDate, today: NaiveDate) -> String {
    match (date - today).num_days() {
        0 => "Today".to_owned(),
        1 => "Tomorrow".to_owned(),
        -1 => "Yesterday".to_owned(),
        _ if date.year() == today.year() => date.format("%b %-d").to_string(),
        _ => date.format("%b %-d, %Y").to_string(),
    }
}

/// How pressing a due date is; drives its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    Overdue,
    Today,
    /// Within the next week.
    Soon,
    Later,
}

impl Urgency {
    pub fn of(date: NaiveDate, today: NaiveDate) -> Self {
        match (date - today).num_days() {
            ..0 => Self::Overdue,
            0 => Self::Today,
            1..=7 => Self::Soon,
            _ => Self::Later,
        }
    }

    /// The CSS class of a due-date badge.
    pub const fn class(self) -> &'static str {
        match self {
            Self::Overdue => "due due-overdue",
            Self::Today => "due due-today",
            Self::Soon => "due due-soon",
            Self::Later => "due",
        }
    }
}

/// How far a date is from today in words: "in 3 days", "yesterday".
pub fn relative_days(date: NaiveDate, today: NaiveDate) -> String {
    match (date - today).num_days() {
        0 => "today".to_owned(),
        1 => "tomorrow".to_owned(),
        -1 => "yesterday".to_owned(),
        d if d > 0 => format!("in {d} days"),
        d => format!("{} days ago", -d),
    }
}

/// A past instant relative to now, for comments and "updated" stamps.
pub fn relative_time(then: NaiveDateTime, now: NaiveDateTime) -> String {
    let seconds = (now - then).num_seconds();
    match seconds {
        ..60 => "just now".to_owned(),
        60..3600 => format!("{} min ago", seconds / 60),
        _ if then.date() == now.date() => then.format("%H:%M").to_string(),
        _ => format!(
            "{} {}",
            day_label(then.date(), now.date()),
            then.format("%H:%M")
        ),
    }
}

/// The `YYYY-MM-DD` form an `<input type=date>` reads and writes.
pub fn input_value(date: Option<NaiveDate>) -> String {
    date.map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The last day of a window of `days` days starting today, inclusive.
pub fn window_end(today: NaiveDate, days: u64) -> NaiveDate {
    today
        .checked_add_days(Days::new(days))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("real date")
    }

    #[test]
    fn day_labels() {
        let today = d(2026, 11, 21);
        assert_eq!(day_label(today, today), "Today");
        assert_eq!(day_label(d(2026, 11, 22), today), "Tomorrow");
        assert_eq!(day_label(d(2026, 11, 20), today), "Yesterday");
        assert_eq!(day_label(d(2026, 12, 3), today), "Dec 3");
        assert_eq!(day_label(d(2027, 1, 2), today), "Jan 2, 2027");
        assert_eq!(day_label(d(2025, 11, 21), today), "Nov 21, 2025");
    }

    #[test]
    fn urgency() {
        let today = d(2026, 11, 21);
        assert_eq!(Urgency::of(d(2026, 11, 1), today), Urgency::Overdue);
        assert_eq!(Urgency::of(today, today), Urgency::Today);
        assert_eq!(Urgency::of(d(2026, 11, 28), today), Urgency::Soon);
        assert_eq!(Urgency::of(d(2026, 11, 29), today), Urgency::Later);
    }

    #[test]
    fn relative_day_words() {
        let today = d(2026, 11, 21);
        assert_eq!(relative_days(today, today), "today");
        assert_eq!(relative_days(d(2026, 11, 22), today), "tomorrow");
        assert_eq!(relative_days(d(2026, 11, 20), today), "yesterday");
        assert_eq!(relative_days(d(2026, 11, 24), today), "in 3 days");
        assert_eq!(relative_days(d(2026, 11, 1), today), "20 days ago");
    }

    #[test]
    fn relative_times() {
        let now = d(2026, 11, 21).and_hms_opt(15, 30, 0).expect("time");
        let ago = |secs| now - chrono::Duration::seconds(secs);
        assert_eq!(relative_time(ago(5), now), "just now");
        assert_eq!(relative_time(ago(-30), now), "just now");
        assert_eq!(relative_time(ago(300), now), "5 min ago");
        assert_eq!(relative_time(ago(3 * 3600), now), "12:30");
        assert_eq!(relative_time(ago(20 * 3600), now), "Yesterday 19:30");
        assert_eq!(relative_time(ago(10 * 86400), now), "Nov 11 15:30");
    }

    #[test]
    fn input_values_and_windows() {
        assert_eq!(input_value(Some(d(2026, 1, 5))), "2026-01-05");
        assert_eq!(input_value(None), "");
        assert_eq!(window_end(d(2026, 12, 25), 14), d(2027, 1, 8));
    }
}
