//! The task list's default order: the same tasks in the same order as the rule says
//! (priority, then due date with undated last, then creation), read through its index rather
//! than by sorting every task.

use adiuva_domain::{Millis, Priority, ProjectId, Task, TaskId, TaskOrder, TaskQuery, TaskStatus};
use adiuva_store::{open_in_memory, rusqlite::Connection, tasks};
use chrono::NaiveDate;
use uuid::Uuid;

const ARCHIVED: u128 = 2;

fn add_project(conn: &Connection, n: u128, status: &str) -> ProjectId {
    let id = ProjectId::from_uuid(Uuid::from_u128(n));
    conn.execute(
        "INSERT INTO projects (id, name, status, created_at, updated_at) VALUES (?1, ?1, ?2, 1, 1)",
        [id.to_string(), status.to_owned()],
    )
    .unwrap();
    id
}

/// Tasks whose priorities, due dates, creation times, approval and project vary with `i`
/// (creation times repeat, so ties fall to the insertion order).
fn fill(conn: &Connection) -> Vec<Task> {
    let open = add_project(conn, 1, "active");
    let archived = add_project(conn, ARCHIVED, "archived");
    (0..600u32)
        .map(|i| {
            let task = Task {
                id: TaskId::from_uuid(Uuid::from_u128(1000 + u128::from(i))),
                project_id: match i % 5 {
                    0 => None,
                    4 => Some(archived),
                    _ => Some(open),
                },
                title: format!("task {i}"),
                description: String::new(),
                status: TaskStatus::Todo,
                priority: [Priority::Low, Priority::High, Priority::Medium][(i % 3) as usize],
                assignees: Vec::new(),
                due_date: (i % 4 != 0)
                    .then(|| NaiveDate::from_ymd_opt(2026, 1 + i % 12, 1 + (i * 7) % 28).unwrap()),
                is_ai_suggested: i % 11 == 0,
                is_approved: i % 11 != 0,
                created_at: Millis(i64::from((i * 37) % 50)),
                updated_at: Millis(0),
            };
            tasks::insert(conn, &task).unwrap();
            task
        })
        .collect()
}

fn rank(priority: Priority) -> u8 {
    match priority {
        Priority::High => 0,
        Priority::Medium => 1,
        Priority::Low => 2,
    }
}

fn query(limit: Option<u32>) -> TaskQuery {
    TaskQuery {
        project_id: None,
        status: None,
        priority: None,
        search: None,
        order_by: TaskOrder::Priority,
        include_archived: false,
        limit,
    }
}

#[test]
fn the_default_order_lists_what_the_rule_says_and_reads_it_from_its_index() {
    let conn = open_in_memory().unwrap();
    let all = fill(&conn);
    let archived = ProjectId::from_uuid(Uuid::from_u128(ARCHIVED));
    // The rule, written out: insertion order breaks the last ties (the row's pk).
    let mut expected: Vec<(usize, &Task)> = all
        .iter()
        .enumerate()
        .filter(|(_, t)| t.is_approved && t.project_id != Some(archived))
        .collect();
    expected.sort_by_key(|(at, t)| {
        (
            rank(t.priority),
            t.due_date.is_none(),
            t.due_date,
            t.created_at.0,
            *at,
        )
    });
    let expected: Vec<TaskId> = expected.iter().map(|(_, t)| t.id).collect();
    assert!(expected.len() > 300, "the fixture lists most tasks");

    let listed: Vec<TaskId> = tasks::list(&conn, &query(None))
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(listed, expected);
    let first_page: Vec<TaskId> = tasks::list(&conn, &query(Some(40)))
        .unwrap()
        .iter()
        .map(|t| t.id)
        .collect();
    assert_eq!(first_page, expected[..40]);

    let (sql, _) = tasks::list_statement(&query(Some(40))).unwrap();
    let plan: Vec<String> = conn
        .prepare(&format!("EXPLAIN QUERY PLAN {sql}"))
        .unwrap()
        .query_map([], |r| r.get::<_, String>(3))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        plan.iter().any(|step| step.contains("tasks_by_priority")),
        "{plan:?}"
    );
    assert!(
        !plan.iter().any(|step| step.contains("TEMP B-TREE")),
        "no sort of every task: {plan:?}"
    );
}
