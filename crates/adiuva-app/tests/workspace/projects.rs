//! Project use cases.

use adiuva_app::{AppError, Change, Conflict, Entity};
use adiuva_domain::{
    NewCheckpoint, NewComment, NewNote, NewProject, NewTask, ProjectId, ProjectPatch,
    ProjectStatus, Reason, TaskFilter, TaskStatus, limits::PROJECT_NAME_MAX_CHARS,
};

use crate::{assert_invalid, assert_not_found, fixture};

#[test]
fn create_rename_archive_unarchive() {
    let fx = fixture();
    let project = fx
        .ws
        .create_project(
            NewProject {
                name: " Garden ".into(),
                client_id: Some("ACME".into()),
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    assert_eq!(
        (project.name.as_str(), project.client_id.as_deref()),
        ("Garden", Some("ACME"))
    );
    assert_eq!(project.status, ProjectStatus::Active);
    assert_eq!(fx.ws.get_project(project.id).unwrap(), project);

    let patch = ProjectPatch {
        name: Some("Orchard".into()),
        client_id: Some(None),
    };
    let renamed = fx
        .ws
        .update_project(project.id, patch.validate().unwrap())
        .unwrap();
    assert_eq!(
        (renamed.name.as_str(), renamed.client_id.as_deref()),
        ("Orchard", None)
    );

    let other = fx.project("Attic");
    assert_eq!(
        fx.ws
            .list_projects(false)
            .unwrap()
            .iter()
            .map(|p| p.name.as_str())
            .collect::<Vec<_>>(),
        ["Attic", "Orchard"]
    );
    fx.ws.archive_project(other.id).unwrap();
    assert_eq!(fx.ws.list_projects(false).unwrap(), vec![renamed]);
    let all = fx.ws.list_projects(true).unwrap();
    assert_eq!(all.len(), 2);
    assert_eq!(
        all[1].status,
        ProjectStatus::Archived,
        "archived projects come last"
    );
    assert_eq!(
        fx.ws.unarchive_project(other.id).unwrap().status,
        ProjectStatus::Active
    );

    let events = fx.events.take();
    assert_eq!(
        events
            .iter()
            .filter(|e| e.change == Change::Created)
            .count(),
        2
    );
    assert!(events.iter().all(|e| e.entity == Entity::Project));
}

#[test]
fn bad_names_are_refused() {
    let fx = fixture();
    for (name, reason) in [
        ("", Reason::Empty),
        ("  \t", Reason::Empty),
        ("two\nlines", Reason::NotSingleLine),
        (
            &"p".repeat(PROJECT_NAME_MAX_CHARS + 1),
            Reason::TooLong {
                max: PROJECT_NAME_MAX_CHARS,
            },
        ),
    ] {
        let err = fx.refused(|ws| {
            ws.create_project(
                NewProject {
                    name: name.into(),
                    client_id: None,
                }
                .validate()?,
            )
        });
        assert_invalid(&err, "name", reason);
    }
    let project = fx.project("Garden");
    let err = fx.refused(|ws| {
        ws.update_project(
            project.id,
            ProjectPatch {
                name: Some(" ".into()),
                client_id: None,
            }
            .validate()?,
        )
    });
    assert_invalid(&err, "name", Reason::Empty);
}

#[test]
fn unknown_projects_are_not_found() {
    let fx = fixture();
    let ghost = ProjectId::parse("01936f4e-8c1a-7b2c-9d3e-0123456789ab", "id").unwrap();
    assert_not_found(&fx.refused(|ws| ws.get_project(ghost)));
    assert_not_found(&fx.refused(|ws| ws.archive_project(ghost)));
    assert_not_found(&fx.refused(|ws| ws.delete_project(ghost)));
    assert_not_found(
        &fx.refused(|ws| ws.update_project(ghost, ProjectPatch::default().validate()?)),
    );
}

#[test]
fn only_archived_projects_can_be_deleted_and_deletion_keeps_notes() {
    let fx = fixture();
    let project = fx.project("Garden");
    let pid = Some(project.id.to_string());
    let task = fx.task(NewTask {
        title: "Plant".into(),
        project_id: pid.clone(),
        ..NewTask::default()
    });
    fx.ws
        .add_comment(
            NewComment {
                task_id: task.id.to_string(),
                content: "soon".into(),
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
    let note = fx
        .ws
        .create_note(
            NewNote {
                title: "Soil".into(),
                content: Some("loam".into()),
                project_id: pid,
            }
            .validate()
            .unwrap(),
        )
        .unwrap();

    let err = fx.refused(|ws| ws.delete_project(project.id));
    assert!(
        matches!(err, AppError::Conflict(Conflict::ProjectActive)),
        "{err:?}"
    );

    fx.archive(&project);
    fx.ws.delete_project(project.id).unwrap();
    assert_not_found(&fx.ws.get_project(project.id).unwrap_err());
    assert_not_found(&fx.ws.get_task(task.id).unwrap_err());
    assert_not_found(&fx.ws.get_checkpoint(checkpoint.id).unwrap_err());
    let kept = fx.ws.get_note(note.id).unwrap();
    assert_eq!((kept.project_id, kept.content.as_str()), (None, "loam"));
    // The search index forgot the deleted rows too.
    assert!(fx.ws.search("Plant", 10).unwrap().is_empty());
    assert!(fx.ws.search("soon", 10).unwrap().is_empty());
    let all = fx.ws.list_tasks(
        &TaskFilter {
            include_archived: true,
            ..TaskFilter::default()
        }
        .validate()
        .unwrap(),
    );
    assert!(all.unwrap().is_empty());
}

#[test]
fn task_counts_per_project_and_status() {
    let fx = fixture();
    let garden = fx.project("Garden");
    let house = fx.project("House");
    fx.project("Empty");
    for (project, status) in [
        (&garden, TaskStatus::Todo),
        (&garden, TaskStatus::Todo),
        (&garden, TaskStatus::Done),
        (&house, TaskStatus::InProgress),
    ] {
        fx.task(NewTask {
            title: "t".into(),
            status: Some(status),
            project_id: Some(project.id.to_string()),
            ..NewTask::default()
        });
    }
    fx.task(NewTask {
        title: "inbox".into(),
        ..NewTask::default()
    });
    let counts = fx.ws.project_task_counts().unwrap();
    assert_eq!(
        counts.len(),
        2,
        "projects without tasks are absent: {counts:?}"
    );
    let of = |id| *counts.iter().find(|c| c.project_id == id).unwrap();
    assert_eq!(
        (
            of(garden.id).todo,
            of(garden.id).done,
            of(garden.id).open(),
            of(garden.id).total()
        ),
        (2, 1, 2, 3)
    );
    assert_eq!((of(house.id).in_progress, of(house.id).open()), (1, 1));
}
