//! Installing what building, running and testing need, each step skipped when already done.

use anyhow::{Context, Result, bail};
use std::{path::PathBuf, process::Command};

use crate::shell::{self, output, status};

/// Debian packages: WebKitGTK and GTK for the Tauri shell, the tray library, libdbus for the
/// keyring, and for the tests a virtual display, a session bus, WebKit's WebDriver and
/// gnome-keyring.
const DEBIAN_PACKAGES: &[&str] = &[
    "build-essential",
    "pkg-config",
    "libwebkit2gtk-4.1-dev",
    "libgtk-3-dev",
    "librsvg2-dev",
    "libsoup-3.0-dev",
    "libayatana-appindicator3-dev",
    "xvfb",
    "xauth",
    "dbus-daemon",
    "procps",
    "webkit2gtk-driver",
    // The OS keyring: libdbus for the Secret Service client, gnome-keyring for the tests.
    "libdbus-1-dev",
    "gnome-keyring",
    "dbus-bin",
    // A virtual environment for schemathesis, the server's API test.
    "python3-venv",
];

const WASM_TARGET: &str = "wasm32-unknown-unknown";
const TAURI_DRIVER_VERSION: &str = "2.1.0";
/// Python tools for the tests, pinned, in one virtual environment (they share no pins that
/// clash): schemathesis drives the server's API test from its OpenAPI document
/// (crates/adiuva-server/tests); `mcp` is the official MCP SDK the CLI's MCP tests connect
/// with (crates/adiuva-cli/tests/cli/mcp_sdk.rs).
const PYTHON_TOOLS: &[(&str, &str)] = &[("schemathesis", "4.32.5"), ("mcp", "2.3.0")];
/// The official TypeScript MCP SDK, for the same tests, installed from npm outside the clone.
const MCP_TS_SDK: (&str, &str) = ("@modelcontextprotocol/sdk", "1.32.2");

pub fn all() -> Result<()> {
    debian_packages()?;
    wasm_target()?;
    wasm_bindgen_cli()?;
    tauri_driver()?;
    python_tools()?;
    node_tools()
}

fn installed(package: &str) -> bool {
    output(Command::new("dpkg-query").args(["-W", "-f=${Status}", package]))
        .is_some_and(|s| s.contains("install ok installed"))
}

fn debian_packages() -> Result<()> {
    let missing: Vec<&str> = DEBIAN_PACKAGES
        .iter()
        .copied()
        .filter(|p| !installed(p))
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    if output(Command::new("apt-get").arg("--version")).is_none() {
        bail!(
            "these system packages are missing and this is not a Debian-like system: {}",
            missing.join(" ")
        );
    }
    let root = output(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0");
    let apt = |args: &[&str]| {
        let mut command = if root {
            Command::new("apt-get")
        } else {
            Command::new("sudo")
        };
        if !root {
            command.arg("apt-get");
        }
        command.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        status(&mut command)
    };
    apt(&["update", "-qq"])?;
    let mut install = vec!["install", "-y", "-qq", "--no-install-recommends"];
    install.extend(&missing);
    apt(&install)
}

fn wasm_target() -> Result<()> {
    let targets =
        output(Command::new("rustup").args(["target", "list", "--installed"])).unwrap_or_default();
    if targets.lines().any(|t| t.trim() == WASM_TARGET) {
        return Ok(());
    }
    status(Command::new("rustup").args(["target", "add", WASM_TARGET]))
}

/// The wasm-bindgen CLI must match the `wasm-bindgen` crate in Cargo.lock exactly.
fn wasm_bindgen_cli() -> Result<()> {
    let lock = std::fs::read_to_string(shell::root().join("Cargo.lock"))
        .context("cannot read Cargo.lock")?;
    let version =
        lock_version(&lock, "wasm-bindgen").context("wasm-bindgen is not in Cargo.lock")?;
    let found = output(Command::new("wasm-bindgen").arg("--version")).unwrap_or_default();
    if found.split_whitespace().nth(1) == Some(version.as_str()) {
        return Ok(());
    }
    // Not `--locked`: the CLI's own lockfile pins a webpki-roots release the registry lacks.
    shell::cargo(&[
        "install",
        "wasm-bindgen-cli",
        "--version",
        &format!("={version}"),
    ])
}

fn tauri_driver() -> Result<()> {
    if output(Command::new("tauri-driver").arg("--help")).is_some() {
        return Ok(());
    }
    shell::cargo(&[
        "install",
        "--locked",
        "tauri-driver",
        "--version",
        TAURI_DRIVER_VERSION,
    ])
}

/// Python tools live in a virtual environment outside the clone, beside CI's build cache
/// (`$ADIUVA_VENV`, else `$HOME/.cache/adiuva/venv`); the server's test looks there too.
fn venv() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("ADIUVA_VENV") {
        return Ok(dir.into());
    }
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    Ok(PathBuf::from(home).join(".cache/adiuva/venv"))
}

fn python_tools() -> Result<()> {
    let venv = venv()?;
    let python = venv.join("bin").join("python");
    // Asking the package metadata is fast; importing the packages would take seconds.
    let names: Vec<String> = PYTHON_TOOLS.iter().map(|(n, _)| format!("{n:?}")).collect();
    let found = output(Command::new(&python).args([
        "-c",
        &format!(
            "import importlib.metadata as m\nfor n in [{}]:\n  try: print(m.version(n))\n  except Exception: print('-')",
            names.join(",")
        ),
    ]));
    let wanted: Vec<&str> = PYTHON_TOOLS.iter().map(|(_, v)| *v).collect();
    if found
        .as_deref()
        .map(|f| f.lines().map(str::trim).collect::<Vec<_>>())
        == Some(wanted)
    {
        return Ok(());
    }
    if output(Command::new(&python).arg("--version")).is_none() {
        // Missing, or left behind by a Python that is gone: make it afresh.
        status(
            Command::new("python3")
                .args(["-m", "venv", "--clear"])
                .arg(&venv),
        )?;
    }
    let mut pip = Command::new(venv.join("bin").join("pip"));
    pip.args(["install", "--quiet", "--disable-pip-version-check"]);
    pip.args(PYTHON_TOOLS.iter().map(|(n, v)| format!("{n}=={v}")));
    status(&mut pip)
}

/// Node packages for the tests live outside the clone too (`$ADIUVA_NODE_DIR`, else
/// `$HOME/.cache/adiuva/node`); the CLI's MCP test looks there.
fn node_dir() -> Result<PathBuf> {
    if let Some(dir) = std::env::var_os("ADIUVA_NODE_DIR") {
        return Ok(dir.into());
    }
    let home = std::env::var_os("HOME").context("HOME is not set")?;
    Ok(PathBuf::from(home).join(".cache/adiuva/node"))
}

fn node_tools() -> Result<()> {
    let dir = node_dir()?;
    let (package, version) = MCP_TS_SDK;
    let manifest = dir.join("node_modules").join(package).join("package.json");
    let installed = std::fs::read_to_string(&manifest)
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .is_some_and(|m| m["version"] == version);
    if installed {
        return Ok(());
    }
    if output(Command::new("npm").arg("--version")).is_none() {
        bail!("npm is missing: install Node.js 20 or later (with npm) for the MCP SDK tests");
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    status(
        Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--prefix"])
            .arg(&dir)
            .arg(format!("{package}@{version}")),
    )
}

/// The version of `package` recorded in a Cargo.lock.
fn lock_version(lock: &str, package: &str) -> Option<String> {
    let marker = format!("name = \"{package}\"\nversion = \"");
    let start = lock.find(&marker)? + marker.len();
    let end = lock[start..].find('"')?;
    Some(lock[start..start + end].to_owned())
}

#[cfg(test)]
mod tests {
    use super::lock_version;

    #[test]
    fn finds_the_exact_package_not_a_prefix() {
        let lock = "[[package]]\nname = \"wasm-bindgen-futures\"\nversion = \"0.4.1\"\n\n[[package]]\nname = \"wasm-bindgen\"\nversion = \"0.2.130\"\n";
        assert_eq!(
            lock_version(lock, "wasm-bindgen").as_deref(),
            Some("0.2.130")
        );
        assert_eq!(lock_version(lock, "leptos"), None);
    }
}
