//! The real desktop app in a real webview (WebKitGTK over WebDriver, under Xvfb): a day of
//! work that survives a restart, bad input seen in the UI, the shell's lockdown, the vault's
//! lifecycle, provider keys, signing in to a real sync server to sync and back up, and an
//! agent's suggestions reviewed, approved and rejected, with the ledger that records them,
//! an agent reaching the device through the server with a token made in the window, and
//! the desktop notification of suggestions that arrive while the person is away.

mod agents;
mod lockdown;
mod notifications;
mod providers;
mod remote_agents;
mod sync;
mod vault;
mod workflow;
