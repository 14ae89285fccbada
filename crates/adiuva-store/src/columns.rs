//! Conversions between stored column values and domain types; a value that does not parse
//! is reported as a conversion failure of that column, never silently replaced.

use chrono::NaiveDate;
use rusqlite::{Row, types::Type};
use std::{error::Error, str::FromStr};
use uuid::Uuid;

fn conversion(index: usize, err: impl Error + Send + Sync + 'static) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, Type::Text, Box::new(err))
}

/// A column holding a variant of a text enum (`status`, `priority`, ...).
pub(crate) fn variant<T>(row: &Row<'_>, index: usize) -> rusqlite::Result<T>
where
    T: FromStr,
    T::Err: Error + Send + Sync + 'static,
{
    row.get_ref(index)?
        .as_str()?
        .parse()
        .map_err(|e| conversion(index, e))
}

/// A column holding a UUID in hyphenated text form.
pub(crate) fn uuid(row: &Row<'_>, index: usize) -> rusqlite::Result<Uuid> {
    Uuid::try_parse(row.get_ref(index)?.as_str()?).map_err(|e| conversion(index, e))
}

pub(crate) fn optional_uuid(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<Uuid>> {
    match row.get_ref(index)?.as_str_or_null()? {
        None => Ok(None),
        Some(text) => Uuid::try_parse(text)
            .map(Some)
            .map_err(|e| conversion(index, e)),
    }
}

pub(crate) fn date(row: &Row<'_>, index: usize) -> rusqlite::Result<NaiveDate> {
    row.get_ref(index)?
        .as_str()?
        .parse()
        .map_err(|e| conversion(index, e))
}

pub(crate) fn optional_date(row: &Row<'_>, index: usize) -> rusqlite::Result<Option<NaiveDate>> {
    match row.get_ref(index)?.as_str_or_null()? {
        None => Ok(None),
        Some(text) => text.parse().map(Some).map_err(|e| conversion(index, e)),
    }
}

/// A JSON array of strings (task assignees).
pub(crate) fn string_list(row: &Row<'_>, index: usize) -> rusqlite::Result<Vec<String>> {
    serde_json::from_str(row.get_ref(index)?.as_str()?).map_err(|e| conversion(index, e))
}

pub(crate) fn date_text(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}
