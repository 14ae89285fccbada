//! Agents, their assignments and calls: helpers the agent tests share, and the registry.

use adiuva_agent::{ToolCall, ToolOutcome};
use adiuva_app::{AppError, Conflict};
use adiuva_domain::{Agent, AgentKind, Assignment, NewAgent, NewAssignment, Policy, ReviewFilter};
use serde_json::Value;
use std::path::Path;

use crate::{Fixture, fixture};

pub fn agent(fx: &Fixture, name: &str) -> Agent {
    fx.ws
        .add_agent(
            NewAgent {
                name: name.into(),
                kind: Some(AgentKind::External),
            }
            .validate()
            .unwrap(),
        )
        .unwrap()
}

pub fn assign(
    fx: &Fixture,
    agent: &Agent,
    allow: &[&str],
    deny: &[&str],
    policy: Policy,
) -> Assignment {
    fx.ws
        .assign(
            agent.id,
            NewAssignment {
                allow: allow.iter().map(|g| (*g).to_owned()).collect(),
                deny: deny.iter().map(|g| (*g).to_owned()).collect(),
                policy: Some(policy),
                reason: Some("triage the inbox".into()),
                ..NewAssignment::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap()
}

/// An agent allowed to write everything (`*`), for tests about what calls do.
pub fn trusted(fx: &Fixture, name: &str) -> Agent {
    let a = agent(fx, name);
    assign(fx, &a, &["*"], &[], Policy::Block);
    a
}

pub fn call(fx: &Fixture, agent: &Agent, name: &str, arguments: Value) -> ToolOutcome {
    fx.ws
        .execute(agent.id, &ToolCall::new(name, arguments))
        .expect("a call is answered, not failed")
}

/// A call that must succeed; its structured content.
#[track_caller]
pub fn ok(fx: &Fixture, agent: &Agent, name: &str, arguments: Value) -> Value {
    let outcome = call(fx, agent, name, arguments);
    assert!(!outcome.is_error, "{name} failed: {}", outcome.text);
    outcome.structured
}

pub fn ledger_len(fx: &Fixture) -> usize {
    fx.ws
        .ledger(&adiuva_app::LedgerQuery {
            limit: 100_000,
            ..Default::default()
        })
        .unwrap()
        .len()
}

/// Every row of every table but the ledger (what a refused call must leave as it was).
pub fn data(database: &Path) -> Vec<String> {
    crate::snapshot(database)
        .into_iter()
        .filter(|row| !row.starts_with("ledger:"))
        .collect()
}

pub fn queue(fx: &Fixture) -> Vec<adiuva_domain::ReviewItem> {
    fx.ws.review_queue(&ReviewFilter::default()).unwrap()
}

#[test]
fn agents_are_registered_found_by_name_or_id_and_revoked() {
    let fx = fixture();
    let ext = agent(&fx, "Claude");
    assert_eq!(fx.ws.find_agent("claude").unwrap().id, ext.id);
    assert_eq!(
        fx.ws.find_agent(&ext.id.to_string()).unwrap().name,
        "Claude"
    );
    assert!(matches!(
        fx.refused(|ws| ws.add_agent(
            NewAgent {
                name: "CLAUDE".into(),
                kind: None
            }
            .validate()
            .unwrap()
        )),
        AppError::Conflict(Conflict::AgentNameTaken)
    ));
    crate::assert_not_found(&fx.ws.find_agent("nobody").unwrap_err());

    let listed = fx.ws.list_agents().unwrap();
    assert_eq!(listed.len(), 1);
    assert!(
        listed[0].assignment.is_none(),
        "a new agent has no assignment"
    );

    let assignment = assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    let revoked = fx.ws.revoke_agent(ext.id).unwrap();
    assert!(revoked.is_revoked());
    let shown = fx.ws.show_agent(ext.id).unwrap();
    assert!(shown.active.is_none());
    assert_eq!(shown.history[0].id, assignment.id);
    assert_eq!(
        shown
            .events
            .iter()
            .map(|e| e.kind.as_str())
            .collect::<Vec<_>>(),
        ["task.assigned", "assignment.revoked"]
    );
    assert!(matches!(
        fx.refused(|ws| ws.assign(
            ext.id,
            NewAssignment {
                allow: vec!["*".into()],
                reason: Some("again".into()),
                ..NewAssignment::default()
            }
            .validate()
            .unwrap()
        )),
        AppError::Conflict(Conflict::AgentRevoked)
    ));
}

#[test]
fn a_second_assignment_is_refused_while_one_is_active() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    let err = fx.refused(|ws| {
        ws.assign(
            ext.id,
            NewAssignment {
                allow: vec!["*".into()],
                reason: Some("everything".into()),
                ..NewAssignment::default()
            }
            .validate()
            .unwrap(),
        )
    });
    assert!(
        matches!(err, AppError::Conflict(Conflict::AssignmentExists)),
        "{err:?}"
    );
}

#[test]
fn a_ledger_read_returns_at_least_one_entry_and_at_most_the_cap() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    for i in 0..3 {
        let done = call(
            &fx,
            &ext,
            "create_task",
            serde_json::json!({"title": format!("Box {i}")}),
        );
        assert!(!done.is_error, "{}", done.text);
    }
    let read = |limit| {
        fx.ws
            .ledger(&adiuva_app::LedgerQuery {
                limit,
                ..Default::default()
            })
            .unwrap()
            .len()
    };
    assert_eq!(read(0), 1, "a zero limit still reads one entry");
    assert_eq!(read(2), 2);
    assert!(ledger_len(&fx) >= 3);
    assert_eq!(
        read(u32::MAX),
        ledger_len(&fx),
        "a huge limit is the cap, not an error"
    );
}
