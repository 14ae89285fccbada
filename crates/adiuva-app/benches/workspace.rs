//! Workspace benchmark: bulk writes, single edits, lists, filters and search on 100k tasks,
//! each printed with a baseline of raw rusqlite doing the same work in the same run.
//!
//! Run with `cargo xtask bench`. Numbers are medians; ratios are app / raw (1.00 = no overhead).

use adiuva_app::{FixedClock, Workspace};
use adiuva_domain::{
    Millis, NewProject, NewTask, Priority, ProjectId, TaskDraft, TaskFilter, TaskPatch, TaskStatus,
};
use chrono::NaiveDate;
use rusqlite::{Connection, params};
use std::{
    hint::black_box,
    sync::Arc,
    time::{Duration, Instant},
};

const TASKS: usize = 100_000;
const PROJECTS: usize = 20;
const WORDS: &[&str] = &[
    "report",
    "garden",
    "invoice",
    "review",
    "deploy",
    "meeting",
    "budget",
    "design",
    "roadmap",
    "customer",
    "release",
    "backup",
    "kitchen",
    "travel",
    "contract",
    "hiring",
    "survey",
    "newsletter",
    "migration",
    "audit",
];

fn title(i: usize) -> String {
    format!(
        "{} the {} {} #{i}",
        WORDS[i % 20],
        WORDS[(i / 20) % 20],
        WORDS[(i / 400) % 20]
    )
}

fn input(i: usize, projects: &[ProjectId]) -> NewTask {
    NewTask {
        title: title(i),
        description: Some(format!(
            "Details for item {i}: check the {} before Friday.",
            WORDS[(i * 7) % 20]
        )),
        status: Some(TaskStatus::ALL[i % 3]),
        priority: Some(Priority::ALL[(i / 3) % 3]),
        assignees: vec![format!("person{}", i % 7)],
        due_date: Some(format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28)),
        project_id: Some(projects[i % projects.len()].to_string()),
    }
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    median(
        (0..runs)
            .map(|_| {
                let start = Instant::now();
                black_box(f());
                start.elapsed()
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn report(name: &str, app: Duration, raw: Duration) {
    println!(
        "{name:<34} app {:>9.3} ms   raw {:>9.3} ms   ratio {:>5.2}x",
        ms(app),
        ms(raw),
        app.as_secs_f64() / raw.as_secs_f64()
    );
}

fn workspace(dir: &std::path::Path) -> Workspace {
    let clock = FixedClock {
        now: Millis(1_795_000_000_000),
        today: NaiveDate::from_ymd_opt(2026, 6, 15).unwrap(),
    };
    Workspace::open(dir).unwrap().with_clock(Arc::new(clock))
}

/// The same rows through bare prepared INSERTs into the same schema and its search index.
fn raw_bulk_insert(conn: &mut Connection, drafts: &[TaskDraft]) {
    let tx = conn.transaction().unwrap();
    {
        let mut insert = tx
            .prepare(
                "INSERT INTO tasks (id, project_id, title, description, status, priority, assignees, due_date, \
                 is_ai_suggested, is_approved, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, 1, ?9, ?9)",
            )
            .unwrap();
        let mut index = tx.prepare("INSERT INTO tasks_fts (rowid, title, description) VALUES (last_insert_rowid(), ?1, ?2)").unwrap();
        for d in drafts {
            insert
                .execute(params![
                    uuid::Uuid::now_v7().to_string(),
                    d.project_id.map(|p| p.to_string()),
                    d.title,
                    d.description,
                    d.status.as_str(),
                    d.priority.as_str(),
                    serde_json::to_string(&d.assignees).unwrap(),
                    d.due_date.map(|x| x.to_string()),
                    1_795_000_000_000_i64,
                ])
                .unwrap();
            index.execute(params![d.title, d.description]).unwrap();
        }
    }
    tx.commit().unwrap();
}

/// Two fresh workspaces with the same projects: one behind the application layer, one
/// opened raw. The temp dirs live as long as the stores.
struct Stores {
    ws: Workspace,
    raw: Connection,
    projects: Vec<ProjectId>,
    _dirs: (tempfile::TempDir, tempfile::TempDir),
}

fn stores() -> Stores {
    let app_dir = tempfile::tempdir().unwrap();
    let raw_dir = tempfile::tempdir().unwrap();
    let ws = workspace(app_dir.path());
    let raw = adiuva_store::open(&raw_dir.path().join("raw.db")).unwrap();
    let projects: Vec<ProjectId> = (0..PROJECTS)
        .map(|i| {
            let name = format!("Project {i}");
            let p = ws
                .create_project(
                    NewProject {
                        name: name.clone(),
                        client_id: None,
                    }
                    .validate()
                    .unwrap(),
                )
                .unwrap();
            raw.execute(
                "INSERT INTO projects (id, name, created_at, updated_at) VALUES (?1, ?2, 1, 1)",
                params![p.id.to_string(), name],
            )
            .unwrap();
            p.id
        })
        .collect();
    Stores {
        ws,
        raw,
        projects,
        _dirs: (app_dir, raw_dir),
    }
}

/// Rounds of the bulk write: each on fresh databases, raw and app interleaved, so disk and
/// neighbour noise hits both sides alike.
const BULK_ROUNDS: usize = 3;

fn main() {
    let mut raw_times = Vec::new();
    let mut app_times = Vec::new();
    let mut last = None;
    for _ in 0..BULK_ROUNDS {
        let mut s = stores();
        let inputs: Vec<NewTask> = (0..TASKS).map(|i| input(i, &s.projects)).collect();
        let drafts: Vec<TaskDraft> = inputs.iter().map(|i| i.validate().unwrap()).collect();
        let start = Instant::now();
        raw_bulk_insert(&mut s.raw, &drafts);
        raw_times.push(start.elapsed());

        // Through the application layer: validation included, one transaction.
        let start = Instant::now();
        let drafts: Vec<TaskDraft> = inputs.iter().map(|i| i.validate().unwrap()).collect();
        let ids = s.ws.create_tasks(drafts).unwrap();
        app_times.push(start.elapsed());
        assert_eq!(ids.len(), TASKS);
        last = Some((s, ids));
    }
    let (app_bulk, raw_bulk) = (median(app_times), median(raw_times));
    let (
        Stores {
            ws,
            mut raw,
            projects,
            _dirs,
        },
        ids,
    ) = last.expect("at least one round");

    println!("Adiuva workspace benchmark: {TASKS} tasks in {PROJECTS} projects (medians)\n");
    println!(
        "{:<34} app {:>9.0} rec/s   raw {:>9.0} rec/s   ratio {:>5.2}x",
        "bulk write (one transaction)",
        TASKS as f64 / app_bulk.as_secs_f64(),
        TASKS as f64 / raw_bulk.as_secs_f64(),
        app_bulk.as_secs_f64() / raw_bulk.as_secs_f64()
    );

    // One edit, committed: what a keystroke-level save costs.
    let target = ids[TASKS / 2];
    let mut n = 0_u64;
    let app_edit = time(500, || {
        n += 1;
        let patch = TaskPatch {
            title: Some(format!("edited {n}")),
            ..TaskPatch::default()
        };
        ws.update_task(target, patch.validate().unwrap()).unwrap()
    });
    let raw_id = raw
        .query_row("SELECT id FROM tasks LIMIT 1 OFFSET 50000", [], |r| {
            r.get::<_, String>(0)
        })
        .unwrap();
    let raw_edit = time(500, || {
        n += 1;
        let tx = raw.transaction().unwrap();
        tx.execute(
            "UPDATE tasks SET title = ?2, updated_at = ?3, dirty = 1 WHERE id = ?1",
            params![raw_id, format!("edited {n}"), n as i64],
        )
        .unwrap();
        tx.commit().unwrap();
    });
    report("single edit committed", app_edit, raw_edit);

    let filter = |f: TaskFilter| f.validate().unwrap();
    let cases: Vec<(&str, TaskFilter, String)> = vec![
        ("list first 200 by priority", TaskFilter { limit: Some(200), ..TaskFilter::default() },
            "SELECT * FROM tasks ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, due_date ASC NULLS LAST, created_at, pk LIMIT 200".into()),
        ("filter project+status (~1.7k rows)", TaskFilter { project_id: Some(projects[3].to_string()), status: Some(TaskStatus::Todo), ..TaskFilter::default() },
            format!("SELECT * FROM tasks WHERE project_id = '{}' AND status = 'todo' ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, due_date ASC NULLS LAST, created_at, pk", projects[3])),
        ("search 2 words in tasks", TaskFilter { search: Some("invoice budg".into()), ..TaskFilter::default() },
            "SELECT * FROM tasks WHERE pk IN (SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH '\"invoice\"* \"budg\"*') ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, due_date ASC NULLS LAST, created_at, pk".into()),
        ("list all 100k", TaskFilter::default(), "SELECT * FROM tasks ORDER BY CASE priority WHEN 'high' THEN 0 WHEN 'medium' THEN 1 ELSE 2 END, due_date ASC NULLS LAST, created_at, pk".into()),
    ];
    for (name, f, sql) in cases {
        let query = filter(f);
        let rows = ws.list_tasks(&query).unwrap().len();
        let runs = if rows > 10_000 { 5 } else { 30 };
        let app = time(runs, || ws.list_tasks(&query).unwrap());
        let raw_time = time(runs, || {
            let mut stmt = raw.prepare_cached(&sql).unwrap();
            let mut rows = stmt.query([]).unwrap();
            let mut count = 0;
            while let Some(row) = rows.next().unwrap() {
                black_box(row.get_ref(3).unwrap());
                count += 1;
            }
            count
        });
        report(&format!("{name} [{rows}]"), app, raw_time);
    }

    let hits = ws.search("roadmap hiring", 50).unwrap().len();
    let app_search = time(30, || ws.search("roadmap hiring", 50).unwrap());
    let raw_search = time(30, || {
        raw.prepare_cached("SELECT rowid FROM tasks_fts WHERE tasks_fts MATCH '\"roadmap\"* \"hiring\"*' ORDER BY bm25(tasks_fts) LIMIT 50")
            .unwrap()
            .query_map([], |r| r.get::<_, i64>(0))
            .unwrap()
            .count()
    });
    report(
        &format!("workspace search (all kinds) [{hits}]"),
        app_search,
        raw_search,
    );
    let due = time(30, || ws.tasks_due_today().unwrap());
    println!("{:<34} app {:>9.3} ms", "tasks due today", ms(due));
    unlocks(&ws);
}

/// Opening the vault from the OS keyring against typing the passphrase (Argon2id at the
/// default parameters). `cargo xtask bench` runs this with gnome-keyring on a private bus.
fn unlocks(ws: &Workspace) {
    let passphrase = "marmalade tractor quietly orbit";
    ws.create_vault(passphrase, passphrase).unwrap();
    if let Err(err) = ws.remember_on_device(true) {
        println!("unlock from the OS keyring: not measured ({err})");
        return;
    }
    let keyring = time(20, || {
        ws.lock_vault().unwrap();
        ws.unlock_from_device().unwrap()
    });
    let typed = time(5, || {
        ws.lock_vault().unwrap();
        ws.unlock_vault(passphrase).unwrap()
    });
    ws.remember_on_device(false).unwrap();
    println!(
        "{:<34} keyring {:>7.2} ms   passphrase (Argon2id 64 MiB) {:>7.1} ms   ratio {:>5.3}x",
        "unlock the vault",
        ms(keyring),
        ms(typed),
        keyring.as_secs_f64() / typed.as_secs_f64()
    );
}
