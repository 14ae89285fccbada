//! Building the Leptos UI into `ui/dist`, which the desktop shell embeds at compile time.

use anyhow::{Context, Result};
use std::{fs, process::Command};

use crate::shell::{self, status};

#[derive(Clone, Copy)]
pub enum Profile {
    Debug,
    Release,
}

/// Static files copied next to the generated JS and wasm.
const STATIC_FILES: &[&str] = &["index.html", "main.js", "styles.css"];

pub fn build(profile: Profile) -> Result<()> {
    let mut args = vec![
        "build",
        "--package",
        "adiuva-ui",
        "--target",
        "wasm32-unknown-unknown",
    ];
    if matches!(profile, Profile::Release) {
        args.extend(["--profile", "wasm-release"]);
    }
    shell::cargo(&args)?;
    let wasm = shell::target_dir()?
        .join("wasm32-unknown-unknown")
        .join(if matches!(profile, Profile::Release) {
            "wasm-release"
        } else {
            "debug"
        })
        .join("adiuva_ui.wasm");
    let ui = shell::root().join("ui");
    let dist = ui.join("dist");
    // wasm-opt is not run: Debian's binaryen breaks the module at run time (see TOOLCHAIN.md).
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen
        .args(["--target", "web", "--no-typescript", "--out-dir"])
        .arg(&dist)
        .arg(&wasm);
    if matches!(profile, Profile::Release) {
        // Function names only serve debugging; they were a quarter of the module.
        bindgen.arg("--remove-name-section");
    }
    status(&mut bindgen)?;
    for file in STATIC_FILES {
        let from = ui.join(file);
        let to = dist.join(file);
        // Copy only on change so the shell's build script does not see a new mtime each run.
        if fs::read(&from).ok() != fs::read(&to).ok() {
            fs::copy(&from, &to).with_context(|| format!("cannot copy {}", from.display()))?;
        }
    }
    Ok(())
}
