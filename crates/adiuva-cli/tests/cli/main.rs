//! The `adiuva` binary driven as a process against real workspace files in temp dirs.

mod agents;
mod device;
mod mcp;
mod mcp_sdk;
mod vault;
mod workspace;

use serde_json::Value;
use std::{
    io::Write,
    path::Path,
    process::{Command, Output, Stdio},
};

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
    }

    pub fn error(&self) -> Value {
        let value: Value = serde_json::from_str(self.stderr.trim())
            .unwrap_or_else(|e| panic!("stderr is not JSON ({e}): {}", self.stderr));
        value["error"].clone()
    }

    pub fn ok(self) -> Self {
        assert_eq!(
            self.code, 0,
            "stdout: {}\nstderr: {}",
            self.stdout, self.stderr
        );
        self
    }
}

pub fn adiuva(dir: &Path, args: &[&str]) -> Run {
    adiuva_with_stdin(dir, args, "")
}

pub fn adiuva_with_stdin(dir: &Path, args: &[&str], stdin: &str) -> Run {
    run(command(dir, args), stdin)
}

/// The binary on `dir` with `args`, before it is started (tests adjust its environment).
pub fn command(dir: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_adiuva"));
    command.arg("--data-dir").arg(dir).args(args);
    command
}

/// Runs a prepared command with `stdin` as its input.
pub fn run(mut command: Command, stdin: &str) -> Run {
    let mut child = command
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the adiuva binary starts");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let Output {
        status,
        stdout,
        stderr,
    } = child.wait_with_output().unwrap();
    Run {
        code: status.code().expect("exited normally"),
        stdout: String::from_utf8(stdout).unwrap(),
        stderr: String::from_utf8(stderr).unwrap(),
    }
}

pub fn id_of(run: Run) -> String {
    run.ok().stdout.trim().to_owned()
}
