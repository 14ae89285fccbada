//! A private virtual X display for the UI tests, torn down afterwards.

use anyhow::{Context, Result, bail};
use std::{
    io::{BufRead, BufReader},
    process::{Command, Stdio},
};

/// Starts Xvfb on a free display number, runs `f` with its `DISPLAY` value, then stops it.
pub fn with_display<T>(f: impl FnOnce(&str) -> Result<T>) -> Result<T> {
    // `-displayfd 1`: Xvfb picks a free display and prints its number on stdout once ready.
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            "1",
            "-screen",
            "0",
            "1400x900x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start Xvfb (cargo xtask setup installs it)")?;
    let mut number = String::new();
    if let Some(stdout) = xvfb.stdout.take() {
        BufReader::new(stdout)
            .read_line(&mut number)
            .context("Xvfb did not report its display")?;
    }
    let number = number.trim();
    if number.is_empty() {
        let _ = xvfb.kill();
        bail!("Xvfb exited before it was ready");
    }
    let result = f(&format!(":{number}"));
    let _ = xvfb.kill();
    let _ = xvfb.wait();
    result
}
