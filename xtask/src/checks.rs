//! Formatting and lint gates run before the tests.

use anyhow::Result;

use crate::shell;

pub fn all() -> Result<()> {
    shell::cargo(&["fmt", "--all", "--check"])?;
    shell::cargo(&[
        "clippy",
        "--workspace",
        "--all-targets",
        "--quiet",
        "--",
        "-D",
        "warnings",
    ])
}
