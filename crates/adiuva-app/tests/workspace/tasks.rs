//! Task use cases: create, bulk create, edit, move, delete, filtered lists, due dates.

use adiuva_app::{AppError, Change, Conflict, Entity};
use adiuva_domain::{
    NewComment, NewTask, Priority, Reason, TaskChanges, TaskFilter, TaskId, TaskOrder, TaskPatch,
    TaskStatus,
    limits::{DESCRIPTION_MAX_CHARS, TITLE_MAX_CHARS},
};
use chrono::Days;

use crate::{assert_invalid, assert_not_found, fixture, today};

const GHOST: &str = "01936f4e-8c1a-7b2c-9d3e-0123456789ab";

fn titles(tasks: &[adiuva_domain::Task]) -> Vec<&str> {
    tasks.iter().map(|t| t.title.as_str()).collect()
}

fn list(fx: &crate::Fixture, filter: TaskFilter) -> Vec<adiuva_domain::Task> {
    fx.ws.list_tasks(&filter.validate().unwrap()).unwrap()
}

#[test]
fn a_task_round_trips_every_field() {
    let fx = fixture();
    let project = fx.project("Garden");
    let task = fx.task(NewTask {
        title: "Plant tomatoes".into(),
        description: Some("Six **heirloom** plants".into()),
        status: Some(TaskStatus::InProgress),
        priority: Some(Priority::High),
        assignees: vec!["Ana".into(), "Bo".into()],
        due_date: Some("2026-12-24".into()),
        project_id: Some(project.id.to_string()),
    });
    assert_eq!(fx.ws.get_task(task.id).unwrap(), task);
    assert_eq!(task.assignees, ["Ana", "Bo"]);
    assert!(task.is_approved && !task.is_ai_suggested);
    let events = fx.events.take();
    assert_eq!(
        events.last().map(|e| (e.entity, e.change)),
        Some((Entity::Task, Change::Created))
    );
}

#[test]
fn invalid_fields_are_refused_with_their_name() {
    let fx = fixture();
    let archived = fx.project("Old");
    fx.archive(&archived);
    let cases: Vec<(NewTask, &str, Reason)> = vec![
        (
            NewTask {
                title: "".into(),
                ..NewTask::default()
            },
            "title",
            Reason::Empty,
        ),
        (
            NewTask {
                title: "a\u{7}b".into(),
                ..NewTask::default()
            },
            "title",
            Reason::NotSingleLine,
        ),
        (
            NewTask {
                title: "t".repeat(TITLE_MAX_CHARS + 1),
                ..NewTask::default()
            },
            "title",
            Reason::TooLong {
                max: TITLE_MAX_CHARS,
            },
        ),
        (
            NewTask {
                title: "t".into(),
                description: Some("d".repeat(DESCRIPTION_MAX_CHARS + 1)),
                ..NewTask::default()
            },
            "description",
            Reason::TooLong {
                max: DESCRIPTION_MAX_CHARS,
            },
        ),
        (
            NewTask {
                title: "t".into(),
                due_date: Some("2026-02-29".into()),
                ..NewTask::default()
            },
            "due_date",
            Reason::InvalidDate,
        ),
        (
            NewTask {
                title: "t".into(),
                due_date: Some("next week".into()),
                ..NewTask::default()
            },
            "due_date",
            Reason::InvalidDate,
        ),
        (
            NewTask {
                title: "t".into(),
                project_id: Some("p1".into()),
                ..NewTask::default()
            },
            "project_id",
            Reason::InvalidId,
        ),
        (
            NewTask {
                title: "t".into(),
                project_id: Some(GHOST.into()),
                ..NewTask::default()
            },
            "project_id",
            Reason::UnknownReference,
        ),
    ];
    for (input, field, reason) in cases {
        let err = fx.refused(|ws| ws.create_task(input.validate()?));
        assert_invalid(&err, field, reason);
    }
    let err = fx.refused(|ws| {
        ws.create_task(
            NewTask {
                title: "t".into(),
                project_id: Some(archived.id.to_string()),
                ..NewTask::default()
            }
            .validate()?,
        )
    });
    assert!(
        matches!(err, AppError::Conflict(Conflict::ProjectArchived)),
        "{err:?}"
    );
}

#[test]
fn edits_report_and_persist_only_real_changes() {
    let fx = fixture();
    let a = fx.project("A");
    let b = fx.project("B");
    let task = fx.task(NewTask {
        title: "Write".into(),
        project_id: Some(a.id.to_string()),
        due_date: Some("2026-11-30".into()),
        ..NewTask::default()
    });
    fx.events.take();

    let patch: TaskPatch = serde_json::from_value(serde_json::json!({
        "title": "Write the report", "priority": "low", "due_date": null, "project_id": b.id.to_string(),
        "assignees": ["Cy"]
    }))
    .unwrap();
    let edited = fx
        .ws
        .update_task(task.id, patch.validate().unwrap())
        .unwrap();
    assert_eq!(edited.title, "Write the report");
    assert_eq!(
        (edited.priority, edited.due_date, edited.project_id),
        (Priority::Low, None, Some(b.id))
    );
    assert_eq!(edited.assignees, ["Cy"]);
    assert_eq!(fx.ws.get_task(task.id).unwrap(), edited);
    assert_eq!(fx.events.take().len(), 1);

    let err = fx.refused(|ws| {
        ws.update_task(
            task.id,
            TaskPatch {
                title: Some("\n".into()),
                ..TaskPatch::default()
            }
            .validate()?,
        )
    });
    assert_invalid(&err, "title", Reason::Empty);
    let err = fx.refused(|ws| {
        ws.update_task(
            task.id,
            TaskPatch {
                project_id: Some(Some(GHOST.into())),
                ..TaskPatch::default()
            }
            .validate()?,
        )
    });
    assert_invalid(&err, "project_id", Reason::UnknownReference);
    let ghost = TaskId::parse(GHOST, "id").unwrap();
    assert_not_found(
        &fx.refused(|ws| ws.update_task(ghost, TaskChanges::status(TaskStatus::Done))),
    );
    assert_not_found(&fx.refused(|ws| ws.move_task(ghost, TaskStatus::Done)));
}

#[test]
fn moving_across_the_board_and_deleting() {
    let fx = fixture();
    let task = fx.task(NewTask {
        title: "Ship".into(),
        ..NewTask::default()
    });
    for status in [TaskStatus::InProgress, TaskStatus::Done, TaskStatus::Todo] {
        assert_eq!(fx.ws.move_task(task.id, status).unwrap().status, status);
        assert_eq!(fx.ws.get_task(task.id).unwrap().status, status);
    }
    fx.ws
        .add_comment(
            NewComment {
                task_id: task.id.to_string(),
                content: "shipped?".into(),
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    fx.ws.delete_task(task.id).unwrap();
    assert_not_found(&fx.ws.get_task(task.id).unwrap_err());
    assert_not_found(&fx.ws.list_comments(task.id).unwrap_err());
    assert!(
        fx.ws.search("shipped", 5).unwrap().is_empty(),
        "the comment left the index with its task"
    );
    assert_not_found(&fx.refused(|ws| ws.delete_task(task.id)));
}

#[test]
fn lists_filter_by_project_status_priority_and_words() {
    let fx = fixture();
    let garden = fx.project("Garden");
    let house = fx.project("House");
    let g = Some(garden.id.to_string());
    let t1 = fx.task(NewTask {
        title: "Plant tomatoes".into(),
        priority: Some(Priority::High),
        project_id: g.clone(),
        ..NewTask::default()
    });
    fx.task(NewTask {
        title: "Water beans".into(),
        description: Some("every morning".into()),
        project_id: g,
        ..NewTask::default()
    });
    let t3 = fx.task(NewTask {
        title: "Fix roof".into(),
        priority: Some(Priority::Low),
        status: Some(TaskStatus::Done),
        project_id: Some(house.id.to_string()),
        ..NewTask::default()
    });
    fx.ws
        .add_comment(
            NewComment {
                task_id: t3.id.to_string(),
                content: "Call the roofer about slate".into(),
            }
            .validate()
            .unwrap(),
        )
        .unwrap();

    assert_eq!(
        titles(&list(&fx, TaskFilter::default())),
        ["Plant tomatoes", "Water beans", "Fix roof"]
    );
    assert_eq!(
        titles(&list(
            &fx,
            TaskFilter {
                project_id: Some(garden.id.to_string()),
                ..TaskFilter::default()
            }
        )),
        ["Plant tomatoes", "Water beans"]
    );
    assert_eq!(
        titles(&list(
            &fx,
            TaskFilter {
                status: Some(TaskStatus::Done),
                ..TaskFilter::default()
            }
        )),
        ["Fix roof"]
    );
    assert_eq!(
        titles(&list(
            &fx,
            TaskFilter {
                priority: Some(Priority::High),
                ..TaskFilter::default()
            }
        )),
        ["Plant tomatoes"]
    );
    // Words match titles, descriptions and comments, as prefixes, case- and accent-insensitively.
    assert_eq!(
        titles(&list(
            &fx,
            TaskFilter {
                search: Some("TOMAT".into()),
                ..TaskFilter::default()
            }
        )),
        ["Plant tomatoes"]
    );
    assert_eq!(
        titles(&list(
            &fx,
            TaskFilter {
                search: Some("morn".into()),
                ..TaskFilter::default()
            }
        )),
        ["Water beans"]
    );
    assert_eq!(
        titles(&list(
            &fx,
            TaskFilter {
                search: Some("roofer slaté".into()),
                ..TaskFilter::default()
            }
        )),
        ["Fix roof"]
    );
    assert!(
        list(
            &fx,
            TaskFilter {
                search: Some("plant roof".into()),
                ..TaskFilter::default()
            }
        )
        .is_empty()
    );
    // FTS syntax typed by a person is just text.
    assert!(
        list(
            &fx,
            TaskFilter {
                search: Some("\"unbalanced OR (".into()),
                ..TaskFilter::default()
            }
        )
        .is_empty()
    );
    assert_eq!(
        list(
            &fx,
            TaskFilter {
                limit: Some(1),
                ..TaskFilter::default()
            }
        )
        .len(),
        1
    );

    // The index follows edits.
    fx.ws
        .update_task(
            t1.id,
            TaskPatch {
                title: Some("Plant peppers".into()),
                ..TaskPatch::default()
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    assert!(
        list(
            &fx,
            TaskFilter {
                search: Some("tomatoes".into()),
                ..TaskFilter::default()
            }
        )
        .is_empty()
    );
    assert_eq!(
        list(
            &fx,
            TaskFilter {
                search: Some("peppers".into()),
                ..TaskFilter::default()
            }
        )
        .len(),
        1
    );

    // Archiving hides a project's tasks unless asked for.
    fx.archive(&house);
    assert_eq!(list(&fx, TaskFilter::default()).len(), 2);
    assert_eq!(
        list(
            &fx,
            TaskFilter {
                include_archived: true,
                ..TaskFilter::default()
            }
        )
        .len(),
        3
    );

    let err = fx.refused(|ws| {
        ws.list_tasks(
            &TaskFilter {
                project_id: Some("x".into()),
                ..TaskFilter::default()
            }
            .validate()?,
        )
    });
    assert_invalid(&err, "project_id", Reason::InvalidId);
}

#[test]
fn sort_orders() {
    let fx = fixture();
    fx.task(NewTask {
        title: "b later".into(),
        due_date: Some("2026-12-10".into()),
        ..NewTask::default()
    });
    fx.task(NewTask {
        title: "a undated".into(),
        priority: Some(Priority::High),
        ..NewTask::default()
    });
    fx.task(NewTask {
        title: "C sooner".into(),
        due_date: Some("2026-12-01".into()),
        priority: Some(Priority::Low),
        ..NewTask::default()
    });
    let by = |order| {
        titles(&list(
            &fx,
            TaskFilter {
                order_by: Some(order),
                ..TaskFilter::default()
            },
        ))
        .into_iter()
        .map(str::to_owned)
        .collect::<Vec<_>>()
    };
    assert_eq!(
        by(TaskOrder::Priority),
        ["a undated", "b later", "C sooner"]
    );
    assert_eq!(by(TaskOrder::DueDate), ["C sooner", "b later", "a undated"]);
    assert_eq!(by(TaskOrder::Title), ["a undated", "b later", "C sooner"]);
}

#[test]
fn due_today_and_overdue_follow_the_clock() {
    let fx = fixture();
    let day = |offset: i64| {
        let d = if offset >= 0 {
            today() + Days::new(offset as u64)
        } else {
            today() - Days::new((-offset) as u64)
        };
        Some(d.format("%Y-%m-%d").to_string())
    };
    fx.task(NewTask {
        title: "today open".into(),
        due_date: day(0),
        ..NewTask::default()
    });
    fx.task(NewTask {
        title: "today done".into(),
        due_date: day(0),
        status: Some(TaskStatus::Done),
        ..NewTask::default()
    });
    fx.task(NewTask {
        title: "tomorrow".into(),
        due_date: day(1),
        ..NewTask::default()
    });
    fx.task(NewTask {
        title: "last week".into(),
        due_date: day(-7),
        ..NewTask::default()
    });
    fx.task(NewTask {
        title: "yesterday done".into(),
        due_date: day(-1),
        status: Some(TaskStatus::Done),
        ..NewTask::default()
    });
    assert_eq!(
        titles(&fx.ws.tasks_due_today().unwrap()),
        ["today open", "today done"]
    );
    assert_eq!(titles(&fx.ws.overdue_tasks().unwrap()), ["last week"]);
}

#[test]
fn bulk_creation_is_all_or_nothing() {
    let fx = fixture();
    let project = fx.project("Import");
    let good: Vec<_> = (0..50)
        .map(|i| {
            NewTask {
                title: format!("task {i}"),
                project_id: Some(project.id.to_string()),
                ..NewTask::default()
            }
            .validate()
            .unwrap()
        })
        .collect();
    let mut bad = good.clone();
    bad.push(
        NewTask {
            title: "orphan".into(),
            project_id: Some(GHOST.into()),
            ..NewTask::default()
        }
        .validate()
        .unwrap(),
    );
    let err = fx.refused(|ws| ws.create_tasks(bad));
    assert_invalid(&err, "project_id", Reason::UnknownReference);

    let ids = fx.ws.create_tasks(good).unwrap();
    assert_eq!(ids.len(), 50);
    assert_eq!(list(&fx, TaskFilter::default()).len(), 50);
    assert_eq!(fx.ws.get_task(ids[7]).unwrap().title, "task 7");
}
