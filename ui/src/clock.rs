//! The browser's clock and time zone: today's date and stored instants in local time.
//! Everything that formats dates takes these values as arguments (see `state::dates`).

use adiuva_domain::Millis;
use chrono::{NaiveDate, NaiveDateTime};
use wasm_bindgen::JsValue;

fn local(date: &js_sys::Date) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(
        date.get_full_year() as i32,
        date.get_month() + 1,
        date.get_date(),
    )
    .and_then(|day| day.and_hms_opt(date.get_hours(), date.get_minutes(), date.get_seconds()))
    .unwrap_or_default()
}

/// The user's current local date.
pub fn today() -> NaiveDate {
    now().date()
}

/// The user's current local date and time.
pub fn now() -> NaiveDateTime {
    local(&js_sys::Date::new_0())
}

/// A stored instant as local date and time.
pub fn local_time(at: Millis) -> NaiveDateTime {
    local(&js_sys::Date::new(&JsValue::from_f64(at.0 as f64)))
}
