//! The served OpenAPI document: every route the router serves is in it (routes are registered
//! only from their documentation, which a scan of the sources holds to; each documented
//! operation answers on the real server, and every other method on its path is 405), with
//! its security, refusals and schemas.

use std::collections::{BTreeMap, BTreeSet};

use adiuva_server::{ServerConfig, TierLimits};
use serde_json::Value;

use crate::{Client, Running};

/// Operations that need no access token.
const PUBLIC: &[&str] = &[
    "GET /api/v1/health",
    "GET /api/v1/openapi.json",
    "POST /api/v1/auth/params",
    "POST /api/v1/auth/register",
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/refresh",
];

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch"];

/// Room for every probe without the per-user limit answering first.
fn roomy() -> ServerConfig {
    let mut config = ServerConfig::default();
    config.tiers.insert(
        config.default_tier.clone(),
        TierLimits {
            storage_bytes: None,
            backup_bytes: None,
            requests_per_minute: 10_000,
        },
    );
    config
}

fn document(client: &Client) -> Value {
    let answer = client.get("/openapi.json");
    assert_eq!(answer.status, 200);
    answer.json()
}

/// `"METHOD /path"` of every documented operation, with the operation.
fn operations(document: &Value) -> BTreeMap<String, Value> {
    let mut found = BTreeMap::new();
    for (path, item) in document["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().unwrap() {
            found.insert(
                format!("{} {path}", method.to_uppercase()),
                operation.clone(),
            );
        }
    }
    found
}

/// Files under `dir` ending in `.rs`, with their text.
fn sources(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
}

#[test]
fn routes_are_registered_only_from_their_documentation() {
    // utoipa-axum's `routes!` takes the path and method from each handler's `#[utoipa::path]`,
    // so a route registered through it is documented. Anything that reaches axum's router
    // another way would be served undocumented.
    let mut files = Vec::new();
    sources(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let bypasses = [
        ".route(",
        ".route_service(",
        ".nest_service(",
        ".merge(",
        "axum::routing",
    ];
    let mut found = Vec::new();
    for (path, text) in &files {
        for bypass in bypasses {
            if text.contains(bypass) {
                found.push(format!("{path}: {bypass}"));
            }
        }
        // A plain axum router; utoipa-axum's `OpenApiRouter::new()` is the one to use.
        if text
            .match_indices("Router::new()")
            .any(|(at, _)| !text[..at].ends_with("OpenApi"))
        {
            found.push(format!("{path}: Router::new()"));
        }
    }
    assert!(
        found.is_empty(),
        "routes registered around their documentation:\n{}",
        found.join("\n")
    );
    let registered = files
        .iter()
        .map(|(_, text)| text.matches("routes!(").count())
        .sum::<usize>();
    assert!(registered >= 19, "the router registers through routes!");
}

#[test]
fn every_documented_operation_is_served_and_no_other_method_is() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), roomy());
    let mut client = Client::new(&server);
    client.register("doc@example.com");
    let document = document(&client);
    let operations = operations(&document);
    assert_eq!(operations.len(), 30, "{:?}", operations.keys());

    let paths: BTreeSet<&str> = operations
        .keys()
        .map(|key| key.split_once(' ').unwrap().1)
        .collect();
    for path in paths {
        // Placeholders get a valid id; the route's own 404 says `not_found`, the fallback
        // for an unknown route `no_such_route`.
        let local = path.trim_start_matches("/api/v1").replace("{id}", "x");
        for method in METHODS {
            let key = format!("{} {path}", method.to_uppercase());
            let answer = match *method {
                "get" => client.get(&local),
                "delete" => client.delete(&local),
                other => client.send_raw(&other.to_uppercase(), &local, b"{}"),
            };
            if operations.contains_key(&key) {
                assert_ne!(answer.status, 405, "{key} is documented but not served");
                assert_ne!(answer.code(), "no_such_route", "{key} is not served");
            } else {
                assert_eq!(answer.status, 405, "{key} is served but not documented");
            }
        }
    }
    let unknown = client.get("/no/such/route");
    assert_eq!(
        (unknown.status, unknown.code().as_str()),
        (404, "no_such_route")
    );
}

#[test]
fn the_document_states_security_refusals_and_schemas() {
    let dir = tempfile::tempdir().unwrap();
    let server = Running::start(dir.path(), ServerConfig::default());
    let client = Client::new(&server);
    let document = document(&client);
    assert!(
        document["openapi"].as_str().unwrap().starts_with("3.1"),
        "an OpenAPI 3.1 document"
    );
    let bearer = &document["components"]["securitySchemes"]["bearer"];
    assert_eq!(
        (bearer["type"].as_str(), bearer["scheme"].as_str()),
        (Some("http"), Some("bearer"))
    );

    let mut ids = BTreeSet::new();
    for (key, operation) in operations(&document) {
        assert!(
            ids.insert(operation["operationId"].as_str().unwrap().to_owned()),
            "{key}: its operationId is taken"
        );
        let responses = operation["responses"].as_object().unwrap();
        let has = |status: &str| responses.contains_key(status);
        // The device channel answers a WebSocket upgrade, never 200.
        assert!(has("200") || has("101"), "{key}: no 200");
        let signed_in = !PUBLIC.contains(&key.as_str());
        let security = operation["security"].as_array();
        if signed_in {
            assert_eq!(
                security.map(Vec::as_slice),
                Some(&[serde_json::json!({"bearer": []})][..]),
                "{key}: bearer security"
            );
            for status in ["401", "429"] {
                assert!(has(status), "{key}: no {status}");
            }
        } else {
            assert!(security.is_none(), "{key} needs no token");
        }
        if operation.get("requestBody").is_some() {
            for status in ["400", "413"] {
                assert!(has(status), "{key} takes a body: no {status}");
            }
        }
        if key.contains("{id}") {
            for status in ["400", "404"] {
                assert!(has(status), "{key} takes an id: no {status}");
            }
        }
        // Every refusal is the error body, by reference to a shared response.
        for (status, response) in responses {
            if status.starts_with('4') {
                let name = response["$ref"]
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/components/responses/"))
                    .unwrap_or_else(|| panic!("{key} {status}: not a shared refusal"));
                let shared = &document["components"]["responses"][name];
                assert_eq!(
                    shared["content"]["application/json"]["schema"]["$ref"],
                    "#/components/schemas/ErrorBody",
                    "{key} {status}"
                );
            }
        }
    }
    // 409 and 403 appear where they can happen.
    let ops = operations(&document);
    let statuses = |key: &str| -> BTreeSet<String> {
        ops[key]["responses"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    };
    assert!(statuses("POST /api/v1/auth/register").contains("409"));
    assert!(statuses("PUT /api/v1/vault/envelope").contains("409"));
    assert!(statuses("POST /api/v1/storage/vectors/upsert").contains("403"));
    let rate_limited = &document["components"]["responses"]["RateLimited"];
    assert!(rate_limited["headers"]["Retry-After"].is_object());

    // Every schema a document refers to is in it.
    let text = document.to_string();
    for reference in text.split("\"$ref\":\"").skip(1) {
        let target = reference.split('"').next().unwrap();
        let pointer = target.trim_start_matches('#');
        assert!(
            document.pointer(pointer).is_some(),
            "{target} does not resolve"
        );
    }
    let vector = &document["components"]["schemas"]["VectorItem"]["properties"];
    assert_eq!(vector["blob"]["format"], "byte", "blobs are base64");
    assert!(vector["model"].is_object() && vector["dimension"].is_object());
}
