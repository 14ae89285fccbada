//! Global keyboard shortcuts: which key means what, and never while the user is typing
//! (except Ctrl/Cmd combinations and Escape, which are never text).

/// A key press as the DOM reports it, plus where focus was.
#[derive(Clone, Copy, Debug, Default)]
pub struct KeyPress<'a> {
    pub key: &'a str,
    pub ctrl: bool,
    pub meta: bool,
    pub alt: bool,
    pub shift: bool,
    /// Focus is in a text field, a select or an editable element.
    pub typing: bool,
}

/// What a global shortcut asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    TogglePalette,
    NewTask,
    FocusSearch,
    /// Close the topmost overlay.
    Dismiss,
    ShowHelp,
    /// Lock the vault.
    Lock,
    /// Hide the window; the app goes on in the tray.
    HideWindow,
}

/// Maps a key press to a command, or `None` to let the key through.
pub fn dispatch(press: &KeyPress<'_>) -> Option<Command> {
    let command_key = press.ctrl || press.meta;
    if command_key && !press.alt && press.key.eq_ignore_ascii_case("k") {
        return Some(Command::TogglePalette);
    }
    if command_key && !press.alt && press.key.eq_ignore_ascii_case("l") {
        return Some(Command::Lock);
    }
    if command_key && !press.alt && press.key.eq_ignore_ascii_case("w") {
        return Some(Command::HideWindow);
    }
    if press.key == "Escape" {
        return Some(Command::Dismiss);
    }
    if press.typing || command_key || press.alt {
        return None;
    }
    match press.key {
        "n" | "N" => Some(Command::NewTask),
        "/" => Some(Command::FocusSearch),
        "?" => Some(Command::ShowHelp),
        _ => None,
    }
}

/// Whether focus on this element means the user is typing. `tag` is the upper-case tag name
/// and `input_type` the `type` of an `<input>`.
pub fn is_typing_target(tag: &str, input_type: &str, content_editable: bool) -> bool {
    if content_editable {
        return true;
    }
    match tag {
        "TEXTAREA" | "SELECT" => true,
        "INPUT" => !matches!(
            input_type.to_ascii_lowercase().as_str(),
            "checkbox" | "radio" | "button" | "submit" | "reset" | "range" | "color" | "file"
        ),
        _ => false,
    }
}

/// The overlays Escape can close, topmost first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Overlay {
    Confirm,
    /// Creating the vault, or a passphrase asked before a key change.
    VaultDialog,
    Palette,
    Help,
    TaskForm,
    TaskDetail,
}

/// Which overlay Escape closes given which ones are open (in the order of [`Overlay`]).
pub fn topmost(open: &[(Overlay, bool)]) -> Option<Overlay> {
    const ORDER: [Overlay; 6] = [
        Overlay::Confirm,
        Overlay::VaultDialog,
        Overlay::Palette,
        Overlay::Help,
        Overlay::TaskForm,
        Overlay::TaskDetail,
    ];
    ORDER.into_iter().find(|o| {
        open.iter()
            .any(|(overlay, is_open)| overlay == o && *is_open)
    })
}

/// The shortcuts listed in the help dialog: keys, then what they do.
pub const HELP: &[(&str, &str)] = &[
    ("Ctrl/⌘ K", "Command palette"),
    ("Ctrl/⌘ L", "Lock the vault"),
    ("Ctrl/⌘ W", "Hide the window (Adiuva goes on in the tray)"),
    ("N", "New task"),
    ("/", "Search"),
    ("Esc", "Close dialog or panel"),
    ("?", "This help"),
    ("Enter", "Open the focused card"),
    (
        "Shift ← / →",
        "Move the focused card to the previous / next column",
    ),
    (
        "1 / 2 / 3",
        "Move the focused card to To do / In progress / Done",
    ),
    ("↑ ↓ ← →", "Move between cards"),
    ("j / k", "Review: next / previous suggestion"),
    (
        "a / r / e / s",
        "Review: approve / reject / edit then approve / snooze",
    ),
    (
        "x / u",
        "Review: select the suggestion / undo the last decision",
    ),
    ("Ctrl/⌘ S", "Save the note"),
    ("Ctrl/⌘ Enter", "Send the comment"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn key(key: &str) -> KeyPress<'_> {
        KeyPress {
            key,
            ..KeyPress::default()
        }
    }

    #[test]
    fn plain_keys_outside_fields() {
        assert_eq!(dispatch(&key("n")), Some(Command::NewTask));
        assert_eq!(dispatch(&key("N")), Some(Command::NewTask));
        assert_eq!(dispatch(&key("/")), Some(Command::FocusSearch));
        assert_eq!(dispatch(&key("?")), Some(Command::ShowHelp));
        assert_eq!(dispatch(&key("x")), None);
    }

    #[test]
    fn plain_keys_are_text_while_typing() {
        for k in ["n", "/", "?"] {
            let press = KeyPress {
                typing: true,
                ..key(k)
            };
            assert_eq!(dispatch(&press), None, "{k}");
        }
    }

    #[test]
    fn command_combos_and_escape_work_while_typing() {
        for (ctrl, meta) in [(true, false), (false, true)] {
            let press = KeyPress {
                ctrl,
                meta,
                typing: true,
                ..key("k")
            };
            assert_eq!(dispatch(&press), Some(Command::TogglePalette));
            let lock = KeyPress {
                ctrl,
                meta,
                typing: true,
                ..key("l")
            };
            assert_eq!(dispatch(&lock), Some(Command::Lock));
            let hide = KeyPress {
                ctrl,
                meta,
                typing: true,
                ..key("w")
            };
            assert_eq!(dispatch(&hide), Some(Command::HideWindow));
        }
        let escape = KeyPress {
            typing: true,
            ..key("Escape")
        };
        assert_eq!(dispatch(&escape), Some(Command::Dismiss));
    }

    #[test]
    fn modified_letters_belong_to_the_browser() {
        let ctrl_n = KeyPress {
            ctrl: true,
            ..key("n")
        };
        assert_eq!(dispatch(&ctrl_n), None);
        let alt_n = KeyPress {
            alt: true,
            ..key("n")
        };
        assert_eq!(dispatch(&alt_n), None);
    }

    #[test]
    fn typing_targets() {
        assert!(is_typing_target("INPUT", "text", false));
        assert!(is_typing_target("INPUT", "", false));
        assert!(is_typing_target("INPUT", "date", false));
        assert!(is_typing_target("TEXTAREA", "", false));
        assert!(is_typing_target("SELECT", "", false));
        assert!(is_typing_target("DIV", "", true));
        assert!(!is_typing_target("INPUT", "checkbox", false));
        assert!(!is_typing_target("BUTTON", "", false));
        assert!(!is_typing_target("DIV", "", false));
    }

    #[test]
    fn escape_closes_the_topmost_overlay() {
        use Overlay::*;
        assert_eq!(
            topmost(&[(TaskDetail, true), (Confirm, true)]),
            Some(Confirm)
        );
        assert_eq!(
            topmost(&[(TaskDetail, true), (Palette, false)]),
            Some(TaskDetail)
        );
        assert_eq!(
            topmost(&[(TaskForm, true), (TaskDetail, true)]),
            Some(TaskForm)
        );
        assert_eq!(topmost(&[(Palette, false)]), None);
        assert_eq!(
            topmost(&[(Palette, true), (VaultDialog, true)]),
            Some(VaultDialog)
        );
    }
}
