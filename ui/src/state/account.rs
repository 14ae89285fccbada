//! The account on a sync server as the UI sees it: where this device is signed in, the
//! sign-in form's own checks, and where and how each refusal of signing in or up reads.

use adiuva_domain::{ErrorCode, ErrorReport};
use serde::Deserialize;

/// Where this device is signed in (`account_status`, `sign_in`, `sign_up`, `sign_out`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
pub struct AccountStatus {
    pub signed_in: bool,
    pub server_url: Option<String>,
    pub email: Option<String>,
}

/// Signing in or creating an account.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AccountAction {
    SignIn,
    SignUp,
}

/// Where a refusal of the account form is shown: under one of its fields (`server_url`,
/// `email`, `passphrase`) or, with `form`, under the whole form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccountRefusal {
    pub field: &'static str,
    pub message: String,
}

impl AccountRefusal {
    fn at(field: &'static str, message: impl Into<String>) -> Self {
        Self {
            field,
            message: message.into(),
        }
    }
}

/// The account form's fields before anything is sent: all three are needed.
pub fn check_account_form(
    server_url: &str,
    email: &str,
    passphrase: &str,
) -> Result<(), AccountRefusal> {
    if server_url.trim().is_empty() {
        return Err(AccountRefusal::at(
            "server_url",
            "Enter the server's address, like http://127.0.0.1:8080.",
        ));
    }
    if email.trim().is_empty() {
        return Err(AccountRefusal::at("email", "Enter your email."));
    }
    if passphrase.is_empty() {
        return Err(AccountRefusal::at(
            "passphrase",
            "Enter your vault's passphrase.",
        ));
    }
    Ok(())
}

/// Where and how a refusal of signing in or up reads, with the fix.
pub fn account_refusal(
    report: &ErrorReport,
    action: AccountAction,
    server_url: &str,
) -> AccountRefusal {
    let server = server_url.trim();
    match (report.code, action) {
        (ErrorCode::Invalid, _) => match report.field.as_deref() {
            Some("email") => {
                AccountRefusal::at("email", "Enter an email address like name@example.com.")
            }
            Some("server_url") => AccountRefusal::at(
                "server_url",
                "Enter the server's address with http:// or https://, like http://127.0.0.1:8080.",
            ),
            _ => AccountRefusal::at("form", report.message.clone()),
        },
        (ErrorCode::Unavailable, _) => AccountRefusal::at(
            "form",
            format!(
                "The system keyring is unavailable, so this device cannot keep its sign-in ({}).",
                report.message
            ),
        ),
        (ErrorCode::Offline, _) => AccountRefusal::at(
            "server_url",
            format!("Cannot reach the server at {server}; check the address or your connection."),
        ),
        (ErrorCode::WrongPassphrase, AccountAction::SignIn) => AccountRefusal::at(
            "passphrase",
            "Wrong email or passphrase. Check both and try again.",
        ),
        (ErrorCode::WrongPassphrase, AccountAction::SignUp) => AccountRefusal::at(
            "passphrase",
            "This is not the passphrase of this workspace's vault.",
        ),
        (ErrorCode::Unauthorized, _) => AccountRefusal::at(
            "form",
            "The server did not accept this sign-in. Sign in again.",
        ),
        (ErrorCode::Conflict, AccountAction::SignUp) => AccountRefusal::at(
            "email",
            "An account with this email already exists on that server. Sign in instead.",
        ),
        (ErrorCode::Conflict, AccountAction::SignIn) => AccountRefusal::at(
            "form",
            "This workspace already has another vault, so it cannot join this account. Sign in \
             from an empty workspace, or with the account of this workspace's vault.",
        ),
        (ErrorCode::Locked, _) => AccountRefusal::at("form", "Unlock the vault first."),
        (ErrorCode::NotFound, AccountAction::SignUp) => AccountRefusal::at(
            "form",
            "Create a vault first (Settings → Security): signing up uploads its key, encrypted.",
        ),
        (ErrorCode::WeakParameters, _) => AccountRefusal::at(
            "form",
            "The account asks for key derivation below the safety floor, so it was refused.",
        ),
        _ => AccountRefusal::at("form", report.message.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(code: ErrorCode, field: Option<&str>) -> ErrorReport {
        ErrorReport {
            field: field.map(str::to_owned),
            ..ErrorReport::new(code, "raw message")
        }
    }

    #[test]
    fn account_refusals_land_where_the_fix_is() {
        let url = " http://10.0.0.9:8080 ";
        let refusal = |code, field, action| account_refusal(&report(code, field), action, url);
        let unreachable = refusal(ErrorCode::Offline, None, AccountAction::SignIn);
        assert_eq!(unreachable.field, "server_url");
        assert_eq!(
            unreachable.message,
            "Cannot reach the server at http://10.0.0.9:8080; check the address or your connection."
        );
        let keyring = account_refusal(
            &ErrorReport::new(ErrorCode::Unavailable, "the system keyring is unavailable"),
            AccountAction::SignIn,
            url,
        );
        assert_eq!(keyring.field, "form");
        let wrong = refusal(ErrorCode::WrongPassphrase, None, AccountAction::SignIn);
        assert_eq!(wrong.field, "passphrase");
        assert!(wrong.message.starts_with("Wrong email or passphrase"));
        let wrong_up = refusal(ErrorCode::WrongPassphrase, None, AccountAction::SignUp);
        assert!(wrong_up.message.contains("this workspace's vault"));
        assert_eq!(
            refusal(ErrorCode::Conflict, None, AccountAction::SignUp).field,
            "email"
        );
        let other_vault = refusal(ErrorCode::Conflict, None, AccountAction::SignIn);
        assert_eq!(other_vault.field, "form");
        assert!(other_vault.message.contains("another vault"));
        assert_eq!(
            refusal(ErrorCode::Invalid, Some("email"), AccountAction::SignUp).field,
            "email"
        );
        assert_eq!(
            refusal(
                ErrorCode::Invalid,
                Some("server_url"),
                AccountAction::SignIn
            )
            .field,
            "server_url"
        );
        assert_eq!(
            refusal(ErrorCode::Invalid, Some("x"), AccountAction::SignIn).message,
            "raw message"
        );
        assert!(
            refusal(ErrorCode::Unauthorized, None, AccountAction::SignIn)
                .message
                .contains("Sign in again")
        );
        assert_eq!(
            refusal(ErrorCode::Locked, None, AccountAction::SignUp).message,
            "Unlock the vault first."
        );
        assert!(
            refusal(ErrorCode::NotFound, None, AccountAction::SignUp)
                .message
                .contains("Create a vault first")
        );
        assert_eq!(
            refusal(ErrorCode::Storage, None, AccountAction::SignIn).message,
            "raw message"
        );
    }

    #[test]
    fn the_form_needs_all_three_fields() {
        assert_eq!(
            check_account_form(" ", "a@b.c", "p").unwrap_err().field,
            "server_url"
        );
        assert_eq!(
            check_account_form("http://x", "", "p").unwrap_err().field,
            "email"
        );
        assert_eq!(
            check_account_form("http://x", "a@b.c", "")
                .unwrap_err()
                .field,
            "passphrase"
        );
        assert!(check_account_form("http://x", "a@b.c", " p ").is_ok());
    }
}
