//! Checkpoint use cases.

use adiuva_app::{AppError, Conflict};
use adiuva_domain::{CheckpointId, CheckpointPatch, NewCheckpoint, Reason};

use crate::{assert_invalid, assert_not_found, fixture};

fn input(project: &str, title: &str, date: &str) -> NewCheckpoint {
    NewCheckpoint {
        project_id: project.into(),
        title: title.into(),
        date: date.into(),
    }
}

#[test]
fn a_projects_timeline_in_date_order() {
    let fx = fixture();
    let launch = fx.project("Launch");
    let other = fx.project("Other");
    let pid = launch.id.to_string();
    let beta = fx
        .ws
        .create_checkpoint(input(&pid, "Beta", "2026-12-01").validate().unwrap())
        .unwrap();
    fx.ws
        .create_checkpoint(input(&pid, "Alpha", "2026-11-01").validate().unwrap())
        .unwrap();
    fx.ws
        .create_checkpoint(
            input(&other.id.to_string(), "Elsewhere", "2026-10-01")
                .validate()
                .unwrap(),
        )
        .unwrap();
    let timeline = fx.ws.list_checkpoints(Some(launch.id)).unwrap();
    assert_eq!(
        timeline
            .iter()
            .map(|c| c.title.as_str())
            .collect::<Vec<_>>(),
        ["Alpha", "Beta"]
    );
    assert_eq!(fx.ws.list_checkpoints(None).unwrap().len(), 3);

    let moved = fx
        .ws
        .update_checkpoint(
            beta.id,
            CheckpointPatch {
                date: Some("2027-01-15".into()),
                title: Some("GA".into()),
                project_id: None,
            }
            .validate()
            .unwrap(),
        )
        .unwrap();
    assert_eq!(
        (moved.title.as_str(), moved.date.to_string().as_str()),
        ("GA", "2027-01-15")
    );
    assert_eq!(fx.ws.get_checkpoint(beta.id).unwrap(), moved);
    fx.archive(&other);
    assert_eq!(
        fx.ws.list_checkpoints(None).unwrap().len(),
        2,
        "archived projects leave the overall timeline"
    );

    fx.ws.delete_checkpoint(beta.id).unwrap();
    assert_not_found(&fx.refused(|ws| ws.delete_checkpoint(beta.id)));
}

#[test]
fn checkpoints_need_an_open_project_a_title_and_a_real_date() {
    let fx = fixture();
    let project = fx.project("Launch");
    let pid = project.id.to_string();
    for (input, field, reason) in [
        (input(&pid, " ", "2026-12-01"), "title", Reason::Empty),
        (
            input(&pid, "Beta", "2026-11-31"),
            "date",
            Reason::InvalidDate,
        ),
        (input(&pid, "Beta", ""), "date", Reason::InvalidDate),
        (
            input("", "Beta", "2026-12-01"),
            "project_id",
            Reason::InvalidId,
        ),
        (
            input("01936f4e-8c1a-7b2c-9d3e-0123456789ab", "Beta", "2026-12-01"),
            "project_id",
            Reason::UnknownReference,
        ),
    ] {
        let err = fx.refused(|ws| ws.create_checkpoint(input.validate()?));
        assert_invalid(&err, field, reason);
    }
    fx.archive(&project);
    let err = fx.refused(|ws| ws.create_checkpoint(input(&pid, "Late", "2026-12-01").validate()?));
    assert!(matches!(err, AppError::Conflict(Conflict::ProjectArchived)));
    let ghost = CheckpointId::parse("01936f4e-8c1a-7b2c-9d3e-0123456789ab", "id").unwrap();
    assert_not_found(&fx.refused(|ws| ws.get_checkpoint(ghost)));
    assert_not_found(&fx.refused(|ws| {
        ws.list_checkpoints(Some(adiuva_domain::ProjectId::from_uuid(*ghost.as_uuid())))
    }));
}
