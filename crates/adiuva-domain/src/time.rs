//! Instants and calendar dates as the workspace stores them; the caller supplies "now".

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::validation::{Reason, ValidationError};

/// Milliseconds since the Unix epoch (UTC), as every timestamp column stores it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Millis(pub i64);

/// Parses a calendar date written `YYYY-MM-DD`, refusing impossible dates such as `2026-02-30`.
pub fn parse_date(text: &str, field: &'static str) -> Result<NaiveDate, ValidationError> {
    let text = text.trim();
    // chrono accepts a few variants (e.g. missing zero padding); the stored form must round-trip.
    match text.parse::<NaiveDate>() {
        Ok(date) if date.format("%Y-%m-%d").to_string() == text => Ok(date),
        _ => Err(ValidationError::new(field, Reason::InvalidDate)),
    }
}

/// Parses an optional date where a blank string means "no date".
pub fn parse_optional_date(
    text: Option<&str>,
    field: &'static str,
) -> Result<Option<NaiveDate>, ValidationError> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(value) => parse_date(value, field).map(Some),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist_and_be_canonical() {
        assert_eq!(
            parse_date("2026-11-21", "due_date").unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 21).unwrap()
        );
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "21/11/2026",
            "2026-1-5",
            "tomorrow",
            "",
        ] {
            let err = parse_date(bad, "due_date").unwrap_err();
            assert_eq!(
                (err.field, err.reason),
                ("due_date", Reason::InvalidDate),
                "{bad}"
            );
        }
        assert_eq!(parse_optional_date(Some(" "), "due_date").unwrap(), None);
    }
}
