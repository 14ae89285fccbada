//! Workspace-wide search.

use adiuva_domain::{NewCheckpoint, NewComment, NewNote, NewTask, Reason, SearchKind};

use crate::{assert_invalid, fixture};

#[test]
fn one_query_finds_every_kind_of_item() {
    let fx = fixture();
    let project = fx.project("Marmalade factory");
    let task = fx.task(NewTask {
        title: "Order oranges".into(),
        description: Some("Seville marmalade oranges".into()),
        ..NewTask::default()
    });
    fx.ws
        .add_comment(
            NewComment {
                task_id: task.id.to_string(),
                content: "marmalade jars arrive Monday".into(),
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    fx.ws
        .create_checkpoint(
            NewCheckpoint {
                project_id: project.id.to_string(),
                title: "First marmalade batch".into(),
                date: "2026-12-01".into(),
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    let note = fx
        .ws
        .create_note(
            NewNote {
                title: "Recipe".into(),
                content: Some("Boil the marmalade for 20 minutes".into()),
                project_id: None,
            }
            .validate()
            .unwrap(),
        )
        .unwrap();

    let hits = fx.ws.search("marmal", 50).unwrap();
    let mut kinds: Vec<SearchKind> = hits.iter().map(|h| h.kind).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            SearchKind::Project,
            SearchKind::Task,
            SearchKind::Comment,
            SearchKind::Checkpoint,
            SearchKind::Note
        ]
    );
    let comment = hits.iter().find(|h| h.kind == SearchKind::Comment).unwrap();
    assert_eq!(
        comment.task_id.as_deref(),
        Some(task.id.to_string().as_str()),
        "a comment hit opens its task"
    );
    assert_eq!(comment.title, "Order oranges");
    let note_hit = hits.iter().find(|h| h.kind == SearchKind::Note).unwrap();
    assert_eq!(note_hit.id, note.id.to_string());
    assert!(
        note_hit.snippet.contains("[marmalade]"),
        "{}",
        note_hit.snippet
    );
    assert!(
        hits.windows(2).all(|w| w[0].rank <= w[1].rank),
        "best first"
    );

    assert_eq!(fx.ws.search("marmalade", 2).unwrap().len(), 2);
    assert!(fx.ws.search("* OR NEAR(", 10).unwrap().is_empty());
    assert_invalid(
        &fx.refused(|ws| ws.search("   ", 10)),
        "query",
        Reason::Empty,
    );
}
