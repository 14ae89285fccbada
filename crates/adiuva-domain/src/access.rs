//! Who may do what: tool names, the globs of allow- and deny-lists, the scopes one call
//! touches, and the decision over them (allow, deny, or allow with a warning, and the rule
//! that decided). Pure: the executor gathers the scopes and drives the effects.
//!
//! The rules, in order:
//! 1. no active assignment: nothing at all is allowed (`no_active_assignment`);
//! 2. a deny glob matching any scope of the call denies it, whatever else matches (deny wins);
//! 3. a read-only tool is allowed by any active assignment (`read_only`): reads need no grant,
//!    so a new agent can look but not write until an allow glob grants it;
//! 4. a write is allowed when every action scope is matched by an allow glob, or when the
//!    call touches resources and every one of them is matched (`allow:<glob>`);
//! 5. otherwise a `warn` policy lets it through with a warning (`policy_warn`) and a `block`
//!    policy refuses it (`not_allowed`).

use serde::{Deserialize, Serialize};
use std::fmt;

use crate::{
    assignment::{Assignment, Policy},
    ids::ProjectId,
    text_enum::text_enum,
    validation::{Reason, ValidationError},
};

/// The longest tool name (MCP clients show them; `[a-z0-9_]{1,64}`).
pub const TOOL_NAME_MAX_CHARS: usize = 64;
/// The longest glob of an allow- or deny-list.
pub const GLOB_MAX_CHARS: usize = 200;

/// Whether `text` is a well-formed tool name: 1 to 64 of `a-z`, `0-9` and `_`.
pub fn is_tool_name(text: &str) -> bool {
    (1..=TOOL_NAME_MAX_CHARS).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Why a glob was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GlobError {
    #[error("is blank")]
    Blank,
    #[error("is longer than {GLOB_MAX_CHARS} characters")]
    TooLong,
    #[error("may hold only a-z, 0-9, '_', ':', '/', '-', '.' and '*'")]
    BadCharacter,
}

/// One entry of an allow- or deny-list: a tool (`create_task`), a field of a tool
/// (`update_task:status`), a resource (`notes:project/<id>`), or a pattern where `*` stands for
/// any run of characters (`*`, `update_task:*`, `*_task`). A glob without `:` also covers the
/// fields of what it names: `update_task` covers `update_task:status`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Glob(String);

impl Glob {
    pub fn parse(text: &str) -> Result<Self, GlobError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(GlobError::Blank);
        }
        if text.chars().count() > GLOB_MAX_CHARS {
            return Err(GlobError::TooLong);
        }
        let allowed = |c: char| {
            c.is_ascii_lowercase()
                || c.is_ascii_digit()
                || matches!(c, '_' | ':' | '/' | '-' | '.' | '*')
        };
        if !text.chars().all(allowed) {
            return Err(GlobError::BadCharacter);
        }
        Ok(Self(text.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this glob covers `scope`.
    pub fn matches(&self, scope: &str) -> bool {
        if wildcard(&self.0, scope) {
            return true;
        }
        !self.0.contains(':')
            && scope
                .split_once(':')
                .is_some_and(|(head, _)| wildcard(&self.0, head))
    }
}

impl fmt::Display for Glob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Glob> for String {
    fn from(glob: Glob) -> Self {
        glob.0
    }
}

impl TryFrom<String> for Glob {
    type Error = GlobError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text)
    }
}

/// `*` matches any run of characters (also none); everything else matches itself.
fn wildcard(pattern: &str, text: &str) -> bool {
    let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
    let (mut pi, mut ti) = (0, 0);
    // Where the last `*` was, and the text position it has swallowed up to.
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        if pi < p.len() && p[pi] == '*' {
            star = Some((pi, ti));
            pi += 1;
        } else if pi < p.len() && p[pi] == t[ti] {
            pi += 1;
            ti += 1;
        } else if let Some((sp, st)) = star {
            pi = sp + 1;
            ti = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    p[pi..].iter().all(|c| *c == '*')
}

/// A parsed tool name, `[a-z0-9_]{1,64}`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct ToolName(String);

impl ToolName {
    pub fn parse(text: &str, field: &'static str) -> Result<Self, ValidationError> {
        if is_tool_name(text) {
            Ok(Self(text.to_owned()))
        } else {
            Err(ValidationError::new(field, Reason::InvalidToolName))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ToolName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<ToolName> for String {
    fn from(name: ToolName) -> Self {
        name.0
    }
}

impl TryFrom<String> for ToolName {
    type Error = ValidationError;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        Self::parse(&text, "name")
    }
}

/// What one call touches, as the strings globs are matched against.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scopes {
    /// The tool (`create_task`), or one `tool:field` per field an update sets.
    pub actions: Vec<String>,
    /// The records' places: `tasks:project/<id>`, `notes:unfiled`, ...
    pub resources: Vec<String>,
}

impl Scopes {
    /// A call that is the tool as a whole.
    pub fn action(tool: &str) -> Self {
        Self {
            actions: vec![tool.to_owned()],
            resources: Vec::new(),
        }
    }

    /// An update: one action per field it sets (the tool alone when it sets none).
    pub fn fields(tool: &str, fields: &[&str]) -> Self {
        if fields.is_empty() {
            return Self::action(tool);
        }
        Self {
            actions: fields.iter().map(|f| format!("{tool}:{f}")).collect(),
            resources: Vec::new(),
        }
    }

    /// Adds the place of a record of `kind` (plural: `tasks`, `notes`, ...) in `project`.
    pub fn in_project(mut self, kind: &str, project: Option<ProjectId>) -> Self {
        let place = match project {
            Some(project) => format!("{kind}:project/{project}"),
            None => format!("{kind}:unfiled"),
        };
        if !self.resources.contains(&place) {
            self.resources.push(place);
        }
        self
    }

    fn all(&self) -> impl Iterator<Item = &String> {
        self.actions.iter().chain(&self.resources)
    }
}

text_enum!(
    /// What the executor decided about a call.
    Decision {
        Allow => "allow",
        Deny => "deny",
        /// Allowed, outside the allow-list, under a `warn` policy.
        Warn => "warn",
    }
);

impl Decision {
    pub const fn runs(self) -> bool {
        matches!(self, Self::Allow | Self::Warn)
    }
}

/// The rule that decided a call, written in the ledger as its text form.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "String")]
pub enum Rule {
    /// The caller is not an agent of this device.
    UnknownAgent,
    /// The caller's agent was revoked.
    AgentRevoked,
    NoActiveAssignment,
    UnknownTool,
    InvalidArguments,
    /// An idempotency key already used for another call.
    IdempotencyConflict,
    /// A deny glob matched.
    Denied(Glob),
    ReadOnly,
    /// An allow glob matched.
    Allowed(Glob),
    PolicyWarn,
    NotAllowed,
    /// A person decided (review decisions).
    Human,
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::UnknownAgent => f.write_str("unknown_agent"),
            Self::AgentRevoked => f.write_str("agent_revoked"),
            Self::NoActiveAssignment => f.write_str("no_active_assignment"),
            Self::UnknownTool => f.write_str("unknown_tool"),
            Self::InvalidArguments => f.write_str("invalid_arguments"),
            Self::IdempotencyConflict => f.write_str("idempotency_conflict"),
            Self::Denied(glob) => write!(f, "deny:{glob}"),
            Self::ReadOnly => f.write_str("read_only"),
            Self::Allowed(glob) => write!(f, "allow:{glob}"),
            Self::PolicyWarn => f.write_str("policy_warn"),
            Self::NotAllowed => f.write_str("not_allowed"),
            Self::Human => f.write_str("human"),
        }
    }
}

impl From<Rule> for String {
    fn from(rule: Rule) -> Self {
        rule.to_string()
    }
}

/// A decision and the rule behind it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub decision: Decision,
    pub rule: Rule,
}

impl Verdict {
    pub const fn deny(rule: Rule) -> Self {
        Self {
            decision: Decision::Deny,
            rule,
        }
    }
}

/// Decides a call with `scopes` under the caller's active assignment (see the module's rules).
pub fn decide(assignment: Option<&Assignment>, scopes: &Scopes, read_only: bool) -> Verdict {
    let Some(assignment) = assignment else {
        return Verdict::deny(Rule::NoActiveAssignment);
    };
    if let Some(glob) = assignment
        .deny
        .iter()
        .find(|glob| scopes.all().any(|scope| glob.matches(scope)))
    {
        return Verdict::deny(Rule::Denied(glob.clone()));
    }
    if read_only {
        return Verdict {
            decision: Decision::Allow,
            rule: Rule::ReadOnly,
        };
    }
    if let Some(glob) = covering(&assignment.allow, &scopes.actions)
        .or_else(|| covering(&assignment.allow, &scopes.resources))
    {
        return Verdict {
            decision: Decision::Allow,
            rule: Rule::Allowed(glob.clone()),
        };
    }
    match assignment.policy {
        Policy::Warn => Verdict {
            decision: Decision::Warn,
            rule: Rule::PolicyWarn,
        },
        Policy::Block => Verdict::deny(Rule::NotAllowed),
    }
}

/// The glob covering the first scope when every scope is covered; `None` for no scopes.
fn covering<'a>(allow: &'a [Glob], scopes: &[String]) -> Option<&'a Glob> {
    let mut first = None;
    for scope in scopes {
        let glob = allow.iter().find(|glob| glob.matches(scope))?;
        first.get_or_insert(glob);
    }
    first
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{
        assignment::AssignmentStatus,
        ids::{AgentId, AssignmentId},
        time::Millis,
    };
    use uuid::Uuid;

    fn glob(text: &str) -> Glob {
        Glob::parse(text).unwrap()
    }

    fn assignment(allow: &[&str], deny: &[&str], policy: Policy) -> Assignment {
        Assignment {
            id: AssignmentId::from_uuid(Uuid::nil()),
            agent_id: AgentId::from_uuid(Uuid::nil()),
            allow: allow.iter().map(|g| glob(g)).collect(),
            deny: deny.iter().map(|g| glob(g)).collect(),
            policy,
            reason: "test".into(),
            orchestrator: None,
            metadata: Default::default(),
            status: AssignmentStatus::Active,
            created_at: Millis(0),
            ended_at: None,
        }
    }

    #[test]
    fn tool_names_are_short_lowercase_words() {
        assert!(is_tool_name("create_task"));
        assert!(is_tool_name(&"a".repeat(64)));
        for bad in [
            "",
            "tasks.list",
            "Create",
            "create task",
            &"a".repeat(65),
            "é",
        ] {
            assert!(!is_tool_name(bad), "{bad:?}");
        }
    }

    #[test]
    fn globs_match_tools_fields_resources_and_wildcards() {
        let cases = [
            ("create_task", "create_task", true),
            ("create_task", "create_tasks", false),
            ("update_task", "update_task:status", true),
            ("update_task:status", "update_task:status", true),
            ("update_task:status", "update_task:title", false),
            ("update_task:*", "update_task:title", true),
            ("*", "notes:project/0193", true),
            ("*_task", "delete_task", true),
            ("*_task", "delete_task_comment", false),
            ("notes:project/*", "notes:project/0193", true),
            ("notes:project/*", "tasks:project/0193", false),
            ("notes", "notes:unfiled", true),
            ("a*b*c", "axxbyyc", true),
            ("a*b*c", "axxbyy", false),
        ];
        for (pattern, scope, expected) in cases {
            assert_eq!(
                glob(pattern).matches(scope),
                expected,
                "{pattern} vs {scope}"
            );
        }
    }

    #[test]
    fn blank_long_and_odd_globs_are_refused() {
        assert_eq!(Glob::parse("  "), Err(GlobError::Blank));
        assert_eq!(Glob::parse(&"a".repeat(201)), Err(GlobError::TooLong));
        assert_eq!(Glob::parse("create task"), Err(GlobError::BadCharacter));
        assert_eq!(Glob::parse("Create_Task"), Err(GlobError::BadCharacter));
        assert_eq!(glob(" create_task ").as_str(), "create_task");
    }

    #[test]
    fn decisions_follow_the_rules_in_order() {
        let create = Scopes::action("create_task").in_project("tasks", None);
        let status = Scopes::fields("update_task", &["status"]);
        let title = Scopes::fields("update_task", &["status", "title"]);
        let block = assignment(
            &["create_task", "update_task:status"],
            &["delete_*"],
            Policy::Block,
        );

        assert_eq!(decide(None, &create, false).rule, Rule::NoActiveAssignment);
        assert_eq!(
            decide(None, &Scopes::action("list_tasks"), true).decision,
            Decision::Deny
        );
        assert_eq!(
            decide(Some(&block), &create, false).rule,
            Rule::Allowed(glob("create_task"))
        );
        assert_eq!(
            decide(Some(&block), &status, false).decision,
            Decision::Allow
        );
        assert_eq!(decide(Some(&block), &title, false).rule, Rule::NotAllowed);
        assert_eq!(
            decide(Some(&block), &Scopes::action("delete_task"), false).rule,
            Rule::Denied(glob("delete_*"))
        );
        assert_eq!(
            decide(Some(&block), &Scopes::action("list_tasks"), true).rule,
            Rule::ReadOnly
        );

        let warn = assignment(&[], &["notes:*"], Policy::Warn);
        assert_eq!(decide(Some(&warn), &create, false).decision, Decision::Warn);
        let notes = Scopes::action("list_notes").in_project("notes", None);
        assert_eq!(
            decide(Some(&warn), &notes, true).rule,
            Rule::Denied(glob("notes:*")),
            "deny wins over read-only"
        );
        let everything = assignment(&["*"], &["update_task:title"], Policy::Block);
        assert_eq!(
            decide(Some(&everything), &title, false).decision,
            Decision::Deny
        );
    }

    #[test]
    fn a_resource_grant_covers_every_action_on_its_records() {
        let project = ProjectId::from_uuid(Uuid::from_u128(7));
        let other = ProjectId::from_uuid(Uuid::from_u128(8));
        let grant = assignment(&[&format!("notes:project/{project}")], &[], Policy::Block);
        let here = Scopes::action("create_note").in_project("notes", Some(project));
        let there = Scopes::action("create_note").in_project("notes", Some(other));
        let moving = Scopes::fields("update_note", &["project_id"])
            .in_project("notes", Some(project))
            .in_project("notes", Some(other));
        assert_eq!(decide(Some(&grant), &here, false).decision, Decision::Allow);
        assert_eq!(decide(Some(&grant), &there, false).decision, Decision::Deny);
        assert_eq!(
            decide(Some(&grant), &moving, false).decision,
            Decision::Deny,
            "moving out needs the destination too"
        );
        assert_eq!(
            decide(Some(&grant), &Scopes::action("create_project"), false).decision,
            Decision::Deny
        );
    }

    #[test]
    fn rules_read_as_their_ledger_text() {
        assert_eq!(
            Rule::Allowed(glob("create_task")).to_string(),
            "allow:create_task"
        );
        assert_eq!(Rule::Denied(glob("notes:*")).to_string(), "deny:notes:*");
        assert_eq!(Rule::NoActiveAssignment.to_string(), "no_active_assignment");
    }
}
