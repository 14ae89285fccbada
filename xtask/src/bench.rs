//! Benchmarks: the workspace benchmark prints throughput and ratios against raw SQLite.

use anyhow::Result;

use crate::shell;

pub fn run() -> Result<()> {
    shell::cargo(&["bench", "--package", "adiuva-app", "--bench", "workspace"])
}
