//! Assignments (seed 002): one immutable scope contract per row for one agent — allow- and
//! deny-globs, a policy, a reason, metadata. Extending the allow-list supersedes the active
//! row and inserts a new one; the chain lives in reserved metadata keys callers cannot set.
//! This module holds the rules (validation, reason safety, what an update changes); the
//! application layer runs them inside one transaction.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use crate::{
    access::{Glob, GlobError},
    error::ErrorCode,
    ids::{AgentId, AssignmentId},
    text_enum::text_enum,
    time::Millis,
};

/// Set on a superseded row: the id of the row that replaced it.
pub const SUPERSEDED_BY: &str = "superseded_by";
/// Set on a replacing row: the id of the row it replaced.
pub const SUPERSEDED_ASSIGNMENT_ID: &str = "superseded_assignment_id";
/// Metadata keys only the lineage may write.
pub const RESERVED_METADATA_KEYS: &[&str] = &[SUPERSEDED_BY, SUPERSEDED_ASSIGNMENT_ID];

/// The longest reason, orchestrator, metadata value.
pub const REASON_MAX_CHARS: usize = 500;
/// The longest metadata key.
pub const METADATA_KEY_MAX_CHARS: usize = 64;
/// Globs in one list.
pub const GLOBS_MAX: usize = 200;

text_enum!(
    /// What happens to a write outside the allow-list.
    Policy {
        /// Refused.
        Block => "block",
        /// Allowed, and recorded with a warning.
        Warn => "warn",
    }
);

text_enum!(
    /// Where a row stands in its chain.
    AssignmentStatus {
        Active => "active",
        Superseded => "superseded",
        Revoked => "revoked",
    }
);

/// Free-form string metadata; the reserved keys hold the lineage.
pub type Metadata = BTreeMap<String, String>;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: AssignmentId,
    pub agent_id: AgentId,
    pub allow: Vec<Glob>,
    pub deny: Vec<Glob>,
    pub policy: Policy,
    pub reason: String,
    /// Who set this scope (a person, an orchestrating agent), when given.
    pub orchestrator: Option<String>,
    pub metadata: Metadata,
    pub status: AssignmentStatus,
    pub created_at: Millis,
    pub ended_at: Option<Millis>,
}

/// Why an assignment request was refused; each has a stable code scripts branch on.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    #[error("missing {flag}: it is required")]
    MissingFlag { flag: &'static str },
    #[error("invalid {flag} {value:?}: {why}")]
    InvalidFlag {
        flag: &'static str,
        value: String,
        why: String,
    },
    #[error("invalid metadata {entry:?}: {why}")]
    InvalidMetadata { entry: String, why: &'static str },
    #[error("the reason is unsafe to record: {why}")]
    ReasonUnsafe { why: &'static str },
    #[error("agent {agent} has no active assignment; create one with `agent assign`")]
    NoActiveAssignment { agent: AgentId },
    #[error(
        "the agent's assignment changed while this update ran; show it again and retry the update"
    )]
    StaleUpdate,
}

impl AssignmentError {
    pub const fn code(&self) -> ErrorCode {
        match self {
            Self::MissingFlag { .. } => ErrorCode::MissingFlag,
            Self::InvalidFlag { .. } => ErrorCode::InvalidFlag,
            Self::InvalidMetadata { .. } => ErrorCode::InvalidMetadata,
            Self::ReasonUnsafe { .. } => ErrorCode::ReasonUnsafe,
            Self::NoActiveAssignment { .. } => ErrorCode::NoActiveAssignment,
            Self::StaleUpdate => ErrorCode::AssignmentStaleUpdate,
        }
    }
}

/// A first assignment for an agent, as asked for (`agent assign`).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewAssignment {
    #[serde(default)]
    pub allow: Vec<String>,
    #[serde(default)]
    pub deny: Vec<String>,
    #[serde(default)]
    pub policy: Option<Policy>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub orchestrator: Option<String>,
    /// `key=value` entries.
    #[serde(default)]
    pub metadata: Vec<String>,
}

/// The contents of an assignment row, validated; the caller adds id, agent and times.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AssignmentDraft {
    pub allow: Vec<Glob>,
    pub deny: Vec<Glob>,
    pub policy: Policy,
    pub reason: String,
    pub orchestrator: Option<String>,
    pub metadata: Metadata,
}

impl NewAssignment {
    pub fn validate(&self) -> Result<AssignmentDraft, AssignmentError> {
        Ok(AssignmentDraft {
            allow: globs(&self.allow, "allow")?,
            deny: globs(&self.deny, "deny")?,
            policy: self.policy.unwrap_or(Policy::Block),
            reason: check_reason(self.reason.as_deref())?,
            orchestrator: orchestrator(self.orchestrator.as_deref())?,
            metadata: metadata(&self.metadata)?,
        })
    }
}

impl AssignmentDraft {
    pub fn into_assignment(self, id: AssignmentId, agent_id: AgentId, now: Millis) -> Assignment {
        Assignment {
            id,
            agent_id,
            allow: self.allow,
            deny: self.deny,
            policy: self.policy,
            reason: self.reason,
            orchestrator: self.orchestrator,
            metadata: self.metadata,
            status: AssignmentStatus::Active,
            created_at: now,
            ended_at: None,
        }
    }
}

/// Extending an active assignment's allow-list (`agent update`), as asked for.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AssignmentUpdate {
    #[serde(default)]
    pub add_allow: Vec<String>,
    #[serde(default)]
    pub reason: Option<String>,
    #[serde(default)]
    pub orchestrator: Option<String>,
    #[serde(default)]
    pub metadata: Vec<String>,
    /// The assignment the caller saw; the update is stale if another is active by then.
    #[serde(default)]
    pub expect: Option<String>,
}

/// A validated allow-list extension; only [`AssignmentUpdate::validate`] makes one.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ValidUpdate {
    pub add_allow: Vec<Glob>,
    pub reason: String,
    pub orchestrator: Option<String>,
    pub metadata: Metadata,
    pub expect: Option<AssignmentId>,
}

impl AssignmentUpdate {
    pub fn validate(&self) -> Result<ValidUpdate, AssignmentError> {
        if self.add_allow.is_empty() {
            return Err(AssignmentError::MissingFlag { flag: "add_allow" });
        }
        let expect = match self.expect.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(AssignmentId::parse(text, "expect").map_err(|_| {
                AssignmentError::InvalidFlag {
                    flag: "expect",
                    value: text.to_owned(),
                    why: "is not an assignment id".into(),
                }
            })?),
        };
        Ok(ValidUpdate {
            add_allow: globs(&self.add_allow, "add_allow")?,
            reason: check_reason(self.reason.as_deref())?,
            orchestrator: orchestrator(self.orchestrator.as_deref())?,
            metadata: metadata(&self.metadata)?,
            expect,
        })
    }
}

/// What an update does to the active row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpdatePlan {
    /// Nothing would change: the active row is kept (`changed=false, reused=true`).
    Reused,
    /// Supersede the active row with these contents (lineage keys still to be added).
    Supersede(AssignmentDraft),
}

/// Merges an update into the active row. Re-running the same update changes nothing: the
/// allow-list already holds every glob, and the orchestrator and metadata already hold every
/// given value. The reason explains a change; alone it is not one.
pub fn plan_update(active: &Assignment, update: &ValidUpdate) -> UpdatePlan {
    let mut allow = active.allow.clone();
    for glob in &update.add_allow {
        if !allow.contains(glob) {
            allow.push(glob.clone());
        }
    }
    let orchestrator = update
        .orchestrator
        .clone()
        .or_else(|| active.orchestrator.clone());
    let mut metadata: Metadata = active
        .metadata
        .iter()
        .filter(|(key, _)| !RESERVED_METADATA_KEYS.contains(&key.as_str()))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    let inherited = metadata.clone();
    metadata.extend(update.metadata.clone());
    if allow == active.allow && orchestrator == active.orchestrator && metadata == inherited {
        return UpdatePlan::Reused;
    }
    UpdatePlan::Supersede(AssignmentDraft {
        allow,
        deny: active.deny.clone(),
        policy: active.policy,
        reason: update.reason.clone(),
        orchestrator,
        metadata,
    })
}

fn globs(values: &[String], flag: &'static str) -> Result<Vec<Glob>, AssignmentError> {
    if values.len() > GLOBS_MAX {
        return Err(AssignmentError::InvalidFlag {
            flag,
            value: format!("{} globs", values.len()),
            why: format!("at most {GLOBS_MAX} globs"),
        });
    }
    let mut kept: Vec<Glob> = Vec::new();
    for value in values {
        let glob = Glob::parse(value).map_err(|e: GlobError| AssignmentError::InvalidFlag {
            flag,
            value: value.clone(),
            why: e.to_string(),
        })?;
        if !kept.contains(&glob) {
            kept.push(glob);
        }
    }
    Ok(kept)
}

fn orchestrator(value: Option<&str>) -> Result<Option<String>, AssignmentError> {
    match value.map(str::trim) {
        None | Some("") => Ok(None),
        Some(text)
            if text.chars().any(char::is_control) || text.chars().count() > REASON_MAX_CHARS =>
        {
            Err(AssignmentError::InvalidFlag {
                flag: "orchestrator",
                value: text.to_owned(),
                why: format!("must be one line of at most {REASON_MAX_CHARS} characters"),
            })
        }
        Some(text) => Ok(Some(text.to_owned())),
    }
}

/// Parses `key=value` entries: keys are 1–64 of `a-z0-9_.-`, values one line; the lineage
/// keys are refused, so a caller cannot write a false chain.
fn metadata(entries: &[String]) -> Result<Metadata, AssignmentError> {
    let mut map = Metadata::new();
    for entry in entries {
        let invalid = |why| AssignmentError::InvalidMetadata {
            entry: entry.clone(),
            why,
        };
        let (key, value) = entry.split_once('=').ok_or(invalid("must be key=value"))?;
        let key = key.trim();
        let key_ok = (1..=METADATA_KEY_MAX_CHARS).contains(&key.len())
            && key.bytes().all(|b| {
                b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'_' | b'.' | b'-')
            });
        if !key_ok {
            return Err(invalid(
                "the key must be 1 to 64 of a-z, 0-9, '_', '.', '-'",
            ));
        }
        if RESERVED_METADATA_KEYS.contains(&key) {
            return Err(invalid("the key is reserved for the assignment's lineage"));
        }
        if value.chars().any(char::is_control) || value.chars().count() > REASON_MAX_CHARS {
            return Err(invalid(
                "the value must be one line of at most 500 characters",
            ));
        }
        if map
            .insert(key.to_owned(), value.trim().to_owned())
            .is_some()
        {
            return Err(invalid("the key is given twice"));
        }
    }
    Ok(map)
}

/// Words that mark a reason as carrying a credential.
const SECRET_MARKERS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "api_key",
    "api-key",
    "apikey",
    "token=",
    "bearer ",
    "private key",
    "-----begin",
];

/// Checks a reason before it is stored and shown: required, one line (no control character
/// that could forge log lines or terminal output), bounded, and free of anything that looks
/// like a credential (a reason is read by people and agents; a pasted key would leak).
pub fn check_reason(reason: Option<&str>) -> Result<String, AssignmentError> {
    let reason = reason.map(str::trim).unwrap_or_default();
    if reason.is_empty() {
        return Err(AssignmentError::MissingFlag { flag: "reason" });
    }
    if reason.chars().any(char::is_control) {
        return Err(AssignmentError::ReasonUnsafe {
            why: "it holds a line break or another control character",
        });
    }
    if reason.chars().count() > REASON_MAX_CHARS {
        return Err(AssignmentError::ReasonUnsafe {
            why: "it is longer than 500 characters",
        });
    }
    let lower = reason.to_lowercase();
    if SECRET_MARKERS.iter().any(|m| lower.contains(m))
        || reason.split_whitespace().any(looks_like_key)
    {
        return Err(AssignmentError::ReasonUnsafe {
            why: "it looks like it holds a credential",
        });
    }
    Ok(reason.to_owned())
}

/// A long unbroken run of key characters mixing letters and digits (`sk-…`, hex, base64).
fn looks_like_key(word: &str) -> bool {
    let word = word.trim_matches(|c: char| !c.is_alphanumeric());
    word.starts_with("sk-") && word.len() >= 20
        || word.len() >= 32
            && word
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-'))
            && word.chars().any(|c| c.is_ascii_digit())
            && word.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    fn active(allow: &[&str], metadata: &[(&str, &str)]) -> Assignment {
        NewAssignment {
            allow: allow.iter().map(|g| (*g).to_owned()).collect(),
            reason: Some("triage".into()),
            ..NewAssignment::default()
        }
        .validate()
        .map(|mut d| {
            d.metadata = metadata
                .iter()
                .map(|(k, v)| ((*k).into(), (*v).into()))
                .collect();
            d.into_assignment(
                AssignmentId::from_uuid(Uuid::from_u128(1)),
                AgentId::from_uuid(Uuid::from_u128(2)),
                Millis(1),
            )
        })
        .unwrap()
    }

    fn update(add: &[&str], metadata: &[&str]) -> ValidUpdate {
        AssignmentUpdate {
            add_allow: add.iter().map(|g| (*g).to_owned()).collect(),
            reason: Some("more".into()),
            metadata: metadata.iter().map(|m| (*m).to_owned()).collect(),
            ..AssignmentUpdate::default()
        }
        .validate()
        .unwrap()
    }

    #[test]
    fn an_update_merges_the_allow_list_and_keeps_the_rest() {
        let old = active(
            &["create_task"],
            &[("ticket", "7"), (SUPERSEDED_ASSIGNMENT_ID, "x")],
        );
        let UpdatePlan::Supersede(new) =
            plan_update(&old, &update(&["update_task:status", "create_task"], &[]))
        else {
            panic!("expected a supersede");
        };
        let allow: Vec<&str> = new.allow.iter().map(Glob::as_str).collect();
        assert_eq!(allow, ["create_task", "update_task:status"]);
        assert_eq!(new.reason, "more");
        assert_eq!(
            new.metadata,
            Metadata::from([("ticket".into(), "7".into())]),
            "the old row's own lineage is not inherited"
        );
    }

    #[test]
    fn the_same_update_again_changes_nothing_but_new_metadata_or_orchestrator_does() {
        let old = active(&["create_task", "update_task:status"], &[("ticket", "7")]);
        assert_eq!(
            plan_update(&old, &update(&["create_task"], &[])),
            UpdatePlan::Reused
        );
        assert_eq!(
            plan_update(&old, &update(&["create_task"], &["ticket=7"])),
            UpdatePlan::Reused
        );
        assert!(matches!(
            plan_update(&old, &update(&["create_task"], &["ticket=8"])),
            UpdatePlan::Supersede(_)
        ));
        let mut with_orchestrator = update(&["create_task"], &[]);
        with_orchestrator.orchestrator = Some("planner".into());
        assert!(matches!(
            plan_update(&old, &with_orchestrator),
            UpdatePlan::Supersede(_)
        ));
    }

    #[test]
    fn flags_are_checked_with_stable_codes() {
        let base = AssignmentUpdate {
            add_allow: vec!["create_task".into()],
            reason: Some("triage inbox".into()),
            ..AssignmentUpdate::default()
        };
        let code = |u: AssignmentUpdate| u.validate().unwrap_err().code();
        assert_eq!(
            code(AssignmentUpdate {
                add_allow: vec![],
                ..base.clone()
            }),
            ErrorCode::MissingFlag
        );
        assert_eq!(
            code(AssignmentUpdate {
                reason: None,
                ..base.clone()
            }),
            ErrorCode::MissingFlag
        );
        for blank in ["", "   ", "\t"] {
            assert_eq!(
                code(AssignmentUpdate {
                    add_allow: vec!["create_task".into(), blank.into()],
                    ..base.clone()
                }),
                ErrorCode::InvalidFlag,
                "{blank:?}"
            );
        }
        for entry in [
            "novalue",
            "=x",
            "Bad Key=x",
            "superseded_by=x",
            "superseded_assignment_id=y",
        ] {
            assert_eq!(
                code(AssignmentUpdate {
                    metadata: vec![entry.into()],
                    ..base.clone()
                }),
                ErrorCode::InvalidMetadata,
                "{entry}"
            );
        }
        assert_eq!(
            code(AssignmentUpdate {
                metadata: vec!["a=1".into(), "a=2".into()],
                ..base.clone()
            }),
            ErrorCode::InvalidMetadata
        );
        assert!(base.validate().is_ok());
    }

    #[test]
    fn unsafe_reasons_are_refused() {
        for reason in [
            "line one\nline two",
            "bell\u{7}",
            "\u{1b}[31mred",
            "use password hunter2",
            "key sk-abcdefghijklmnopqrstuvwx",
            "token 3f2a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a",
            "Authorization: Bearer abc",
            &"x".repeat(501),
        ] {
            assert_eq!(
                check_reason(Some(reason)).unwrap_err().code(),
                ErrorCode::ReasonUnsafe,
                "{reason:?}"
            );
        }
        assert_eq!(
            check_reason(Some("  ")).unwrap_err().code(),
            ErrorCode::MissingFlag
        );
        assert_eq!(
            check_reason(Some(" triage the inbox for ticket 1234 ")).unwrap(),
            "triage the inbox for ticket 1234"
        );
    }
}
