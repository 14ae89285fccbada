//! Serde support for patch fields that distinguish "leave unchanged" from "clear".

use serde::{Deserialize, Deserializer};

/// For `Option<Option<T>>` patch fields with `#[serde(default)]`: a missing key stays
/// `None` (unchanged), `null` becomes `Some(None)` (clear), a value `Some(Some(v))`.
pub fn double_option<'de, T, D>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    T: Deserialize<'de>,
    D: Deserializer<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}
