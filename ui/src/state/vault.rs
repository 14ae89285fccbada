//! The vault as the UI sees it: the shell's status and answers (never a secret kept longer
//! than a call), what the app shows for each state (workspace or lock screen), a rotation's
//! progress, the activity-ping throttle, and the sentences for every refusal.

use adiuva_domain::{ErrorCode, ErrorReport, Reason};
use serde::Deserialize;

/// Where the vault stands (`vault_status`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VaultState {
    /// No vault yet: the workspace works, and settings offer to create one.
    None,
    Locked,
    Unlocked,
}

/// The vault's status; it never holds a secret.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct VaultStatus {
    pub state: VaultState,
    /// "Remember on this device" is on.
    pub remembered: bool,
    pub auto_lock_minutes: Option<u32>,
    pub key_generation: Option<u32>,
    /// A key rotation still re-sealing records.
    #[serde(default)]
    pub rotation: Option<RotationProgress>,
}

/// How far a key rotation has come (`done` of `total` records under the new generation).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
pub struct RotationProgress {
    pub key_generation: u32,
    pub done: u64,
    pub total: u64,
}

impl RotationProgress {
    /// Whole percent done, never 100 before the last record (and 100 with nothing to do).
    pub fn percent(&self) -> u64 {
        if self.total == 0 || self.done >= self.total {
            return 100;
        }
        (self.done * 100 / self.total).min(99)
    }

    pub fn label(&self) -> String {
        format!(
            "Re-sealing records under key generation {}: {} of {}",
            self.key_generation, self.done, self.total
        )
    }
}

impl VaultStatus {
    pub fn exists(&self) -> bool {
        self.state != VaultState::None
    }
}

/// The recovery key, shown once; the UI drops it as soon as the person confirms saving it.
#[derive(Clone, PartialEq, Eq, Deserialize)]
pub struct RecoveryKeyShown {
    pub recovery_key: String,
}

impl std::fmt::Debug for RecoveryKeyShown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKeyShown(…)")
    }
}

/// What covers the window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Gate {
    /// The status is not known yet, or the device is unlocking the vault silently: show
    /// nothing of the workspace.
    Opening,
    /// No vault, or an unlocked one: the workspace.
    Open,
    /// A locked vault: the lock screen, and nothing behind it.
    Locked,
}

/// What the window shows, given the last known status and whether a silent unlock runs.
pub fn gate(status: Option<&VaultStatus>, unlocking_from_device: bool) -> Gate {
    match status.map(|s| s.state) {
        None => Gate::Opening,
        Some(VaultState::Locked) if unlocking_from_device => Gate::Opening,
        Some(VaultState::Locked) => Gate::Locked,
        Some(VaultState::None | VaultState::Unlocked) => Gate::Open,
    }
}

/// Whether to try the OS keyring before showing the lock screen.
pub fn should_unlock_from_device(status: &VaultStatus) -> bool {
    status.state == VaultState::Locked && status.remembered
}

/// What the lock screen says when a silent unlock from the device failed; `None` when it
/// should say nothing special.
pub fn device_unlock_notice(report: &ErrorReport) -> Option<String> {
    match report.code {
        ErrorCode::Unavailable => Some(
            "The system keyring is unavailable, so this device cannot unlock the vault by \
             itself. Enter your passphrase."
                .to_owned(),
        ),
        ErrorCode::NotFound => {
            Some("This device no longer remembers the vault. Enter your passphrase.".to_owned())
        }
        ErrorCode::Corrupted => Some(corrupted_message()),
        _ => Some(format!(
            "Could not unlock from this device ({}). Enter your passphrase.",
            report.message
        )),
    }
}

/// What the lock screen says when a refresh found the vault locked while the app showed it
/// unlocked (auto-lock, or a lock from elsewhere).
pub fn locked_notice(before: Option<&VaultStatus>, after: &VaultStatus) -> Option<String> {
    let was_unlocked = before.is_some_and(|s| s.state == VaultState::Unlocked);
    if !was_unlocked || after.state != VaultState::Locked {
        return None;
    }
    Some(match after.auto_lock_minutes {
        Some(1) => "Locked after 1 minute without activity.".to_owned(),
        Some(minutes) => format!("Locked after {minutes} minutes without activity."),
        None => "The vault was locked.".to_owned(),
    })
}

fn weak_parameters_message() -> String {
    "The vault's key envelope asks for a weaker key derivation than Adiuva ever uses, as a \
     tampered copy would. It was refused and nothing was changed. Restore the workspace from \
     a backup, or unlock on a device whose copy is intact."
        .to_owned()
}

fn corrupted_message() -> String {
    "The vault's key material is damaged or was tampered with, so it cannot be opened. \
     Nothing was changed."
        .to_owned()
}

/// A refusal of a vault call, routed: under a field, or as a sentence for the whole form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// `reason` tells a checksum typo (`checksum`) from a wrong key (`wrong_recovery_key`).
    Field {
        field: &'static str,
        reason: &'static str,
        message: String,
    },
    General(String),
}

/// Routes a vault refusal. `passphrase_field` is the form's field for the passphrase that
/// opens the vault (`passphrase` on the lock screen, `current` when changing it).
pub fn refusal(report: &ErrorReport, passphrase_field: &'static str) -> Refusal {
    let field = |field, reason, message: &str| Refusal::Field {
        field,
        reason,
        message: message.to_owned(),
    };
    match report.code {
        ErrorCode::WrongPassphrase => field(
            passphrase_field,
            "wrong_passphrase",
            "Wrong passphrase: it does not open this vault.",
        ),
        ErrorCode::WrongRecoveryKey => field(
            "recovery_key",
            "wrong_recovery_key",
            "This recovery key is well typed but belongs to another vault.",
        ),
        ErrorCode::Corrupted => Refusal::General(corrupted_message()),
        ErrorCode::WeakParameters => Refusal::General(weak_parameters_message()),
        ErrorCode::Invalid => match (report.field.as_deref(), report.reason) {
            (Some("recovery_key"), _) => field(
                "recovery_key",
                "checksum",
                "This recovery key has a typo: check each group of four characters.",
            ),
            (Some("confirmation"), _) => {
                field("confirmation", "mismatch", "The two passphrases differ.")
            }
            (Some("passphrase"), Some(Reason::TooWeak)) => field(
                "passphrase",
                "too_weak",
                "This passphrase is too easy to guess: use at least 12 characters, for \
                 example four unrelated words.",
            ),
            _ => Refusal::General(report.message.clone()),
        },
        _ => Refusal::General(report.message.clone()),
    }
}

/// The same refusal as a report naming its field, so a form's `FormState` shows it inline.
pub fn with_field(report: ErrorReport, passphrase_field: &'static str) -> ErrorReport {
    match refusal(&report, passphrase_field) {
        Refusal::Field { field, message, .. } => ErrorReport {
            field: Some(field.to_owned()),
            message,
            ..report
        },
        Refusal::General(message) => ErrorReport {
            message,
            field: None,
            ..report
        },
    }
}

/// Why "remember on this device" could not be changed.
pub fn remember_failure(report: &ErrorReport) -> String {
    match report.code {
        ErrorCode::Unavailable => format!(
            "The system keyring is unavailable, so this device cannot remember the vault \
             ({}). Unlock with your passphrase instead.",
            report.message
        ),
        ErrorCode::Locked => "Unlock the vault first.".to_owned(),
        _ => report.message.clone(),
    }
}

/// How often activity is reported to the shell, at most.
pub const ACTIVITY_PING_MS: f64 = 30_000.0;
/// How often the status is polled, so an auto-lock shows.
pub const STATUS_POLL_SECS: u64 = 30;

/// Decides when user input is worth telling the shell about (at most once per interval).
#[derive(Clone, Copy, Debug, Default)]
pub struct ActivityThrottle {
    last_ping: Option<f64>,
}

impl ActivityThrottle {
    /// True when input at `now_ms` should be reported; records it when so.
    pub fn should_ping(&mut self, now_ms: f64) -> bool {
        let due = self
            .last_ping
            // A clock that went backwards counts as due, so a ping is never lost for good.
            .is_none_or(|last| now_ms - last >= ACTIVITY_PING_MS || now_ms < last);
        if due {
            self.last_ping = Some(now_ms);
        }
        due
    }

    /// Forgets the last ping (after unlocking, the next input is reported at once).
    pub fn reset(&mut self) {
        self.last_ping = None;
    }
}

/// The auto-lock choices: the select's value and label.
pub const AUTO_LOCK_CHOICES: &[(Option<u32>, &str)] = &[
    (None, "Off"),
    (Some(1), "After 1 minute"),
    (Some(5), "After 5 minutes"),
    (Some(15), "After 15 minutes"),
    (Some(30), "After 30 minutes"),
    (Some(60), "After 1 hour"),
];

/// The select's value for an auto-lock setting.
pub fn auto_lock_value(minutes: Option<u32>) -> String {
    minutes.map_or_else(|| "off".to_owned(), |m| m.to_string())
}

/// An auto-lock setting from the select's value; `None` inside means off, and an outer
/// `None` a value that is not one of the choices.
pub fn parse_auto_lock(value: &str) -> Option<Option<u32>> {
    if value == "off" {
        return Some(None);
    }
    let minutes: u32 = value.parse().ok()?;
    AUTO_LOCK_CHOICES
        .iter()
        .any(|(m, _)| *m == Some(minutes))
        .then_some(Some(minutes))
}

/// One line about the vault for the security settings.
pub fn status_line(status: &VaultStatus) -> String {
    match status.state {
        VaultState::None => "No vault yet.".to_owned(),
        state => {
            let word = if state == VaultState::Unlocked {
                "Unlocked"
            } else {
                "Locked"
            };
            match status.key_generation {
                Some(generation) => format!("{word} · key generation {generation}"),
                None => word.to_owned(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(state: VaultState, remembered: bool, auto: Option<u32>) -> VaultStatus {
        VaultStatus {
            state,
            remembered,
            auto_lock_minutes: auto,
            key_generation: (state != VaultState::None).then_some(1),
            rotation: None,
        }
    }

    #[test]
    fn status_reads_the_shells_answer() {
        let json =
            r#"{"state":"locked","remembered":true,"auto_lock_minutes":5,"key_generation":2}"#;
        let s: VaultStatus = serde_json::from_str(json).expect("status");
        assert_eq!(s.state, VaultState::Locked);
        assert!(s.remembered && s.exists());
        assert_eq!((s.auto_lock_minutes, s.key_generation), (Some(5), Some(2)));
        let none: VaultStatus = serde_json::from_str(
            r#"{"state":"none","remembered":false,"auto_lock_minutes":null,"key_generation":null}"#,
        )
        .expect("none");
        assert!(!none.exists());
    }

    #[test]
    fn the_workspace_shows_only_without_a_vault_or_unlocked() {
        let locked = status(VaultState::Locked, true, None);
        assert_eq!(gate(None, false), Gate::Opening);
        assert_eq!(gate(Some(&locked), true), Gate::Opening);
        assert_eq!(gate(Some(&locked), false), Gate::Locked);
        let none = status(VaultState::None, false, None);
        assert_eq!(gate(Some(&none), false), Gate::Open);
        let open = status(VaultState::Unlocked, false, None);
        assert_eq!(gate(Some(&open), false), Gate::Open);
        assert!(should_unlock_from_device(&locked));
        assert!(!should_unlock_from_device(&status(
            VaultState::Locked,
            false,
            None
        )));
        assert!(!should_unlock_from_device(&status(
            VaultState::Unlocked,
            true,
            None
        )));
    }

    #[test]
    fn an_unavailable_keyring_asks_for_the_passphrase() {
        let report = ErrorReport::new(ErrorCode::Unavailable, "no secret service");
        let notice = device_unlock_notice(&report).expect("notice");
        assert!(notice.contains("keyring is unavailable"), "{notice}");
        assert!(notice.contains("passphrase"));
    }

    #[test]
    fn an_auto_lock_is_explained_once() {
        let open = status(VaultState::Unlocked, false, Some(5));
        let locked = status(VaultState::Locked, false, Some(5));
        assert_eq!(
            locked_notice(Some(&open), &locked).as_deref(),
            Some("Locked after 5 minutes without activity.")
        );
        assert_eq!(locked_notice(Some(&locked), &locked), None);
        assert_eq!(locked_notice(None, &locked), None);
        let manual = status(VaultState::Locked, false, None);
        assert_eq!(
            locked_notice(Some(&open), &manual).as_deref(),
            Some("The vault was locked.")
        );
    }

    fn invalid(field: &str, reason: Reason) -> ErrorReport {
        ErrorReport {
            code: ErrorCode::Invalid,
            message: format!("{field} {reason}"),
            field: Some(field.to_owned()),
            reason: Some(reason),
            retry_after_secs: None,
        }
    }

    #[test]
    fn refusals_are_told_apart() {
        let wrong = ErrorReport::new(ErrorCode::WrongPassphrase, "wrong passphrase");
        let Refusal::Field { field, reason, .. } = refusal(&wrong, "current") else {
            panic!("field expected");
        };
        assert_eq!((field, reason), ("current", "wrong_passphrase"));

        let typo = refusal(&invalid("recovery_key", Reason::Checksum), "passphrase");
        let other = refusal(
            &ErrorReport::new(ErrorCode::WrongRecoveryKey, "another vault"),
            "passphrase",
        );
        match (typo, other) {
            (
                Refusal::Field {
                    field: f1,
                    reason: r1,
                    message: m1,
                },
                Refusal::Field {
                    field: f2,
                    reason: r2,
                    message: m2,
                },
            ) => {
                assert_eq!((f1, f2), ("recovery_key", "recovery_key"));
                assert_eq!((r1, r2), ("checksum", "wrong_recovery_key"));
                assert!(m1.contains("typo"));
                assert_ne!(m1, m2);
            }
            other => panic!("field refusals expected, got {other:?}"),
        }

        let corrupted = refusal(
            &ErrorReport::new(ErrorCode::Corrupted, "bad envelope"),
            "passphrase",
        );
        assert!(matches!(corrupted, Refusal::General(m) if m.contains("damaged")));
        let weak = refusal(
            &ErrorReport::new(ErrorCode::WeakParameters, "too weak"),
            "passphrase",
        );
        assert!(matches!(weak, Refusal::General(m) if m.contains("weaker key derivation")));
        let storage = refusal(
            &ErrorReport::new(ErrorCode::Storage, "disk full"),
            "passphrase",
        );
        assert_eq!(storage, Refusal::General("disk full".into()));
    }

    #[test]
    fn refusals_become_field_reports_for_forms() {
        let report = with_field(
            ErrorReport::new(ErrorCode::WrongPassphrase, "wrong passphrase"),
            "current",
        );
        assert_eq!(report.field.as_deref(), Some("current"));
        assert_eq!(report.code, ErrorCode::WrongPassphrase);
        let weak = with_field(invalid("passphrase", Reason::TooWeak), "current");
        assert_eq!(weak.field.as_deref(), Some("passphrase"));
        let mismatch = with_field(invalid("confirmation", Reason::Mismatch), "current");
        assert_eq!(mismatch.message, "The two passphrases differ.");
        let general = with_field(ErrorReport::new(ErrorCode::Unavailable, "no keyring"), "x");
        assert_eq!(
            (general.field, general.message.as_str()),
            (None, "no keyring")
        );
    }

    #[test]
    fn a_missing_keyring_is_named_when_remembering() {
        let report = ErrorReport::new(ErrorCode::Unavailable, "no secret service");
        let message = remember_failure(&report);
        assert!(message.contains("keyring is unavailable"), "{message}");
        assert!(message.contains("no secret service"));
        let other = ErrorReport::new(ErrorCode::Storage, "disk full");
        assert_eq!(remember_failure(&other), "disk full");
    }

    #[test]
    fn activity_is_reported_at_most_every_thirty_seconds() {
        let mut throttle = ActivityThrottle::default();
        assert!(throttle.should_ping(1_000.0));
        assert!(!throttle.should_ping(1_001.0));
        assert!(!throttle.should_ping(30_999.0));
        assert!(throttle.should_ping(31_000.0));
        assert!(!throttle.should_ping(45_000.0));
        assert!(throttle.should_ping(10.0), "a clock going back pings");
        throttle.reset();
        assert!(throttle.should_ping(11.0));
    }

    #[test]
    fn auto_lock_values_round_trip() {
        for (minutes, _) in AUTO_LOCK_CHOICES {
            assert_eq!(parse_auto_lock(&auto_lock_value(*minutes)), Some(*minutes));
        }
        assert_eq!(parse_auto_lock("7"), None);
        assert_eq!(parse_auto_lock("0"), None);
        assert_eq!(parse_auto_lock("soon"), None);
    }

    #[test]
    fn status_lines() {
        assert_eq!(
            status_line(&status(VaultState::None, false, None)),
            "No vault yet."
        );
        let mut open = status(VaultState::Unlocked, false, None);
        open.key_generation = Some(3);
        assert_eq!(status_line(&open), "Unlocked · key generation 3");
    }

    #[test]
    fn recovery_keys_never_print() {
        let shown = RecoveryKeyShown {
            recovery_key: "ABCD-EFGH".into(),
        };
        assert!(!format!("{shown:?}").contains("ABCD"));
    }

    #[test]
    fn rotation_progress_reads_as_a_percent_that_ends_only_at_the_end() {
        let at = |done, total| RotationProgress {
            key_generation: 2,
            done,
            total,
        };
        assert_eq!(at(0, 450).percent(), 0);
        assert_eq!(at(200, 450).percent(), 44);
        assert_eq!(at(449, 450).percent(), 99);
        assert_eq!(at(450, 450).percent(), 100);
        assert_eq!(at(0, 0).percent(), 100);
        assert_eq!(
            at(200, 450).label(),
            "Re-sealing records under key generation 2: 200 of 450"
        );
    }
}
