//! `cargo xtask`: the project's own automation. `run` and `test` are the two commands the
//! README promises; each installs what is missing first and is cheap when nothing is.

mod bench;
mod bus;
mod checks;
mod keyring;
mod setup;
mod shell;
mod ui;
mod xvfb;

use anyhow::{Result, bail};
use std::path::PathBuf;

const USAGE: &str = "\
usage: cargo xtask <command>

  run [--data-dir DIR] [--release]   install what is missing, build, start the desktop app
  test                               install what is missing, check, run every test (UI tests under Xvfb)
  serve [--data-dir D] [--listen A]   run the sync server (default: target/server-data, 127.0.0.1:8080)
  bench                              workspace benchmarks (ratios against raw SQLite in the same run)
  setup                              install system packages, the wasm target and CLI tools
  ui [--debug]                       build the UI into ui/dist";

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let command = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match command.as_str() {
        "run" => run(&rest),
        "test" => test(&rest),
        "serve" => serve(&rest),
        "bench" => bench::run(),
        "setup" => setup::all(),
        // Internal: the step `test` runs inside its private D-Bus session.
        "in-session" => keyring::run_in_session(&rest),
        "ui" => ui::build(if rest.iter().any(|a| a == "--debug") {
            ui::Profile::Debug
        } else {
            ui::Profile::Release
        }),
        "" | "help" | "--help" | "-h" => {
            println!("{USAGE}");
            Ok(())
        }
        other => bail!("unknown command {other:?}\n\n{USAGE}"),
    }
}

fn run(args: &[String]) -> Result<()> {
    let mut data_dir: Option<PathBuf> = None;
    let mut release = false;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--data-dir" => match args.next() {
                Some(dir) => data_dir = Some(dir.into()),
                None => bail!("--data-dir needs a directory"),
            },
            "--release" => release = true,
            other => bail!("unknown option {other:?} for run\n\n{USAGE}"),
        }
    }
    setup::all()?;
    ui::build(ui::Profile::Release)?;
    shell::cargo(&[
        "build",
        "--workspace",
        if release { "--release" } else { "--quiet" },
    ])?;
    let binary = shell::target_dir()?
        .join(if release { "release" } else { "debug" })
        .join("adiuva-desktop");
    let mut app = std::process::Command::new(binary);
    if let Some(dir) = data_dir {
        app.arg("--data-dir").arg(dir);
    }
    shell::status(&mut app)
}

/// Runs the cloud server on its embedded storage: nothing else to set up.
fn serve(args: &[String]) -> Result<()> {
    let mut data_dir = shell::target_dir()?.join("server-data");
    let mut listen = "127.0.0.1:8080".to_owned();
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--data-dir", Some(dir)) => data_dir = dir.into(),
            ("--listen", Some(address)) => listen = address.clone(),
            (other, _) => bail!("unknown or incomplete option {other:?} for serve\n\n{USAGE}"),
        }
    }
    // The server alone: it needs neither the UI build nor the desktop shell.
    shell::cargo(&["build", "--package", "adiuva-server", "--quiet"])?;
    let binary = shell::target_dir()?.join("debug").join("adiuva-server");
    let mut server = std::process::Command::new(binary);
    server
        .arg("--data-dir")
        .arg(data_dir)
        .arg("--listen")
        .arg(listen);
    shell::status(&mut server)
}

fn test(args: &[String]) -> Result<()> {
    if let Some(extra) = args.first() {
        bail!("test takes no options (got {extra:?})");
    }
    setup::all()?;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut tests = keyring::session_command(&cargo, &["test", "--workspace"])?;
    ui::build(ui::Profile::Release)?;
    checks::all()?;
    // The UI tests drive the built app binary. Building every target of the workspace gives
    // the same feature resolution as `cargo test --workspace`, so nothing compiles twice.
    shell::cargo(&["build", "--workspace", "--all-targets"])?;
    // Inside a private D-Bus session (for WebKit, the tray and the keyring) with gnome-keyring
    // on it, on a private display.
    xvfb::with_display(|display| {
        shell::status(tests.env("DISPLAY", display).env("NO_AT_BRIDGE", "1"))
    })
}
