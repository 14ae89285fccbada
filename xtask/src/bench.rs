//! Benchmarks: each prints its figures beside a baseline measured in the same run (raw
//! SQLite for the workspace, the raw AEAD for sealing).

use anyhow::Result;

use crate::shell;

pub fn run() -> Result<()> {
    shell::cargo(&["bench", "--package", "adiuva-app", "--bench", "workspace"])?;
    shell::cargo(&["bench", "--package", "adiuva-crypto", "--bench", "crypto"])
}
