//! The application layer against real SQLite files in temp dirs: every use case, and every
//! refusal leaves the database byte-for-byte as it was and announces nothing.

mod agents;
mod assignments;
mod checkpoints;
mod comments;
mod executor;
mod executor_properties;
mod notes;
mod projects;
mod review;
mod rotation;
mod search;
mod tagging;
mod tasks;
mod vault;

use adiuva_app::{AppError, EventSink, FixedClock, Workspace, WorkspaceEvent};
use adiuva_domain::{Millis, NewProject, NewTask, Project, ProjectPatch, Reason, Task};
use chrono::NaiveDate;
use std::{
    path::Path,
    sync::{Arc, Mutex},
};

/// Records every event the workspace announces.
#[derive(Default)]
pub struct Recorder(Mutex<Vec<WorkspaceEvent>>);

impl EventSink for Recorder {
    fn emit(&self, event: &WorkspaceEvent) {
        self.0.lock().unwrap().push(event.clone());
    }
}

impl Recorder {
    pub fn take(&self) -> Vec<WorkspaceEvent> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub ws: Workspace,
    pub events: Arc<Recorder>,
}

pub const TODAY: (i32, u32, u32) = (2026, 11, 21);

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

pub fn fixture() -> Fixture {
    fixture_with(|ws| ws)
}

/// A fixture whose workspace `configure` adjusts further (a tagger, ...).
pub fn fixture_with(configure: impl FnOnce(Workspace) -> Workspace) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let events = Arc::new(Recorder::default());
    let ws = Workspace::open(dir.path())
        .unwrap()
        .with_clock(Arc::new(FixedClock {
            now: Millis(1_795_000_000_000),
            today: today(),
        }))
        .with_events(events.clone());
    Fixture {
        dir,
        ws: configure(ws),
        events,
    }
}

impl Fixture {
    pub fn project(&self, name: &str) -> Project {
        self.ws
            .create_project(
                NewProject {
                    name: name.into(),
                    client_id: None,
                }
                .validate()
                .unwrap(),
            )
            .unwrap()
    }

    pub fn task(&self, input: NewTask) -> Task {
        self.ws.create_task(input.validate().unwrap()).unwrap()
    }

    pub fn archive(&self, project: &Project) {
        self.ws.archive_project(project.id).unwrap();
    }

    /// Runs a use case that must be refused, and checks that it wrote and announced nothing.
    pub fn refused<T: std::fmt::Debug>(
        &self,
        call: impl FnOnce(&Workspace) -> Result<T, AppError>,
    ) -> AppError {
        self.events.take();
        let before = snapshot(self.ws.database_path());
        let err = call(&self.ws).expect_err("the call should be refused");
        assert_eq!(
            snapshot(self.ws.database_path()),
            before,
            "a refused call changed the database: {err}"
        );
        assert!(
            self.events.take().is_empty(),
            "a refused call announced a change: {err}"
        );
        err
    }
}

/// Every row of every table, read through a second connection (what is on disk).
pub fn snapshot(database: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(database).unwrap();
    let tables: Vec<String> = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |row| row.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut rows = Vec::new();
    for table in tables {
        let mut stmt = conn.prepare(&format!("SELECT * FROM \"{table}\"")).unwrap();
        let columns = stmt.column_count();
        let mut query = stmt.query([]).unwrap();
        while let Some(row) = query.next().unwrap() {
            let values: Vec<String> = (0..columns)
                .map(|i| format!("{:?}", row.get::<_, rusqlite::types::Value>(i).unwrap()))
                .collect();
            rows.push(format!("{table}: {}", values.join(", ")));
        }
    }
    rows
}

/// Asserts an error is a refusal of `field` for `reason`.
#[track_caller]
pub fn assert_invalid(err: &AppError, field: &str, reason: Reason) {
    match err {
        AppError::Invalid(v) => assert_eq!((v.field, v.reason), (field, reason), "{err}"),
        other => panic!("expected Invalid {{ {field} }}, got {other:?}"),
    }
}

#[track_caller]
pub fn assert_not_found(err: &AppError) {
    assert!(
        matches!(err, AppError::NotFound { .. }),
        "expected NotFound, got {err:?}"
    );
}

#[test]
fn the_workspace_survives_reopening() {
    let fx = fixture();
    let project = fx.project("Garden");
    let task = fx.task(NewTask {
        title: "Plant".into(),
        project_id: Some(project.id.to_string()),
        ..NewTask::default()
    });
    let path = fx.dir.path().to_path_buf();
    drop(fx.ws);
    let again = Workspace::open(&path).unwrap();
    assert_eq!(again.get_task(task.id).unwrap(), task);
    assert_eq!(again.list_projects(false).unwrap(), vec![project]);
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    drop(Workspace::open(dir.path()).unwrap());
    let db = dir.path().join(adiuva_app::DATABASE_FILE);
    rusqlite::Connection::open(&db)
        .unwrap()
        .pragma_update(None, "user_version", 99)
        .unwrap();
    let before = snapshot(&db);
    let err = Workspace::open(dir.path())
        .err()
        .expect("newer schema refused");
    assert_eq!(err.code(), adiuva_domain::ErrorCode::Storage);
    assert!(err.to_string().contains("newer version of Adiuva"), "{err}");
    assert_eq!(snapshot(&db), before);
}

#[test]
fn updates_that_change_nothing_are_silent() {
    let fx = fixture();
    let project = fx.project("Garden");
    fx.events.take();
    let same = ProjectPatch {
        name: Some("Garden".into()),
        client_id: None,
    };
    let after = fx
        .ws
        .update_project(project.id, same.validate().unwrap())
        .unwrap();
    assert_eq!(after, project);
    assert!(fx.events.take().is_empty());
}

#[test]
fn the_snapshot_sees_every_write() {
    let fx = fixture();
    let empty = snapshot(fx.ws.database_path());
    let project = fx.project("Garden");
    let one = snapshot(fx.ws.database_path());
    assert_ne!(one, empty);
    assert!(
        one.iter()
            .any(|row| row.starts_with("projects:") && row.contains(&project.id.to_string()))
    );
}
