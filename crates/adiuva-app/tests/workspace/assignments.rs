//! Seed 002 on the device: extending an agent's allow-list supersedes its assignment in one
//! transaction, idempotently, keeping the lineage; refusals carry stable codes and write
//! nothing.

use adiuva_app::AppError;
use adiuva_domain::{
    AssignmentError, AssignmentStatus, AssignmentUpdate, ErrorCode, Glob, Policy,
    assignment::{SUPERSEDED_ASSIGNMENT_ID, SUPERSEDED_BY},
};

use crate::{
    agents::{agent, assign},
    fixture,
};

fn update(add: &[&str], reason: &str, metadata: &[&str]) -> AssignmentUpdate {
    AssignmentUpdate {
        add_allow: add.iter().map(|g| (*g).to_owned()).collect(),
        reason: Some(reason.into()),
        metadata: metadata.iter().map(|m| (*m).to_owned()).collect(),
        ..AssignmentUpdate::default()
    }
}

fn globs(list: &[Glob]) -> Vec<&str> {
    list.iter().map(Glob::as_str).collect()
}

#[test]
fn update_supersedes_the_active_assignment_and_inserts_its_successor() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    let first = assign(&fx, &ext, &["create_task"], &["delete_*"], Policy::Block);
    fx.events.take();

    let updated = fx
        .ws
        .update_assignment(
            ext.id,
            &update(&["update_task:status"], "triage inbox", &["ticket=42"])
                .validate()
                .unwrap(),
        )
        .unwrap();
    assert!(updated.changed && !updated.reused);
    assert_eq!(updated.superseded_assignment_id, Some(first.id));
    let new = &updated.assignment;
    assert_eq!(globs(&new.allow), ["create_task", "update_task:status"]);
    assert_eq!(globs(&new.deny), ["delete_*"], "deny and policy carry over");
    assert_eq!(
        (new.policy, new.reason.as_str()),
        (Policy::Block, "triage inbox")
    );
    assert_eq!(new.metadata[SUPERSEDED_ASSIGNMENT_ID], first.id.to_string());
    assert_eq!(new.metadata["ticket"], "42");

    let shown = fx.ws.show_agent(ext.id).unwrap();
    assert_eq!(shown.active.as_ref(), Some(new));
    let old = &shown.history[0];
    assert_eq!(old.status, AssignmentStatus::Superseded);
    assert_eq!(old.metadata[SUPERSEDED_BY], new.id.to_string());
    assert!(old.ended_at.is_some());
    assert_eq!(
        globs(&old.allow),
        ["create_task"],
        "the old row's scope is untouched"
    );
    let events: Vec<(&str, String)> = shown
        .events
        .iter()
        .map(|e| (e.kind.as_str(), e.assignment_id.clone()))
        .collect();
    assert_eq!(
        events,
        [
            ("task.assigned", first.id.to_string()),
            ("assignment.superseded", first.id.to_string()),
            ("task.assigned", new.id.to_string()),
        ]
    );
    assert_eq!(shown.events[1].metadata[SUPERSEDED_BY], new.id.to_string());
    assert_eq!(
        shown.events[2].metadata[SUPERSEDED_ASSIGNMENT_ID],
        first.id.to_string()
    );
    assert_eq!(
        fx.events.take().len(),
        2,
        "the old row ended, the new one began"
    );
}

#[test]
fn the_same_update_again_changes_nothing() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    let same = update(&["update_task:status"], "triage", &["ticket=42"]);
    let first = fx
        .ws
        .update_assignment(ext.id, &same.validate().unwrap())
        .unwrap();
    fx.events.take();
    let before = crate::snapshot(fx.ws.database_path());

    for again in [
        same,
        update(
            &["create_task"],
            "a different reason alone is no change",
            &[],
        ),
        update(
            &["update_task:status", "create_task"],
            "triage",
            &["ticket=42"],
        ),
    ] {
        let rerun = fx
            .ws
            .update_assignment(ext.id, &again.validate().unwrap())
            .unwrap();
        assert!(!rerun.changed && rerun.reused, "{again:?}");
        assert_eq!(rerun.assignment, first.assignment);
        assert_eq!(rerun.superseded_assignment_id, None);
    }
    assert_eq!(
        crate::snapshot(fx.ws.database_path()),
        before,
        "no row, no event"
    );
    assert!(fx.events.take().is_empty());

    // A new metadata value or orchestrator is a change, even with no new glob.
    let metadata = fx
        .ws
        .update_assignment(
            ext.id,
            &update(&["create_task"], "triage", &["ticket=43"])
                .validate()
                .unwrap(),
        )
        .unwrap();
    assert!(metadata.changed);
    let mut with_orchestrator = update(&["create_task"], "triage", &[]);
    with_orchestrator.orchestrator = Some("planner".into());
    let orchestrated = fx
        .ws
        .update_assignment(ext.id, &with_orchestrator.validate().unwrap())
        .unwrap();
    assert!(orchestrated.changed);
    assert_eq!(
        orchestrated.assignment.orchestrator.as_deref(),
        Some("planner")
    );
}

#[test]
fn an_agent_without_an_active_assignment_cannot_be_updated() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    let err = fx.refused(|ws| {
        ws.update_assignment(
            ext.id,
            &update(&["create_task"], "x", &[]).validate().unwrap(),
        )
    });
    assert!(matches!(
        err,
        AppError::Assignment(AssignmentError::NoActiveAssignment { .. })
    ));
    assert_eq!(err.report().code, ErrorCode::NoActiveAssignment);

    assign(&fx, &ext, &[], &[], Policy::Block);
    fx.ws.revoke_agent(ext.id).unwrap();
    let err = fx.refused(|ws| {
        ws.update_assignment(
            ext.id,
            &update(&["create_task"], "x", &[]).validate().unwrap(),
        )
    });
    assert_eq!(
        err.code(),
        ErrorCode::Conflict,
        "a revoked agent is refused: {err}"
    );
}

#[test]
fn an_unsafe_reason_is_refused_before_anything_is_written() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    let before = crate::snapshot(fx.ws.database_path());
    for reason in ["two\nlines", "paste password=hunter2", "\u{1b}[2Jclear"] {
        let err = update(&["update_task:status"], reason, &[])
            .validate()
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::ReasonUnsafe, "{reason:?}");
    }
    assert_eq!(crate::snapshot(fx.ws.database_path()), before);
}

#[test]
fn lineage_links_every_link_of_the_chain_and_keeps_caller_metadata() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    let a = assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    let b = fx
        .ws
        .update_assignment(
            ext.id,
            &update(&["update_task:status"], "step two", &["intent=triage"])
                .validate()
                .unwrap(),
        )
        .unwrap()
        .assignment;
    let c = fx
        .ws
        .update_assignment(
            ext.id,
            &update(&["add_task_comment"], "step three", &[])
                .validate()
                .unwrap(),
        )
        .unwrap()
        .assignment;
    let history = fx.ws.show_agent(ext.id).unwrap().history;
    let ids: Vec<_> = history.iter().map(|x| x.id).collect();
    assert_eq!(ids, [a.id, b.id, c.id]);
    let (a, b, c) = (&history[0], &history[1], &history[2]);
    assert_eq!(a.metadata.get(SUPERSEDED_BY), Some(&b.id.to_string()));
    assert_eq!(
        b.metadata.get(SUPERSEDED_ASSIGNMENT_ID),
        Some(&a.id.to_string())
    );
    assert_eq!(b.metadata.get(SUPERSEDED_BY), Some(&c.id.to_string()));
    assert_eq!(
        c.metadata.get(SUPERSEDED_ASSIGNMENT_ID),
        Some(&b.id.to_string())
    );
    assert_eq!(c.metadata.get(SUPERSEDED_BY), None);
    assert_eq!(
        c.metadata["intent"], "triage",
        "caller metadata carries forward"
    );
    assert_eq!(
        globs(&c.allow),
        ["create_task", "update_task:status", "add_task_comment"]
    );
    assert_eq!(
        history.iter().map(|x| x.status).collect::<Vec<_>>(),
        [
            AssignmentStatus::Superseded,
            AssignmentStatus::Superseded,
            AssignmentStatus::Active
        ]
    );
}

#[test]
fn reserved_metadata_keys_are_refused() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    let before = crate::snapshot(fx.ws.database_path());
    for entry in [
        format!("{SUPERSEDED_BY}=forged"),
        format!("{SUPERSEDED_ASSIGNMENT_ID}=forged"),
    ] {
        let err = update(&["update_task:status"], "x", &[&entry])
            .validate()
            .unwrap_err();
        assert_eq!(err.code(), ErrorCode::InvalidMetadata, "{entry}");
    }
    assert_eq!(crate::snapshot(fx.ws.database_path()), before);
}

#[test]
fn an_update_based_on_a_superseded_assignment_is_stale_and_the_next_one_rotates() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    let seen = assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    // Someone else extends it first (out of band, for this caller).
    let theirs = fx
        .ws
        .update_assignment(
            ext.id,
            &update(&["list_tasks"], "theirs", &[]).validate().unwrap(),
        )
        .unwrap()
        .assignment;
    let mut mine = update(&["update_task:status"], "mine", &[]);
    mine.expect = Some(seen.id.to_string());
    let err = fx.refused(|ws| ws.update_assignment(ext.id, &mine.validate().unwrap()));
    assert_eq!(err.code(), ErrorCode::AssignmentStaleUpdate, "{err}");

    // Retrying on what is active now supersedes that row, not the one seen before.
    mine.expect = Some(theirs.id.to_string());
    let rotated = fx
        .ws
        .update_assignment(ext.id, &mine.validate().unwrap())
        .unwrap();
    assert_eq!(rotated.superseded_assignment_id, Some(theirs.id));
    assert_eq!(
        globs(&rotated.assignment.allow),
        ["create_task", "list_tasks", "update_task:status"]
    );
}

#[test]
fn blank_and_missing_flags_are_refused() {
    let fx = fixture();
    let ext = agent(&fx, "ext");
    assign(&fx, &ext, &["create_task"], &[], Policy::Block);
    for (input, code) in [
        (update(&["  "], "x", &[]), ErrorCode::InvalidFlag),
        (
            update(&["create_task", ""], "x", &[]),
            ErrorCode::InvalidFlag,
        ),
        (update(&["Bad Glob"], "x", &[]), ErrorCode::InvalidFlag),
        (update(&[], "x", &[]), ErrorCode::MissingFlag),
        (update(&["create_task"], " ", &[]), ErrorCode::MissingFlag),
        (
            update(&["create_task"], "x", &["novalue"]),
            ErrorCode::InvalidMetadata,
        ),
    ] {
        assert_eq!(input.validate().unwrap_err().code(), code, "{input:?}");
    }
    let blank_agent = fx.refused(|ws| ws.find_agent("  "));
    assert_eq!(blank_agent.code(), ErrorCode::MissingFlag);
}
