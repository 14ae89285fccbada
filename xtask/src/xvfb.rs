//! A private virtual X display for the UI tests, torn down afterwards.

use anyhow::{Context, Result, bail};
use std::{
    io::{BufRead, BufReader},
    os::fd::AsRawFd,
    process::{Command, Stdio},
};

/// Starts Xvfb on a free display number, runs `f` with its `DISPLAY` value, then stops it.
pub fn with_display<T>(f: impl FnOnce(&str) -> Result<T>) -> Result<T> {
    // Xvfb picks a free display and writes its number to the given fd when it is ready.
    let (reader, writer) = std::io::pipe().context("cannot create a pipe")?;
    let mut xvfb = Command::new("Xvfb")
        .args([
            "-displayfd",
            &writer.as_raw_fd().to_string(),
            "-screen",
            "0",
            "1400x900x24",
            "-nolisten",
            "tcp",
        ])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start Xvfb (cargo xtask setup installs it)")?;
    drop(writer);
    let mut number = String::new();
    BufReader::new(reader)
        .read_line(&mut number)
        .context("Xvfb did not report its display")?;
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
