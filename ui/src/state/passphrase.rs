//! New passphrases as the UI judges them while typing: the shell's strength estimate, the
//! meter's words and colours, and why a form cannot be sent yet.

use serde::Deserialize;

/// A passphrase's strength estimate (`check_passphrase_strength`).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PassphraseStrength {
    /// 0 (very weak) to 4 (very strong).
    pub score: u8,
    pub acceptable: bool,
    pub warning: Option<String>,
    pub suggestions: Vec<String>,
}

/// The strength meter's word for a score.
pub const fn strength_label(score: u8) -> &'static str {
    match score {
        0 => "Very weak",
        1 => "Weak",
        2 => "Fair",
        3 => "Strong",
        _ => "Very strong",
    }
}

/// The strength meter's colour class for a score.
pub const fn strength_tone(score: u8) -> &'static str {
    match score {
        0 | 1 => "is-weak",
        2 => "is-fair",
        _ => "is-strong",
    }
}

/// Why a new passphrase cannot be sent yet; `None` when it can.
pub fn new_passphrase_blocker(
    passphrase: &str,
    confirmation: &str,
    strength: Option<&PassphraseStrength>,
) -> Option<&'static str> {
    if passphrase.is_empty() {
        return Some("Choose a passphrase.");
    }
    match strength {
        None => return Some("Checking the passphrase…"),
        Some(s) if !s.acceptable => return Some("Choose a harder passphrase."),
        Some(_) => {}
    }
    if confirmation.is_empty() {
        return Some("Type the passphrase again to confirm it.");
    }
    if passphrase != confirmation {
        return Some("The two passphrases differ.");
    }
    None
}

/// Whether the confirmation already differs from what it must repeat (shown while typing,
/// as soon as it cannot become equal by typing more).
pub fn confirmation_mismatch(passphrase: &str, confirmation: &str) -> bool {
    !confirmation.is_empty() && !passphrase.starts_with(confirmation)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meter_words_and_colours() {
        let labels: Vec<_> = (0..=4).map(strength_label).collect();
        assert_eq!(
            labels,
            ["Very weak", "Weak", "Fair", "Strong", "Very strong"]
        );
        assert_eq!(strength_tone(0), "is-weak");
        assert_eq!(strength_tone(1), "is-weak");
        assert_eq!(strength_tone(2), "is-fair");
        assert_eq!(strength_tone(3), "is-strong");
        assert_eq!(strength_tone(4), "is-strong");
        assert_eq!(strength_label(9), "Very strong");
    }

    #[test]
    fn create_waits_for_an_acceptable_repeated_passphrase() {
        let good = PassphraseStrength {
            score: 4,
            acceptable: true,
            warning: None,
            suggestions: vec![],
        };
        let weak = PassphraseStrength {
            score: 1,
            acceptable: false,
            ..good.clone()
        };
        let p = "marmalade tractor quietly orbit";
        assert!(new_passphrase_blocker("", "", Some(&good)).is_some());
        assert!(new_passphrase_blocker(p, p, None).is_some());
        assert!(new_passphrase_blocker(p, p, Some(&weak)).is_some());
        assert!(new_passphrase_blocker(p, "", Some(&good)).is_some());
        assert_eq!(
            new_passphrase_blocker(p, "marmalade", Some(&good)),
            Some("The two passphrases differ.")
        );
        assert_eq!(new_passphrase_blocker(p, p, Some(&good)), None);
        assert!(!confirmation_mismatch(p, "marmalade"));
        assert!(confirmation_mismatch(p, "marmalate"));
        assert!(!confirmation_mismatch(p, ""));
    }
}
