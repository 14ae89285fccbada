//! JSON Schemas of tool inputs, generated from their Rust types (schemars), and the schemas
//! of the domain's closed sets, taken from the domain's own lists of values.

use adiuva_domain::{ItemKind, Priority, TaskOrder, TaskStatus};
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings, json_schema};
use serde_json::Value;

/// The input schema of `T`: a self-contained object schema (no `$ref`s to resolve), as MCP
/// clients and models read best.
pub fn input_schema<T: JsonSchema>() -> Value {
    let generator = SchemaSettings::draft2020_12()
        .with(|s| s.inline_subschemas = true)
        .into_generator();
    let mut schema = generator.into_root_schema_for::<T>().to_value();
    if let Some(object) = schema.as_object_mut() {
        object.remove("$schema");
        object.remove("title");
    }
    drop_null_defaults(&mut schema);
    schema
}

/// `#[serde(default)]` on an optional field says `"default": null`, which an enum or string
/// schema does not itself accept; absence already means "not given".
fn drop_null_defaults(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if map.get("default").is_some_and(Value::is_null) {
                map.remove("default");
            }
            map.values_mut().for_each(drop_null_defaults);
        }
        Value::Array(items) => items.iter_mut().for_each(drop_null_defaults),
        _ => {}
    }
}

fn one_of(values: impl Iterator<Item = &'static str>) -> Schema {
    let values: Vec<&str> = values.collect();
    json_schema!({ "type": "string", "enum": values })
}

pub fn status(_: &mut SchemaGenerator) -> Schema {
    one_of(TaskStatus::ALL.iter().map(|v| v.as_str()))
}

pub fn priority(_: &mut SchemaGenerator) -> Schema {
    one_of(Priority::ALL.iter().map(|v| v.as_str()))
}

pub fn order(_: &mut SchemaGenerator) -> Schema {
    one_of(TaskOrder::ALL.iter().map(|v| v.as_str()))
}

pub fn item_kind(_: &mut SchemaGenerator) -> Schema {
    one_of(ItemKind::ALL.iter().map(|v| v.as_str()))
}

/// A nullable calendar date (`null` clears it).
pub fn nullable_date(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"], "format": "date" })
}

/// A nullable id (`null` unfiles the item).
pub fn nullable_id(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"], "format": "uuid" })
}

/// A nullable text (`null` clears it).
pub fn nullable_text(_: &mut SchemaGenerator) -> Schema {
    json_schema!({ "type": ["string", "null"] })
}
