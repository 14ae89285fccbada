//! The review queue: what agents propose waits there, out of the work views, until a person
//! approves, edits, rejects or snoozes it; every decision is in the ledger and can be undone.

use adiuva_app::{AppError, Conflict, Edit, ItemRef};
use adiuva_domain::{
    ItemKind, Priority, ReviewChange, ReviewFilter, TaskFilter, TaskId, TaskPatch,
};
use serde_json::json;
use uuid::Uuid;

use crate::{
    Fixture,
    agents::{ok, queue, trusted},
    fixture,
};

fn suggest(fx: &Fixture, agent: &adiuva_domain::Agent, title: &str) -> ItemRef {
    let done = ok(
        fx,
        agent,
        "create_task",
        json!({"title": title, "rationale": format!("because {title}")}),
    );
    ItemRef::new(
        ItemKind::Task,
        Uuid::parse_str(done["task"]["id"].as_str().unwrap()).unwrap(),
    )
}

fn board(fx: &Fixture) -> Vec<String> {
    let mut titles: Vec<String> = fx
        .ws
        .list_tasks(&TaskFilter::default().validate().unwrap())
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect();
    titles.sort();
    titles
}

#[test]
fn three_suggestions_two_approved_one_rejected_then_undone() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    let a = suggest(&fx, &ext, "one");
    let b = suggest(&fx, &ext, "two");
    let c = suggest(&fx, &ext, "three");
    assert_eq!(fx.ws.review_count().unwrap(), 3);
    assert!(board(&fx).is_empty());

    let approved = fx.ws.approve(&[a, b]).unwrap();
    assert_eq!(approved.ledger_ids.len(), 2);
    let rejected = fx.ws.reject(&[c]).unwrap();
    assert_eq!(fx.ws.review_count().unwrap(), 0);
    assert_eq!(
        board(&fx),
        ["one", "two"],
        "work views show the approved two"
    );
    let kept = fx.ws.get_task(TaskId::from_uuid(c.id)).unwrap();
    assert!(
        !kept.is_approved,
        "the rejected one is kept, not shown as work"
    );

    let decisions: Vec<(String, String, String)> = fx
        .ws
        .ledger(&adiuva_app::LedgerQuery {
            limit: 3,
            ..Default::default()
        })
        .unwrap()
        .into_iter()
        .map(|e| (e.action, e.rule, e.actor))
        .collect();
    assert_eq!(
        decisions,
        [
            ("review.reject".into(), "human".into(), "user".into()),
            ("review.approve".into(), "human".into(), "user".into()),
            ("review.approve".into(), "human".into(), "user".into()),
        ]
    );
    assert_eq!(
        fx.ws
            .ledger_entry(&rejected.ledger_ids[0])
            .unwrap()
            .agent_id,
        Some(ext.id.to_string())
    );

    assert_eq!(
        fx.ws.undo_review().unwrap(),
        [c],
        "undo takes back the last decision"
    );
    assert_eq!(fx.ws.review_count().unwrap(), 1);
    let mut undone = fx.ws.undo_review().unwrap();
    undone.sort_by_key(|i| i.id);
    assert_eq!(undone, [a, b], "a bulk decision is undone as one");
    assert_eq!(fx.ws.review_count().unwrap(), 3);
    assert!(board(&fx).is_empty());
    assert!(
        fx.ws.undo_review().unwrap().is_empty(),
        "nothing left to undo"
    );
    assert!(fx.ws.verify_ledger().is_ok());
}

#[test]
fn the_queue_filters_by_kind_agent_and_project_and_snoozed_items_wait() {
    let fx = fixture();
    let one = trusted(&fx, "one");
    let two = trusted(&fx, "two");
    let garden = fx.project("Garden");
    suggest(&fx, &one, "task of one");
    ok(
        &fx,
        &two,
        "create_note",
        json!({"title": "note of two", "project_id": garden.id.to_string()}),
    );
    ok(
        &fx,
        &two,
        "create_checkpoint",
        json!({"title": "milestone", "project_id": garden.id.to_string(), "date": "2026-12-01"}),
    );
    let of = |filter: ReviewFilter| -> Vec<String> {
        fx.ws
            .review_queue(&filter)
            .unwrap()
            .into_iter()
            .map(|i| i.title)
            .collect()
    };
    assert_eq!(of(ReviewFilter::default()).len(), 3);
    assert_eq!(
        of(ReviewFilter {
            kind: Some(ItemKind::Note),
            ..ReviewFilter::default()
        }),
        ["note of two"]
    );
    assert_eq!(
        of(ReviewFilter {
            agent_id: Some(one.id),
            ..ReviewFilter::default()
        }),
        ["task of one"]
    );
    assert_eq!(
        of(ReviewFilter {
            project_id: Some(garden.id),
            ..ReviewFilter::default()
        }),
        ["note of two", "milestone"]
    );
    let item = &queue(&fx)[0];
    assert_eq!(item.change, ReviewChange::Created);
    assert!(
        item.fields
            .iter()
            .any(|f| f.field == "title" && f.proposed.as_deref() == Some("task of one"))
    );

    let first = ItemRef::new(item.kind, Uuid::parse_str(&item.id).unwrap());
    fx.ws
        .snooze(&[first], std::time::Duration::from_secs(3600))
        .unwrap();
    assert_eq!(
        fx.ws.review_count().unwrap(),
        2,
        "snoozed items leave the badge"
    );
    assert_eq!(
        of(ReviewFilter {
            include_snoozed: true,
            ..ReviewFilter::default()
        })
        .len(),
        3
    );
}

#[test]
fn a_suggestion_can_be_edited_then_approved() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    let item = suggest(&fx, &ext, "draft");
    let edit = TaskPatch {
        title: Some("Final".into()),
        priority: Some(Priority::High),
        ..TaskPatch::default()
    };
    fx.ws
        .edit_and_approve(item, Edit::Task(edit.validate().unwrap()))
        .unwrap();
    assert_eq!(board(&fx), ["Final"]);
    let task = fx.ws.get_task(TaskId::from_uuid(item.id)).unwrap();
    assert_eq!(
        (task.priority, task.is_ai_suggested, task.is_approved),
        (Priority::High, true, true)
    );
    fx.ws.undo_review().unwrap();
    assert_eq!(
        fx.ws.get_task(TaskId::from_uuid(item.id)).unwrap().title,
        "draft",
        "undo restores the proposal"
    );
}

#[test]
fn rejected_tags_put_the_columns_back_and_approved_tags_stay() {
    let fx = fixture();
    let ext = trusted(&fx, "tagger");
    let task = fx.task(adiuva_domain::NewTask {
        title: "t".into(),
        ..Default::default()
    });
    let item = ItemRef::new(ItemKind::Task, *task.id.as_uuid());
    ok(
        &fx,
        &ext,
        "submit_tags",
        json!({"kind": "task", "id": item.id.to_string(), "tags": ["priority:high", "label:x"]}),
    );
    let waiting = queue(&fx);
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].change, ReviewChange::Tags);
    assert!(waiting[0].fields.iter().any(|f| f.field == "priority"
        && f.before.as_deref() == Some("medium")
        && f.proposed.as_deref() == Some("high")));
    assert_eq!(
        board(&fx),
        ["t"],
        "a tagged item stays work while its tags are reviewed"
    );

    fx.ws.reject(&[item]).unwrap();
    let back = fx.ws.get_task(task.id).unwrap();
    assert_eq!(
        back.priority,
        Priority::Medium,
        "the tag's projection is taken back"
    );
    let tagging = fx.ws.tagging(item).unwrap();
    assert_eq!(
        tagging.status,
        adiuva_domain::TaggingStatus::Pending,
        "it waits for tags again"
    );
    assert!(tagging.labels.is_empty() && !tagging.review_pending);

    ok(
        &fx,
        &ext,
        "submit_tags",
        json!({"kind": "task", "id": item.id.to_string(), "tags": ["priority:low"]}),
    );
    fx.ws.approve(&[item]).unwrap();
    assert_eq!(fx.ws.get_task(task.id).unwrap().priority, Priority::Low);
    assert!(!fx.ws.tagging(item).unwrap().review_pending);
}

#[test]
fn only_what_waits_can_be_decided_and_a_refused_batch_decides_nothing() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    let waiting = suggest(&fx, &ext, "waiting");
    let work = fx.task(adiuva_domain::NewTask {
        title: "work".into(),
        ..Default::default()
    });
    let not_waiting = ItemRef::new(ItemKind::Task, *work.id.as_uuid());
    let err = fx.refused(|ws| ws.approve(&[waiting, not_waiting]));
    assert!(
        matches!(err, AppError::Conflict(Conflict::NotInReview)),
        "{err:?}"
    );
    let missing = ItemRef::new(ItemKind::Note, Uuid::now_v7());
    crate::assert_not_found(&fx.refused(|ws| ws.reject(&[missing])));
    assert_eq!(fx.ws.review_count().unwrap(), 1);
}

#[test]
fn undo_puts_back_only_what_the_decision_changed() {
    let fx = fixture();
    let ext = trusted(&fx, "ext");
    let item = suggest(&fx, &ext, "draft");
    fx.ws.approve(&[item]).unwrap();
    let id = TaskId::from_uuid(item.id);
    fx.ws
        .update_task(
            id,
            TaskPatch {
                title: Some("edited after approval".into()),
                ..TaskPatch::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    fx.ws.undo_review().unwrap();
    let task = fx.ws.get_task(id).unwrap();
    assert!(!task.is_approved, "the approval is undone");
    assert_eq!(
        task.title, "edited after approval",
        "the later edit is kept"
    );
}
