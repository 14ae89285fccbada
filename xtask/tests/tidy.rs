//! Tidy checks that keep the architecture honest, run by plain `cargo test`: dependency
//! edges between crates (from `cargo metadata`), the domain crate's purity, `//!` headers,
//! file sizes and banned names. Each failure says which rule broke and where.

use serde_json::Value;
use std::{
    collections::{BTreeMap, BTreeSet},
    path::{Path, PathBuf},
    process::Command,
};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The workspace's resolved dependency graph for the host platform.
struct Graph {
    /// package id -> name
    names: BTreeMap<String, String>,
    /// package id -> ids of its normal and build dependencies (dev-dependencies excluded)
    edges: BTreeMap<String, Vec<String>>,
    /// workspace member name -> id
    members: BTreeMap<String, String>,
    metadata: Value,
}

impl Graph {
    fn load() -> Self {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
        let out = Command::new(cargo)
            .args([
                "metadata",
                "--format-version",
                "1",
                "--filter-platform",
                "x86_64-unknown-linux-gnu",
            ])
            .current_dir(root())
            .output()
            .expect("cargo metadata runs");
        assert!(
            out.status.success(),
            "cargo metadata failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let metadata: Value = serde_json::from_slice(&out.stdout).unwrap();
        let names = metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap().to_owned(),
                    p["name"].as_str().unwrap().to_owned(),
                )
            })
            .collect::<BTreeMap<_, _>>();
        let mut edges = BTreeMap::new();
        for node in metadata["resolve"]["nodes"].as_array().unwrap() {
            let deps = node["deps"]
                .as_array()
                .unwrap()
                .iter()
                .filter(|d| {
                    d["dep_kinds"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|k| k["kind"].as_str() != Some("dev"))
                })
                .map(|d| d["pkg"].as_str().unwrap().to_owned())
                .collect();
            edges.insert(node["id"].as_str().unwrap().to_owned(), deps);
        }
        let members = metadata["workspace_members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|id| {
                let id = id.as_str().unwrap().to_owned();
                (names[&id].clone(), id)
            })
            .collect();
        Self {
            names,
            edges,
            members,
            metadata,
        }
    }

    /// Every package `member` builds on (normal and build dependencies, transitively).
    fn closure(&self, member: &str) -> BTreeSet<String> {
        let mut seen = BTreeSet::new();
        let mut stack = vec![self.members[member].clone()];
        while let Some(id) = stack.pop() {
            for dep in self.edges.get(&id).into_iter().flatten() {
                if seen.insert(dep.clone()) {
                    stack.push(dep.clone());
                }
            }
        }
        seen.into_iter().map(|id| self.names[&id].clone()).collect()
    }

    fn manifest(&self, member: &str) -> &Value {
        self.metadata["packages"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["name"] == member)
            .unwrap()
    }

    /// The declared non-dev dependencies of a member, with their enabled features.
    fn declared(&self, member: &str) -> Vec<(String, Vec<String>, bool)> {
        self.manifest(member)["dependencies"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["kind"].is_null())
            .map(|d| {
                let features = d["features"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap().to_owned())
                    .collect();
                (
                    d["name"].as_str().unwrap().to_owned(),
                    features,
                    d["uses_default_features"].as_bool().unwrap(),
                )
            })
            .collect()
    }
}

/// Frameworks and the one crate allowed to depend on each.
const FRAMEWORKS: &[(&str, &str)] = &[
    ("tauri", "adiuva-desktop"),
    ("leptos", "adiuva-ui"),
    ("axum", "adiuva-server"),
];

#[test]
fn only_the_shell_the_ui_and_the_server_know_their_frameworks() {
    let graph = Graph::load();
    let mut broken = Vec::new();
    for member in graph.members.keys() {
        if member == "adiuva-e2e" {
            continue; // drives the built app from outside; depends on none of them anyway
        }
        let closure = graph.closure(member);
        for (framework, owner) in FRAMEWORKS {
            if member != owner && closure.contains(*framework) {
                broken.push(format!(
                    "{member} depends on {framework} (only {owner} may)"
                ));
            }
        }
        let direct: Vec<String> = graph
            .declared(member)
            .into_iter()
            .map(|(name, ..)| name)
            .collect();
        if member != "adiuva-ui" && direct.iter().any(|d| d == "wasm-bindgen") {
            broken.push(format!(
                "{member} depends on wasm-bindgen (only adiuva-ui may)"
            ));
        }
        // The server keeps its own metadata database; it shares no code with the device's.
        if !["adiuva-store", "adiuva-server"].contains(&member.as_str())
            && direct.iter().any(|d| d == "rusqlite")
        {
            broken.push(format!(
                "{member} uses rusqlite directly (SQL lives in adiuva-store, or the server's own storage)"
            ));
        }
    }
    assert!(
        broken.is_empty(),
        "architecture invariant broken:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_domain_does_no_io_and_stays_wasm_safe() {
    let graph = Graph::load();
    // What the domain may declare: pure crates that compile to wasm32-unknown-unknown.
    let allowed = ["serde", "thiserror", "uuid", "chrono"];
    let mut broken = Vec::new();
    for (name, features, default_features) in graph.declared("adiuva-domain") {
        if !allowed.contains(&name.as_str()) {
            broken.push(format!(
                "adiuva-domain declares {name}; allowed: {allowed:?}"
            ));
        }
        // Features that read the clock, the OS random source, or JS APIs.
        let impure = [
            "clock", "now", "wasmbind", "v4", "v7", "rng", "fast-rng", "js",
        ];
        for feature in &features {
            if impure.contains(&feature.as_str()) {
                broken.push(format!(
                    "adiuva-domain enables {name}/{feature}, which reads the clock or the OS"
                ));
            }
        }
        if name == "chrono" && default_features {
            broken.push(
                "adiuva-domain uses chrono's default features, which include the clock".into(),
            );
        }
    }
    let closure = graph.closure("adiuva-domain");
    for io in [
        "rusqlite",
        "libsqlite3-sys",
        "tokio",
        "reqwest",
        "hyper",
        "mio",
        "tauri",
        "leptos",
        "axum",
    ] {
        if closure.contains(io) {
            broken.push(format!("adiuva-domain depends on {io}"));
        }
    }
    assert!(
        broken.is_empty(),
        "the domain must stay pure:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_crypto_crate_does_no_io_and_draws_no_randomness_itself() {
    let graph = Graph::load();
    let closure = graph.closure("adiuva-crypto");
    // Callers pass the RNG, so seeded generators make every output reproducible in tests.
    let io: Vec<&str> = [
        "getrandom",
        "rusqlite",
        "tokio",
        "reqwest",
        "hyper",
        "mio",
        "keyring",
    ]
    .into_iter()
    .filter(|c| closure.contains(*c))
    .collect();
    assert!(
        io.is_empty(),
        "adiuva-crypto depends on {io:?}: it must stay free of I/O and OS randomness"
    );
}

#[test]
fn the_tool_surface_is_data() {
    let graph = Graph::load();
    if !graph.members.contains_key("adiuva-agent") {
        return;
    }
    // The catalogue and the shape of calls are shared by every transport; the executor that
    // touches the database lives in the application layer.
    let allowed = [
        "adiuva-domain",
        "schemars",
        "serde",
        "serde_json",
        "thiserror",
    ];
    let mut broken: Vec<String> = graph
        .declared("adiuva-agent")
        .into_iter()
        .filter(|(name, ..)| !allowed.contains(&name.as_str()))
        .map(|(name, ..)| format!("adiuva-agent declares {name}; allowed: {allowed:?}"))
        .collect();
    let closure = graph.closure("adiuva-agent");
    for io in [
        "rusqlite",
        "adiuva-store",
        "adiuva-app",
        "tokio",
        "ureq",
        "hyper",
    ] {
        if closure.contains(io) {
            broken.push(format!("adiuva-agent depends on {io}"));
        }
    }
    assert!(
        broken.is_empty(),
        "the tool surface must stay data:\n{}",
        broken.join("\n")
    );
}

#[test]
fn sync_decisions_are_pure() {
    let graph = Graph::load();
    if !graph.members.contains_key("adiuva-sync") {
        return;
    }
    // Merge and planning take stamps, clocks and records as arguments; I/O is the app's.
    let allowed = ["serde", "serde_json", "thiserror"];
    let mut broken: Vec<String> = graph
        .declared("adiuva-sync")
        .into_iter()
        .filter(|(name, ..)| !allowed.contains(&name.as_str()))
        .map(|(name, ..)| format!("adiuva-sync declares {name}; allowed: {allowed:?}"))
        .collect();
    let closure = graph.closure("adiuva-sync");
    for io in ["rusqlite", "tokio", "getrandom", "ureq", "hyper", "mio"] {
        if closure.contains(io) {
            broken.push(format!("adiuva-sync depends on {io}"));
        }
    }
    assert!(
        broken.is_empty(),
        "sync decisions must stay pure:\n{}",
        broken.join("\n")
    );
}

#[test]
fn the_server_knows_nothing_of_crypto_store_or_app() {
    let graph = Graph::load();
    if !graph.members.contains_key("adiuva-server") {
        return; // the server crate does not exist yet; the rule applies from its first commit
    }
    let closure = graph.closure("adiuva-server");
    let forbidden: Vec<&str> = [
        "adiuva-crypto",
        "adiuva-store",
        "adiuva-app",
        "adiuva-sync",
        "adiuva-agent",
    ]
    .into_iter()
    .filter(|c| closure.contains(*c))
    .collect();
    assert!(
        forbidden.is_empty(),
        "adiuva-server depends on {forbidden:?}: it must handle only sealed records"
    );
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy();
        if path.is_dir() {
            if !matches!(name.as_ref(), "target" | "dist" | "gen" | "node_modules")
                && !name.starts_with('.')
            {
                rust_files(&path, out);
            }
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(String, String)> {
    let root = root();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.strip_prefix(&root).unwrap().display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect()
}

#[test]
fn every_source_file_says_what_it_owns() {
    let missing: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| !text.starts_with("//!"))
        .map(|(path, _)| path)
        .collect();
    assert!(
        missing.is_empty(),
        "these files do not open with a `//!` line saying what they own:\n{}",
        missing.join("\n")
    );
}

#[test]
fn files_stay_small() {
    const MAX_LINES: usize = 600;
    let big: Vec<String> = sources()
        .into_iter()
        .filter(|(_, text)| text.lines().count() > MAX_LINES)
        .map(|(path, text)| format!("{path}: {} lines", text.lines().count()))
        .collect();
    assert!(
        big.is_empty(),
        "split these files by responsibility (over {MAX_LINES} lines):\n{}",
        big.join("\n")
    );
}

#[test]
fn names_say_what_things_are() {
    let vague = ["Manager", "Service", "Helper", "Util"];
    let mut found = Vec::new();
    for (path, text) in sources() {
        for (n, line) in text.lines().enumerate() {
            let line = line.trim_start();
            for keyword in ["struct ", "enum ", "trait ", "type ", "mod ", "fn "] {
                let Some(rest) = line
                    .split(keyword)
                    .nth(1)
                    .filter(|_| line.contains(keyword))
                else {
                    continue;
                };
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let lower = name.to_lowercase();
                if vague.iter().any(|v| {
                    name.contains(v) || lower.split('_').any(|part| part == v.to_lowercase())
                }) {
                    found.push(format!("{path}:{}: {name}", n + 1));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "names made of Manager/Service/Helper/Util say nothing:\n{}",
        found.join("\n")
    );
}
