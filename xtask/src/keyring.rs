//! A real OS keyring for the tests: gnome-keyring's Secret Service, started inside the
//! private D-Bus session, unlocked with a throwaway password, and stopped afterwards.

use anyhow::{Context, Result, bail};
use std::{
    io::Write,
    process::{Command, Stdio},
    time::{Duration, Instant},
};

use crate::shell::{self, output};

/// A command that runs `program args…` in a private D-Bus session with gnome-keyring on it:
/// `dbus-run-session` around a copy of this program's `in-session` step. The copy is taken
/// now because building the workspace relinks this very binary.
pub fn session_command(program: &str, args: &[&str]) -> Result<Command> {
    let in_session = shell::target_dir()?.join("xtask").join("in-session");
    std::fs::create_dir_all(in_session.parent().expect("has a parent"))?;
    std::fs::copy(std::env::current_exe()?, &in_session)?;
    let mut session = Command::new("dbus-run-session");
    session
        .arg(format!(
            "--config-file={}",
            crate::bus::isolated_config()?.display()
        ))
        .arg("--")
        .arg(&in_session)
        .arg("in-session")
        .arg(program)
        .args(args)
        .current_dir(shell::root());
    Ok(session)
}

/// Runs `program args…` with a Secret Service on the session bus (this process runs inside
/// `dbus-run-session`, so the bus is private and ends with the tests).
pub fn run_in_session(program_and_args: &[String]) -> Result<()> {
    let Some((program, args)) = program_and_args.split_first() else {
        bail!("in-session needs a command")
    };
    let home = shell::target_dir()?
        .join("xtask")
        .join(format!("keyring-{}", std::process::id()));
    let (data, runtime) = (home.join("data"), home.join("runtime"));
    for dir in [&data, &runtime] {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    // The throwaway directories keep the test keyring out of the person's own.
    let mut daemon = Command::new("gnome-keyring-daemon")
        .args(["--foreground", "--unlock", "--components=secrets"])
        .env("XDG_DATA_HOME", &data)
        .env("XDG_RUNTIME_DIR", &runtime)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start gnome-keyring-daemon (cargo xtask setup installs it)")?;
    if let Some(mut stdin) = daemon.stdin.take() {
        stdin
            .write_all(b"throwaway-test-keyring\n")
            .context("cannot unlock the test keyring")?;
    }
    let result =
        wait_until_keyring_listens().and_then(|()| shell::status(Command::new(program).args(args)));
    let _ = Command::new("kill")
        .args(["-TERM", &daemon.id().to_string()])
        .status();
    let _ = daemon.wait();
    let _ = std::fs::remove_dir_all(&home);
    result
}

fn wait_until_keyring_listens() -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        let answer = output(Command::new("dbus-send").args([
            "--session",
            "--print-reply",
            "--dest=org.freedesktop.DBus",
            "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner",
            "string:org.freedesktop.secrets",
        ]));
        if answer.is_some_and(|a| a.contains("boolean true")) {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!("gnome-keyring's Secret Service did not appear on the session bus");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}
