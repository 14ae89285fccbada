//! Printing results as text for people or JSON for scripts.

use adiuva_domain::ErrorReport;
use serde::Serialize;
use std::io::Write;

pub struct Output {
    pub json: bool,
}

impl Output {
    /// Prints `value` as JSON, or the text that `text` renders for a person.
    pub fn print<T: Serialize>(&self, value: &T, text: impl FnOnce(&T) -> String) {
        let rendered = if self.json {
            serde_json::to_string_pretty(value)
                .unwrap_or_else(|err| format!("{{\"error\":\"{err}\"}}"))
        } else {
            text(value)
        };
        // A reader that stops early (`| head`) closes the pipe; that is not an error of ours.
        let _ = writeln!(
            std::io::stdout().lock(),
            "{}",
            rendered.trim_end_matches('\n')
        );
    }

    /// Reports a failure on standard error: one line of text, or `{"error": report}`.
    pub fn error(&self, report: &ErrorReport) {
        let line = if self.json {
            serde_json::json!({ "error": report }).to_string()
        } else {
            format!("error: {}", report.message)
        };
        let _ = writeln!(std::io::stderr().lock(), "{line}");
    }
}

/// Renders one line per item, or `empty` when there is none.
pub fn lines<T>(items: &[T], empty: &str, line: impl Fn(&T) -> String) -> String {
    if items.is_empty() {
        return empty.to_owned();
    }
    items.iter().map(line).collect::<Vec<_>>().join("\n")
}
