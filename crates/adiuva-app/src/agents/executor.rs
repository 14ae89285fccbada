//! The one door every tool call goes through, whatever its transport: authenticate the caller
//! (its id comes from the transport, never from the arguments) → replay a call already run
//! under the same idempotency key → find its active assignment → prepare the arguments
//! (provenance fields set aside) → decide → run → record in the ledger, all in one
//! `BEGIN IMMEDIATE` transaction: the ledger entry commits with what it records. Exactly one
//! entry per call (a replay is the same call delivered again, and writes nothing). Refusals
//! and failures are answers with `is_error`; only a broken database is an `Err`.

use adiuva_agent::{
    CallError, ToolCall, ToolDescription, ToolOutcome, canonical_json, describe_all,
    idempotency_key, mcp::Tools, prepare, redact, spec,
};
use adiuva_domain::{
    AgentId, Assignment, Decision, LedgerEntry, Millis, Outcome, Rule, Scopes, Verdict, decide,
};
use adiuva_store::{Connection, agents, assignments, ledger as stored_ledger};
use serde_json::{Map, Value, json};

use super::{
    ledger::{self, NewEntry, hash},
    tagging::ItemRef,
    tools::{self, Ctx, Done},
};
use crate::{AppError, Change, Entity, Workspace};

impl Workspace {
    /// Every tool, as MCP's `tools/list` shows it (names, schemas, annotations).
    pub fn tool_catalogue(&self) -> Vec<ToolDescription> {
        describe_all()
    }

    /// Runs one tool call for the authenticated agent `caller`.
    pub fn execute(&self, caller: AgentId, call: &ToolCall) -> Result<ToolOutcome, AppError> {
        let (outcome, after) = self.write(|tx| {
            let now = self.clock.now();
            let today = self.clock.today();
            Call::new(tx, caller, call, now).run(today)
        })?;
        if let Some(after) = after {
            self.announce_call(&after);
        }
        Ok(outcome)
    }

    /// Runs `f` with one write transaction for every call it makes through
    /// [`CallGroup::tools`], so calls that arrive together commit together: the commit is
    /// most of a small call's cost. Each call still decides, runs and records on its own (a
    /// failing one leaves nothing of itself behind); `Err` means the commit failed, and then
    /// none of the group's calls happened, whatever their answers said.
    pub fn call_group<T>(&self, f: impl FnOnce(&mut CallGroup<'_>) -> T) -> Result<T, AppError> {
        let (value, after) = self.write(|tx| {
            let mut group = CallGroup {
                conn: tx,
                workspace: self,
                after: Vec::new(),
            };
            let value = f(&mut group);
            Ok((value, group.after))
        })?;
        for after in &after {
            self.announce_call(after);
        }
        Ok(value)
    }

    fn announce_call(&self, after: &After) {
        for (entity, id, change) in &after.events {
            self.emit(*entity, id, *change);
        }
        self.emit(Entity::Ledger, &after.ledger_id, Change::Created);
        for item in &after.tag_later {
            self.ask_tagger(item.kind, item.id, true);
        }
    }
}

/// Tool calls sharing one write transaction (see [`Workspace::call_group`]).
pub struct CallGroup<'a> {
    conn: &'a Connection,
    workspace: &'a Workspace,
    after: Vec<After>,
}

impl<'a> CallGroup<'a> {
    /// The tools of an agent a transport already authenticated by id, for this group.
    pub fn tools(&mut self, caller: AgentId) -> GroupTools<'_, 'a> {
        GroupTools {
            group: self,
            caller,
        }
    }

    fn execute(&mut self, caller: AgentId, call: &ToolCall) -> Result<ToolOutcome, AppError> {
        let clock = &self.workspace.clock;
        self.conn.execute_batch("SAVEPOINT grouped_call")?;
        match Call::new(self.conn, caller, call, clock.now()).run(clock.today()) {
            Ok((outcome, after)) => {
                self.conn.execute_batch("RELEASE grouped_call")?;
                self.after.extend(after);
                Ok(outcome)
            }
            Err(err) => {
                self.conn
                    .execute_batch("ROLLBACK TO grouped_call; RELEASE grouped_call")?;
                Err(err)
            }
        }
    }
}

/// One agent's tools inside a [`CallGroup`].
pub struct GroupTools<'g, 'a> {
    group: &'g mut CallGroup<'a>,
    caller: AgentId,
}

impl Tools for GroupTools<'_, '_> {
    type Error = AppError;

    fn list(&mut self) -> Vec<ToolDescription> {
        describe_all()
    }

    fn call(&mut self, call: &ToolCall) -> Result<ToolOutcome, AppError> {
        self.group.execute(self.caller, call)
    }
}
/// What to announce once the call committed.
struct After {
    ledger_id: String,
    events: Vec<(Entity, String, Change)>,
    tag_later: Vec<ItemRef>,
}

/// One call on its way through the door.
struct Call<'a> {
    conn: &'a Connection,
    caller: AgentId,
    call: &'a ToolCall,
    now: Millis,
    arguments_hash: String,
    assignment: Option<Assignment>,
    planned: Map<String, Value>,
}

impl<'a> Call<'a> {
    fn new(conn: &'a Connection, caller: AgentId, call: &'a ToolCall, now: Millis) -> Self {
        Self {
            conn,
            caller,
            call,
            now,
            arguments_hash: hash(canonical_json(&call.arguments).as_bytes()),
            assignment: None,
            planned: Map::new(),
        }
    }

    fn run(mut self, today: chrono::NaiveDate) -> Result<(ToolOutcome, Option<After>), AppError> {
        let Some(agent) = agents::get(self.conn, self.caller)? else {
            return self.refuse(
                Rule::UnknownAgent,
                "unknown_agent",
                "this agent is not registered on the device",
            );
        };
        if agent.is_revoked() {
            return self.refuse(
                Rule::AgentRevoked,
                "agent_revoked",
                "this agent was revoked",
            );
        }
        let key = match idempotency_key(self.call.idempotency_key.as_deref()) {
            Ok(key) => key.map(str::to_owned),
            Err(err) => {
                return self.refuse(
                    Rule::InvalidArguments,
                    "invalid_arguments",
                    &err.to_string(),
                );
            }
        };
        if let Some(key) = &key {
            self.planned
                .insert("idempotency_key".into(), Value::from(key.as_str()));
            if let Some(entry) =
                stored_ledger::by_idempotency_key(self.conn, &self.caller.to_string(), key)?
            {
                if entry.action == self.call.name && entry.arguments_hash == self.arguments_hash {
                    return Ok((replay(&entry), None));
                }
                return self.refuse(
                    Rule::IdempotencyConflict,
                    "idempotency_conflict",
                    "this idempotency key was already used for a different call",
                );
            }
        }
        self.assignment = assignments::active(self.conn, self.caller)?;
        let Some(assignment) = self.assignment.clone() else {
            return self.refuse(
                Rule::NoActiveAssignment,
                "no_active_assignment",
                "this agent has no active assignment: the person must assign it first",
            );
        };
        let prepared = match prepare(&self.call.name, &self.call.arguments) {
            Ok(prepared) => prepared,
            Err(err @ CallError::UnknownTool(_)) => {
                return self.refuse(Rule::UnknownTool, "unknown_tool", &err.to_string());
            }
            Err(err) => {
                return self.refuse(
                    Rule::InvalidArguments,
                    "invalid_arguments",
                    &err.to_string(),
                );
            }
        };
        let read_only = spec(prepared.tool.name()).is_some_and(|s| s.annotations.read_only);
        let scopes = tools::scopes(self.conn, &prepared.tool)?;
        self.plan(&scopes, &prepared.ignored);
        let verdict = decide(Some(&assignment), &scopes, read_only);
        if !verdict.decision.runs() {
            let message = format!(
                "{} is not allowed for this agent ({}); the person can extend its assignment",
                self.call.name, verdict.rule
            );
            return self.refuse(verdict.rule, "denied", &message);
        }
        // A tool that fails leaves nothing behind; its ledger entry still commits.
        self.conn.execute_batch("SAVEPOINT tool_call")?;
        let ctx = Ctx {
            conn: self.conn,
            caller: self.caller,
            now: self.now,
            today,
            deny: &assignment.deny,
        };
        match tools::run(&ctx, prepared.tool) {
            Ok(done) => {
                self.conn.execute_batch("RELEASE tool_call")?;
                let outcome = answered(&done, &verdict, &prepared.ignored);
                self.record(verdict, Outcome::Ok, outcome, done, key)
            }
            Err(
                err @ (AppError::Storage(_) | AppError::DataDir { .. } | AppError::File { .. }),
            ) => Err(err),
            Err(err) => {
                self.conn
                    .execute_batch("ROLLBACK TO tool_call; RELEASE tool_call")?;
                let report = err.report();
                let outcome = ToolOutcome::error(
                    report.code.as_str(),
                    report.message,
                    report.field.as_deref(),
                );
                self.record(verdict, Outcome::Error, outcome, Done::default(), key)
            }
        }
    }

    fn plan(&mut self, scopes: &Scopes, ignored: &Map<String, Value>) {
        self.planned.insert("scopes".into(), json!(scopes));
        if !ignored.is_empty() {
            // The attempt to set provenance is kept (redacted), never applied.
            self.planned.insert(
                "ignored_provenance".into(),
                redact(&Value::Object(ignored.clone())),
            );
        }
    }

    /// Records a call refused before running, and answers it.
    fn refuse(
        self,
        rule: Rule,
        code: &str,
        message: &str,
    ) -> Result<(ToolOutcome, Option<After>), AppError> {
        let mut outcome = ToolOutcome::error(code, message, None);
        outcome.structured["error"]["rule"] = Value::from(rule.to_string());
        self.record(
            Verdict::deny(rule),
            Outcome::Denied,
            outcome,
            Done::default(),
            None,
        )
    }

    fn record(
        self,
        verdict: Verdict,
        result: Outcome,
        mut outcome: ToolOutcome,
        done: Done,
        key: Option<String>,
    ) -> Result<(ToolOutcome, Option<After>), AppError> {
        let answer = json!({
            "structured": outcome.structured,
            "text": outcome.text,
            "is_error": outcome.is_error,
        });
        let entry = ledger::append(
            self.conn,
            NewEntry {
                actor: format!("agent:{}", self.caller),
                agent_id: Some(self.caller),
                assignment_id: self.assignment.as_ref().map(|a| a.id),
                action: recorded_name(&self.call.name),
                planned: Value::Object(self.planned),
                arguments: redact(&self.call.arguments),
                arguments_hash: self.arguments_hash,
                decision: verdict.decision,
                rule: verdict.rule,
                outcome: result,
                error_code: outcome.error_code().map(str::to_owned),
                result_hash: hash(canonical_json(&answer).as_bytes()),
                result: key.is_some().then_some(answer),
                affected: done.affected,
                idempotency_key: key,
            },
            self.now,
        )?;
        outcome.ledger_id = Some(entry.id.clone());
        let after = After {
            ledger_id: entry.id,
            events: done.events,
            tag_later: done.tag_later,
        };
        Ok((outcome, Some(after)))
    }
}

/// The answer of a call that ran: the tool's content, with a warning when only the `warn`
/// policy let it through and the provenance fields that were ignored.
fn answered(done: &Done, verdict: &Verdict, ignored: &Map<String, Value>) -> ToolOutcome {
    let mut structured = match &done.structured {
        Value::Object(_) => done.structured.clone(),
        other => json!({ "result": other }),
    };
    let mut text = done.text.clone();
    if verdict.decision == Decision::Warn {
        structured["warning"] =
            Value::from("outside this agent's allow-list: allowed by its warn policy and recorded");
        text.push_str(" (outside the allow-list: allowed by the warn policy and recorded)");
    }
    if !ignored.is_empty() {
        let names: Vec<&String> = ignored.keys().collect();
        structured["ignored_fields"] = json!(names);
        text.push_str(&format!(
            " Ignored {}: who wrote is taken from your credentials.",
            names
                .iter()
                .map(|n| n.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    ToolOutcome::ok(structured, text)
}

/// The tool name as the ledger keeps it: a name that is no tool name is cut to the longest a
/// tool name can be, so a caller cannot grow the ledger through it.
fn recorded_name(name: &str) -> String {
    if adiuva_domain::is_tool_name(name) {
        name.to_owned()
    } else {
        let cut: String = name
            .chars()
            .take(adiuva_domain::access::TOOL_NAME_MAX_CHARS)
            .collect();
        format!("{cut:?}")
    }
}

/// The recorded answer of an earlier call with the same idempotency key.
fn replay(entry: &LedgerEntry) -> ToolOutcome {
    let answer: Value = entry
        .result
        .as_deref()
        .and_then(|r| serde_json::from_str(r).ok())
        .unwrap_or(Value::Null);
    ToolOutcome {
        structured: answer["structured"].clone(),
        text: answer["text"].as_str().unwrap_or_default().to_owned(),
        is_error: answer["is_error"].as_bool().unwrap_or(false),
        ledger_id: Some(entry.id.clone()),
        replayed: true,
    }
}
