//! The agents page's logic: the shell's answers about agents, the assignment forms as typed
//! (checked by the domain's seed-002 rules, a refusal placed under its field), the ledger's
//! entries as lines a person reads, their filters, and what "Verify ledger" says.

use std::collections::BTreeSet;

use adiuva_domain::{
    Agent, AgentId, Assignment, AssignmentError, AssignmentUpdate, Decision, LedgerEntry,
    NewAssignment, Policy,
};
use serde::Deserialize;

/// An agent with its active assignment, as the shell lists them.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AgentSummary {
    pub agent: Agent,
    pub assignment: Option<Assignment>,
}

/// The answer of an extension: whether a new assignment superseded the active one.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct AssignmentUpdated {
    pub changed: bool,
    pub assignment: Assignment,
}

/// A verified ledger: how many entries, and the newest one's hash.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct LedgerReport {
    pub entries: u64,
    pub head: Option<String>,
}

/// Globs as typed: separated by commas, spaces or lines.
pub fn parse_globs(text: &str) -> Vec<String> {
    text.split(|c: char| c == ',' || c.is_whitespace())
        .filter(|g| !g.is_empty())
        .map(str::to_owned)
        .collect()
}

fn reason_of(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The form field a refused assignment request belongs under.
pub fn error_field(err: &AssignmentError) -> &'static str {
    match err {
        AssignmentError::MissingFlag { flag } | AssignmentError::InvalidFlag { flag, .. } => {
            match *flag {
                "allow" | "add_allow" => "allow",
                "deny" => "deny",
                _ => "reason",
            }
        }
        _ => "reason",
    }
}

/// What a refusal says on screen: the rule, and how to fix it.
pub fn error_message(err: &AssignmentError) -> String {
    match err {
        AssignmentError::MissingFlag { flag } if flag.contains("allow") => {
            "Add at least one glob, such as create_task or update_task:status.".to_owned()
        }
        AssignmentError::MissingFlag { .. } => {
            "Say why the agent gets this access (one line).".to_owned()
        }
        other => other.to_string(),
    }
}

/// The first assignment of an agent, as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AssignFields {
    pub allow: String,
    pub deny: String,
    pub policy: Policy,
    pub reason: String,
}

impl Default for AssignFields {
    fn default() -> Self {
        Self {
            allow: String::new(),
            deny: String::new(),
            policy: Policy::Block,
            reason: String::new(),
        }
    }
}

impl AssignFields {
    pub const FIELDS: &'static [&'static str] = &["allow", "deny", "reason"];

    /// The request, or the refusal the workspace would answer (checked by the same rules).
    pub fn to_input(&self) -> Result<NewAssignment, AssignmentError> {
        let input = NewAssignment {
            allow: parse_globs(&self.allow),
            deny: parse_globs(&self.deny),
            policy: Some(self.policy),
            reason: reason_of(&self.reason),
            orchestrator: None,
            metadata: Vec::new(),
        };
        input.validate()?;
        Ok(input)
    }
}

/// An extension of the active assignment, as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ExtendFields {
    pub add_allow: String,
    pub reason: String,
}

impl ExtendFields {
    pub const FIELDS: &'static [&'static str] = &["allow", "reason"];

    /// The update, expecting `active` to still be the active assignment (another window or
    /// the CLI changing it meanwhile makes the update stale instead of silently merging).
    pub fn to_update(&self, active: &Assignment) -> Result<AssignmentUpdate, AssignmentError> {
        let update = AssignmentUpdate {
            add_allow: parse_globs(&self.add_allow),
            reason: reason_of(&self.reason),
            orchestrator: None,
            metadata: Vec::new(),
            expect: Some(active.id.to_string()),
        };
        update.validate()?;
        Ok(update)
    }
}

/// The activity list's filters; `None` is "any".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ActivityFilter {
    pub agent: Option<AgentId>,
    pub decision: Option<Decision>,
    pub action: Option<String>,
}

impl ActivityFilter {
    /// Agent is asked of the workspace; decision and action narrow what it answered.
    pub fn keeps(&self, entry: &LedgerEntry) -> bool {
        self.decision.is_none_or(|d| entry.decision == d)
            && self.action.as_ref().is_none_or(|a| entry.action == *a)
    }
}

/// The actions present in `entries`, sorted, for the action filter's options.
pub fn actions(entries: &[LedgerEntry]) -> Vec<String> {
    entries
        .iter()
        .map(|e| e.action.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// An action as a person reads it: the tool's name, or the review decision.
pub fn action_label(action: &str) -> String {
    match action {
        "review.approve" => "approved".to_owned(),
        "review.edit_approve" => "edited and approved".to_owned(),
        "review.reject" => "rejected".to_owned(),
        "review.snooze" => "snoozed".to_owned(),
        "review.undo" => "undid a decision on".to_owned(),
        tool => tool.to_owned(),
    }
}

/// Who acted: "You" for a person's review decision, else the agent's name (or id).
pub fn actor_label(entry: &LedgerEntry, name_of: impl Fn(&str) -> Option<String>) -> String {
    if entry.action.starts_with("review.") {
        return "You".to_owned();
    }
    entry
        .agent_id
        .as_deref()
        .map(|id| name_of(id).unwrap_or_else(|| id.to_owned()))
        .unwrap_or_else(|| entry.actor.clone())
}

/// The decision and the rule that made it: "allow · allow:create_task".
pub fn decision_label(entry: &LedgerEntry) -> String {
    format!("{} · {}", entry.decision, entry.rule)
}

/// The outcome, with the error code when the call failed.
pub fn outcome_label(entry: &LedgerEntry) -> String {
    match &entry.error_code {
        Some(code) => format!("{} ({code})", entry.outcome),
        None => entry.outcome.to_string(),
    }
}

/// "Ledger verified: 5 entries, head 1a2b…"; an empty ledger verifies trivially.
pub fn verified_text(report: &LedgerReport) -> String {
    match &report.head {
        Some(head) => format!(
            "Ledger verified: {} {}, head {head}",
            report.entries,
            if report.entries == 1 {
                "entry"
            } else {
                "entries"
            }
        ),
        None => "Ledger verified: it is empty.".to_owned(),
    }
}

/// A ledger that does not verify, with what to do about it.
pub fn broken_text(message: &str) -> String {
    format!(
        "{message}. Entries from there on cannot be trusted; keep a copy of the database \
         and compare it with a backup."
    )
}

/// Globs shown as a list, or a dash when there are none.
pub fn globs_text(globs: &[adiuva_domain::Glob]) -> String {
    if globs.is_empty() {
        "—".to_owned()
    } else {
        globs
            .iter()
            .map(adiuva_domain::Glob::as_str)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use adiuva_domain::{AssignmentId, AssignmentStatus, Millis, Outcome};

    fn entry(action: &str, decision: Decision, agent: Option<&str>) -> LedgerEntry {
        LedgerEntry {
            seq: 1,
            id: "e1".into(),
            at: Millis(0),
            actor: "agent".into(),
            agent_id: agent.map(str::to_owned),
            assignment_id: None,
            action: action.into(),
            planned: "{}".into(),
            arguments: "{}".into(),
            arguments_hash: String::new(),
            decision,
            rule: "allow:create_task".into(),
            outcome: Outcome::Ok,
            error_code: None,
            result: None,
            result_hash: String::new(),
            affected: Vec::new(),
            idempotency_key: None,
            prev_hash: String::new(),
            hash: String::new(),
        }
    }

    #[test]
    fn globs_split_on_commas_spaces_and_lines() {
        assert_eq!(
            parse_globs("create_task, update_task:status\nnotes:project/1  "),
            ["create_task", "update_task:status", "notes:project/1"]
        );
        assert!(parse_globs(" , \n").is_empty());
    }

    #[test]
    fn an_assignment_needs_globs_and_a_reason_placed_under_their_fields() {
        let mut fields = AssignFields::default();
        let err = fields.to_input().unwrap_err();
        assert_eq!(error_field(&err), "reason");
        fields.reason = "triage inbox".into();
        fields.allow = "create_task".into();
        let input = fields.to_input().unwrap();
        assert_eq!(input.allow, ["create_task"]);
        assert_eq!(input.policy, Some(Policy::Block));
        fields.allow = "bad glob!".into();
        let err = fields.to_input().unwrap_err();
        assert_eq!(error_field(&err), "allow");
        fields.allow = "create_task".into();
        fields.reason = "token sk-abcdefghijklmnopqrstuvwxyz0123456789".into();
        let err = fields.to_input().unwrap_err();
        assert_eq!(err.code().as_str(), "reason_unsafe");
        assert_eq!(error_field(&err), "reason");
    }

    #[test]
    fn an_extension_expects_the_active_assignment_and_needs_a_glob() {
        let active = Assignment {
            id: AssignmentId::from_uuid(uuid::Uuid::nil()),
            agent_id: AgentId::from_uuid(uuid::Uuid::nil()),
            allow: Vec::new(),
            deny: Vec::new(),
            policy: Policy::Warn,
            reason: "r".into(),
            orchestrator: None,
            metadata: Default::default(),
            status: AssignmentStatus::Active,
            created_at: Millis(0),
            ended_at: None,
        };
        let mut fields = ExtendFields {
            add_allow: " ".into(),
            reason: "file notes".into(),
        };
        let err = fields.to_update(&active).unwrap_err();
        assert_eq!(error_field(&err), "allow");
        assert!(error_message(&err).contains("at least one glob"));
        fields.add_allow = "create_note".into();
        let update = fields.to_update(&active).unwrap();
        assert_eq!(update.expect, Some(active.id.to_string()));
        assert_eq!(update.add_allow, ["create_note"]);
    }

    #[test]
    fn activity_filters_by_decision_and_action() {
        let entries = [
            entry("create_task", Decision::Allow, Some("a")),
            entry("delete_task", Decision::Deny, Some("a")),
            entry("review.approve", Decision::Allow, Some("a")),
        ];
        let filter = ActivityFilter {
            decision: Some(Decision::Deny),
            ..ActivityFilter::default()
        };
        let kept: Vec<_> = entries.iter().filter(|e| filter.keeps(e)).collect();
        assert_eq!(kept.len(), 1);
        let filter = ActivityFilter {
            action: Some("review.approve".into()),
            ..ActivityFilter::default()
        };
        assert_eq!(entries.iter().filter(|e| filter.keeps(e)).count(), 1);
        assert_eq!(
            actions(&entries),
            ["create_task", "delete_task", "review.approve"]
        );
    }

    #[test]
    fn entries_read_as_who_did_what() {
        let call = entry("create_task", Decision::Allow, Some("a"));
        let named = |id: &str| (id == "a").then(|| "ext".to_owned());
        assert_eq!(actor_label(&call, named), "ext");
        assert_eq!(actor_label(&call, |_| None), "a");
        let review = entry("review.reject", Decision::Allow, Some("a"));
        assert_eq!(actor_label(&review, named), "You");
        assert_eq!(action_label(&review.action), "rejected");
        assert_eq!(action_label("create_task"), "create_task");
        assert_eq!(decision_label(&call), "allow · allow:create_task");
        let mut failed = call;
        failed.outcome = Outcome::Error;
        failed.error_code = Some("not_found".into());
        assert_eq!(outcome_label(&failed), "error (not_found)");
    }

    #[test]
    fn verify_says_ok_with_the_head_or_names_the_break() {
        let report = LedgerReport {
            entries: 3,
            head: Some("abc".into()),
        };
        assert_eq!(
            verified_text(&report),
            "Ledger verified: 3 entries, head abc"
        );
        let empty = LedgerReport {
            entries: 0,
            head: None,
        };
        assert!(verified_text(&empty).contains("empty"));
        assert!(broken_text("ledger entry x (#2) was changed").contains("#2"));
    }
}
