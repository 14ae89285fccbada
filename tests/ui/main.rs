//! The real desktop app in a real webview (WebKitGTK over WebDriver, under Xvfb): a day of
//! work that survives a restart, bad input seen in the UI, and the shell's lockdown.

mod lockdown;
mod workflow;
