//! Seed 000 on the device: the tagging lifecycle (pending by default, stamped once with the
//! caller's origin, projected onto columns, reset by re-tag), the internal tagger's guards,
//! and the pending work queue.

use adiuva_app::{ItemRef, Tagger};
use adiuva_domain::{
    ItemKind, NewCheckpoint, NewNote, NewTask, Priority, TagInput, TagOrigin, TaggingStatus,
};
use serde_json::json;
use std::sync::{Arc, Mutex};

use crate::{
    Fixture,
    agents::{call, ok, trusted},
    fixture, fixture_with,
};

/// The internal tagger's seam, recording what it was asked to tag.
#[derive(Default)]
struct Queue(Mutex<Vec<ItemRef>>);

impl Tagger for Queue {
    fn enqueue(&self, item: ItemRef) {
        self.0.lock().unwrap().push(item);
    }
}

impl Queue {
    fn take(&self) -> Vec<ItemRef> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

fn with_tagger() -> (Fixture, Arc<Queue>) {
    let queue = Arc::new(Queue::default());
    let tagger = queue.clone();
    (fixture_with(|ws| ws.with_tagger(tagger)), queue)
}

fn task(fx: &Fixture, title: &str) -> ItemRef {
    let t = fx.task(NewTask {
        title: title.into(),
        ..NewTask::default()
    });
    ItemRef::new(ItemKind::Task, *t.id.as_uuid())
}

fn tags(list: &[&str]) -> adiuva_domain::TagWrite {
    TagInput {
        tags: list.iter().map(|t| (*t).to_owned()).collect(),
        ..TagInput::default()
    }
    .validate()
    .unwrap()
}

#[test]
fn new_items_start_pending_with_no_origin() {
    let fx = fixture();
    let project = fx.project("Garden");
    let t = task(&fx, "Plant");
    let note = fx
        .ws
        .create_note(
            NewNote {
                title: "Soil".into(),
                ..NewNote::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let checkpoint = fx
        .ws
        .create_checkpoint(
            NewCheckpoint {
                project_id: project.id.to_string(),
                title: "Harvest".into(),
                date: "2026-09-01".into(),
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    for item in [
        t,
        ItemRef::new(ItemKind::Note, *note.id.as_uuid()),
        ItemRef::new(ItemKind::Checkpoint, *checkpoint.id.as_uuid()),
    ] {
        let state = fx.ws.tagging(item).unwrap();
        assert_eq!(state.status, TaggingStatus::Pending, "{item:?}");
        assert_eq!(
            (state.tagged_by, state.tagged_by_agent, state.tagged_at),
            (None, None, None)
        );
    }
}

#[test]
fn the_internal_tagger_stamps_auto_and_its_tags_wait_for_review() {
    let (fx, queue) = with_tagger();
    let t = task(&fx, "Plant tomatoes");
    assert_eq!(
        queue.take(),
        [t],
        "a new item is handed to the internal tagger"
    );
    assert!(
        fx.ws
            .apply_auto_tags(t, &tags(&["label:garden", "priority:high"]))
            .unwrap()
    );
    let state = fx.ws.tagging(t).unwrap();
    assert_eq!(state.status, TaggingStatus::Tagged);
    assert_eq!(state.tagged_by, Some(TagOrigin::Auto));
    assert_eq!(
        state.tagged_at,
        Some(adiuva_domain::Millis(1_795_000_000_000))
    );
    assert!(state.review_pending, "auto-tags await a person");
    assert_eq!(
        fx.ws
            .get_task(adiuva_domain::TaskId::from_uuid(t.id))
            .unwrap()
            .priority,
        Priority::High
    );

    // A late answer for an item tagged meanwhile is dropped: the first origin stays.
    let other = task(&fx, "Water");
    fx.ws.set_tags(other, &tags(&["label:mine"])).unwrap();
    assert!(
        !fx.ws
            .apply_auto_tags(other, &tags(&["label:late"]))
            .unwrap()
    );
    let state = fx.ws.tagging(other).unwrap();
    assert_eq!(
        (state.tagged_by, state.tags.as_slice()),
        (Some(TagOrigin::Manual), &["label:mine".to_owned()][..])
    );
}

#[test]
fn the_capability_switch_and_auto_tag_false_leave_items_pending_and_queue_nothing() {
    let (fx, queue) = with_tagger();
    let agent = trusted(&fx, "ext");
    assert!(fx.ws.internal_tagging().unwrap(), "on by default");

    ok(
        &fx,
        &agent,
        "create_task",
        json!({"title": "opted out", "auto_tag": false}),
    );
    assert!(queue.take().is_empty(), "auto_tag=false queues nothing");
    ok(&fx, &agent, "create_task", json!({"title": "default"}));
    assert_eq!(queue.take().len(), 1);

    fx.ws.set_internal_tagging(false).unwrap();
    assert!(!fx.ws.internal_tagging().unwrap());
    let t = task(&fx, "an external agent owns tagging now");
    ok(&fx, &agent, "create_note", json!({"title": "so does this"}));
    fx.ws.retag(t).unwrap();
    assert!(
        queue.take().is_empty(),
        "nothing is queued for a tagger that will not run"
    );
    assert_eq!(fx.ws.tagging(t).unwrap().status, TaggingStatus::Pending);

    fx.ws.set_internal_tagging(true).unwrap();
    fx.ws.retag(t).unwrap();
    assert_eq!(queue.take(), [t], "re-tag is an enqueue site too");
}

#[test]
fn the_work_queue_lists_pending_items_only() {
    let fx = fixture();
    let agent = trusted(&fx, "tagger");
    let pending = task(&fx, "needs tags");
    let tagged = task(&fx, "has tags");
    fx.ws.set_tags(tagged, &tags(&["label:done"])).unwrap();
    let note = fx
        .ws
        .create_note(
            NewNote {
                title: "a note".into(),
                ..NewNote::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();

    let all: Vec<String> = fx
        .ws
        .pending_tagging(None, 50)
        .unwrap()
        .into_iter()
        .map(|i| i.id)
        .collect();
    assert_eq!(all, [pending.id.to_string(), note.id.to_string()]);
    let tasks = fx.ws.pending_tagging(Some(ItemKind::Task), 50).unwrap();
    assert_eq!(tasks.len(), 1);

    let listed = ok(&fx, &agent, "list_pending_tagging", json!({"kind": "task"}));
    assert_eq!(listed["count"], 1);
    assert_eq!(listed["items"][0]["id"], pending.id.to_string());
    assert_eq!(listed["items"][0]["title"], "needs tags");
}

#[test]
fn a_write_back_stamps_the_person_or_the_calling_agent() {
    let fx = fixture();
    let agent = trusted(&fx, "tagger");
    let by_hand = task(&fx, "by hand");
    let state = fx.ws.set_tags(by_hand, &tags(&["label:home"])).unwrap();
    assert_eq!(
        (state.status, state.tagged_by, state.tagged_by_agent),
        (TaggingStatus::Tagged, Some(TagOrigin::Manual), None)
    );
    assert!(!state.review_pending, "a person's tags need no review");

    let by_agent = task(&fx, "by agent");
    let done = ok(
        &fx,
        &agent,
        "submit_tags",
        json!({"kind": "task", "id": by_agent.id.to_string(), "tags": ["label:work"]}),
    );
    assert_eq!(done["tagging"]["tagged_by"], "agent");
    let state = fx.ws.tagging(by_agent).unwrap();
    assert_eq!(
        (state.tagged_by, state.tagged_by_agent),
        (Some(TagOrigin::Agent), Some(agent.id))
    );
    assert!(state.review_pending, "an agent's tags wait for review");
}

#[test]
fn the_origin_cannot_be_forged_through_arguments() {
    let fx = fixture();
    let agent = trusted(&fx, "tagger");
    let other = trusted(&fx, "someone-else");
    let t = task(&fx, "forged");
    let outcome = call(
        &fx,
        &agent,
        "submit_tags",
        json!({
            "kind": "task", "id": t.id.to_string(), "tags": ["label:x"],
            "tagged_by": "manual", "tagged_by_agent": other.id.to_string(), "tagging_status": "tagged"
        }),
    );
    assert!(!outcome.is_error, "{}", outcome.text);
    assert_eq!(
        outcome.structured["ignored_fields"],
        json!(["tagged_by", "tagged_by_agent", "tagging_status"])
    );
    let state = fx.ws.tagging(t).unwrap();
    assert_eq!(
        (state.tagged_by, state.tagged_by_agent),
        (Some(TagOrigin::Agent), Some(agent.id))
    );
    let entry = fx
        .ws
        .ledger_entry(outcome.ledger_id.as_deref().unwrap())
        .unwrap();
    let planned: serde_json::Value = serde_json::from_str(&entry.planned).unwrap();
    assert_eq!(
        planned["ignored_provenance"]["tagged_by"], "manual",
        "the attempt is recorded"
    );
}

#[test]
fn an_already_tagged_item_keeps_its_origin() {
    let fx = fixture();
    let agent = trusted(&fx, "tagger");
    let t = task(&fx, "tagged by hand first");
    let first = fx.ws.set_tags(t, &tags(&["label:a"])).unwrap();
    ok(
        &fx,
        &agent,
        "submit_tags",
        json!({"kind": "task", "id": t.id.to_string(), "tags": ["label:b"]}),
    );
    let state = fx.ws.tagging(t).unwrap();
    assert_eq!(state.tags, ["label:b"], "the tags are written");
    assert_eq!(
        (state.tagged_by, state.tagged_by_agent, state.tagged_at),
        (first.tagged_by, None, first.tagged_at)
    );
}

#[test]
fn tags_project_onto_columns_and_explicit_fields_win() {
    let fx = fixture();
    let agent = trusted(&fx, "tagger");
    let garden = fx.project("Garden");
    let orchard = fx.project("Orchard");
    let t = task(&fx, "Prune");
    ok(
        &fx,
        &agent,
        "submit_tags",
        json!({
            "kind": "task", "id": t.id.to_string(),
            "tags": ["label:outdoor", "label:weekend", "priority:low", "due:2026-12-01", format!("project:{}", garden.id)],
            "priority": "high", "project_id": orchard.id.to_string()
        }),
    );
    let stored = fx
        .ws
        .get_task(adiuva_domain::TaskId::from_uuid(t.id))
        .unwrap();
    assert_eq!(
        stored.priority,
        Priority::High,
        "explicit priority wins over the tag"
    );
    assert_eq!(
        stored.project_id,
        Some(orchard.id),
        "explicit project wins over the tag"
    );
    assert_eq!(
        stored.due_date.map(|d| d.to_string()).as_deref(),
        Some("2026-12-01")
    );
    assert_eq!(fx.ws.tagging(t).unwrap().labels, ["outdoor", "weekend"]);

    let note = fx
        .ws
        .create_note(
            NewNote {
                title: "n".into(),
                ..NewNote::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let n = ItemRef::new(ItemKind::Note, *note.id.as_uuid());
    fx.ws
        .set_tags(n, &tags(&["priority:high", "label:idea"]))
        .unwrap();
    let state = fx.ws.tagging(n).unwrap();
    assert_eq!(
        state.tags,
        ["priority:high", "label:idea"],
        "a tag without a column stays a tag"
    );
    assert_eq!(state.labels, ["idea"]);

    let bad = call(
        &fx,
        &agent,
        "submit_tags",
        json!({"kind": "task", "id": t.id.to_string(), "tags": ["colour:red"]}),
    );
    assert!(bad.is_error);
    assert_eq!(bad.structured["error"]["field"], "tags");
}

#[test]
fn retag_puts_an_item_back_in_the_queue() {
    let fx = fixture();
    let agent = trusted(&fx, "tagger");
    let t = task(&fx, "again");
    fx.ws.set_tags(t, &tags(&["label:a"])).unwrap();
    assert!(fx.ws.pending_tagging(None, 10).unwrap().is_empty());
    let done = ok(
        &fx,
        &agent,
        "retag",
        json!({"kind": "task", "id": t.id.to_string()}),
    );
    assert_eq!(done["tagging"]["status"], "pending");
    let state = fx.ws.tagging(t).unwrap();
    assert_eq!(
        (state.status, state.tagged_by, state.tagged_at),
        (TaggingStatus::Pending, None, None)
    );
    assert_eq!(
        state.tags,
        ["label:a"],
        "its tags stay until new ones are written"
    );
    assert_eq!(fx.ws.pending_tagging(None, 10).unwrap().len(), 1);
    // The next write-back stamps the new tagger.
    ok(
        &fx,
        &agent,
        "submit_tags",
        json!({"kind": "task", "id": t.id.to_string(), "tags": ["label:b"]}),
    );
    assert_eq!(fx.ws.tagging(t).unwrap().tagged_by, Some(TagOrigin::Agent));
}
