//! How guessable a passphrase is, with advice a person can act on (zxcvbn's estimate).

use serde::{Deserialize, Serialize};

/// Shorter passphrases are refused whatever their estimate.
pub const MIN_PASSPHRASE_CHARS: usize = 12;
/// zxcvbn scores run 0 (guessable in seconds) to 4 (very unguessable); 3 is required.
const REQUIRED_SCORE: u8 = 3;

/// A strength estimate to show while the person types.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PassphraseStrength {
    /// 0 (very weak) to 4 (very strong).
    pub score: u8,
    /// Whether the vault accepts it.
    pub acceptable: bool,
    /// What is wrong, if anything ("This is a top-10 common password").
    pub warning: Option<String>,
    /// How to do better.
    pub suggestions: Vec<String>,
}

/// Estimates `passphrase`. `context` are words an attacker would try first (an email, the app name).
pub fn passphrase_strength(passphrase: &str, context: &[&str]) -> PassphraseStrength {
    let estimate = zxcvbn::zxcvbn(passphrase, context);
    let score = u8::from(estimate.score());
    let long_enough = passphrase.chars().count() >= MIN_PASSPHRASE_CHARS;
    let mut suggestions: Vec<String> = estimate
        .feedback()
        .map(|f| f.suggestions().iter().map(ToString::to_string).collect())
        .unwrap_or_default();
    if !long_enough {
        suggestions.insert(
            0,
            format!("Use at least {MIN_PASSPHRASE_CHARS} characters."),
        );
    }
    PassphraseStrength {
        score,
        acceptable: long_enough && score >= REQUIRED_SCORE,
        warning: estimate
            .feedback()
            .and_then(|f| f.warning())
            .map(|w| w.to_string()),
        suggestions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_and_short_passphrases_are_refused_and_explained() {
        for weak in ["password", "correcthorse", "adiuva2026", "qwertyuiop123"] {
            let s = passphrase_strength(weak, &["adiuva"]);
            assert!(!s.acceptable, "{weak}: {s:?}");
            assert!(
                s.warning.is_some() || !s.suggestions.is_empty(),
                "{weak} gets advice"
            );
        }
        let s = passphrase_strength("Xq7!", &[]);
        assert!(s.suggestions[0].contains("12 characters"));
    }

    #[test]
    fn unrelated_words_are_accepted() {
        let s = passphrase_strength("marmalade tractor quietly orbit", &[]);
        assert!(s.acceptable, "{s:?}");
        assert_eq!(s.score, 4);
    }
}
