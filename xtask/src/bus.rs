//! A private D-Bus session for the UI tests, from which no service can be auto-started.
//!
//! The standard session configuration lets WebKit activate desktop portals and
//! accessibility daemons; those outlive the session, keep CI's output pipe open and keep
//! running between tests. Here the app finds a bus (GTK and WebKit want one) but nothing on
//! it but what a test starts itself.

use anyhow::{Context, Result};
use std::path::PathBuf;

const CONFIG: &str = r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=/tmp</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#;

/// Writes the configuration under the target directory and returns its path.
pub fn isolated_config() -> Result<PathBuf> {
    let dir = crate::shell::target_dir()?.join("xtask");
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let path = dir.join("session-bus.conf");
    std::fs::write(&path, CONFIG).with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}
