//! Workspace commands: projects, tasks, comments, checkpoints, notes, search, and refusals.

use crate::{adiuva, adiuva_with_stdin, id_of};

#[test]
fn a_project_its_tasks_comments_and_moves() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let project = id_of(adiuva(
        dir,
        &["project", "add", "Garden", "--client", "ACME"],
    ));
    let projects = adiuva(dir, &["--json", "project", "list"]).ok().json();
    assert_eq!(projects[0]["id"], project.as_str());
    assert_eq!(projects[0]["client_id"], "ACME");

    let task = id_of(adiuva(
        dir,
        &[
            "task",
            "add",
            "Plant tomatoes",
            "--project",
            &project,
            "--priority",
            "high",
            "--due",
            "2026-05-01",
            "--assignee",
            "Ana",
        ],
    ));
    id_of(adiuva(
        dir,
        &["task", "add", "Water beans", "--project", &project],
    ));

    let high = adiuva(dir, &["--json", "task", "list", "--priority", "high"])
        .ok()
        .json();
    assert_eq!(high.as_array().unwrap().len(), 1);
    assert_eq!(high[0]["title"], "Plant tomatoes");
    assert_eq!(high[0]["assignees"][0], "Ana");

    adiuva(dir, &["task", "move", &task, "in-progress"]).ok();
    adiuva(dir, &["task", "done", &task]).ok();
    id_of(adiuva(
        dir,
        &["comment", "add", &task, "Used the heirloom seeds"],
    ));

    let shown = adiuva(dir, &["--json", "task", "show", &task]).ok().json();
    assert_eq!(shown["task"]["status"], "done");
    assert_eq!(shown["comments"][0]["content"], "Used the heirloom seeds");
    assert_eq!(shown["comments"][0]["author"], "user");

    let done = adiuva(dir, &["--json", "task", "list", "--status", "done"])
        .ok()
        .json();
    assert_eq!(done.as_array().unwrap().len(), 1);
    let text = adiuva(dir, &["task", "list"]).ok().stdout;
    assert!(
        text.contains("Plant tomatoes") && text.contains("Water beans"),
        "{text}"
    );
}

#[test]
fn checkpoints_notes_and_search() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let project = id_of(adiuva(dir, &["project", "add", "Launch"]));
    adiuva(
        dir,
        &[
            "checkpoint",
            "add",
            "--project",
            &project,
            "Beta",
            "--date",
            "2026-12-01",
        ],
    )
    .ok();
    adiuva(
        dir,
        &[
            "checkpoint",
            "add",
            "--project",
            &project,
            "Alpha",
            "--date",
            "2026-11-01",
        ],
    )
    .ok();
    let timeline = adiuva(
        dir,
        &["--json", "checkpoint", "list", "--project", &project],
    )
    .ok()
    .json();
    let titles: Vec<&str> = timeline
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Alpha", "Beta"]);

    let from_arg = id_of(adiuva(
        dir,
        &[
            "note",
            "add",
            "Plan",
            "--content",
            "# Launch plan\n\nShip the *marmalade* build",
        ],
    ));
    let from_stdin = id_of(adiuva_with_stdin(
        dir,
        &["note", "add", "Retro", "--file", "-"],
        "went well: zucchini\n",
    ));
    let file = dir.join("body.md");
    std::fs::write(&file, "from a file").unwrap();
    id_of(adiuva(
        dir,
        &[
            "note",
            "add",
            "Filed",
            "--file",
            file.to_str().unwrap(),
            "--project",
            &project,
        ],
    ));

    assert!(
        adiuva(dir, &["note", "show", &from_arg])
            .ok()
            .stdout
            .contains("Ship the *marmalade* build")
    );
    assert_eq!(
        adiuva(dir, &["--json", "note", "show", &from_stdin])
            .ok()
            .json()["content"],
        "went well: zucchini\n"
    );
    let notes = adiuva(dir, &["--json", "note", "list", "--project", &project])
        .ok()
        .json();
    assert_eq!(notes.as_array().unwrap().len(), 1);

    let hits = adiuva(dir, &["--json", "search", "marma"]).ok().json();
    assert_eq!(hits[0]["kind"], "note");
    assert_eq!(hits[0]["id"], from_arg.as_str());
    assert!(
        adiuva(dir, &["search", "nothing-like-this"])
            .ok()
            .stdout
            .contains("Nothing found")
    );
}

#[test]
fn bad_input_exits_2_names_the_field_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    for (args, field) in [
        (vec!["task", "add", "   "], "title"),
        (vec!["task", "add", "x", "--due", "2026-02-30"], "due_date"),
        (
            vec!["task", "add", "x", "--project", "not-an-id"],
            "project_id",
        ),
        (
            vec![
                "task",
                "add",
                "x",
                "--project",
                "01936f4e-8c1a-7b2c-9d3e-0123456789ab",
            ],
            "project_id",
        ),
        (
            vec![
                "checkpoint",
                "add",
                "--project",
                "01936f4e-8c1a-7b2c-9d3e-0123456789ab",
                "M",
                "--date",
                "soon",
            ],
            "date",
        ),
    ] {
        let mut full = vec!["--json"];
        full.extend(&args);
        let run = adiuva(dir, &full);
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
        assert_eq!(run.error()["code"], "invalid", "{args:?}");
        assert_eq!(run.error()["field"], field, "{args:?}");
        assert!(run.stdout.is_empty());
    }
    let text = adiuva(dir, &["task", "add", ""]);
    assert_eq!(
        (text.code, text.stderr.trim()),
        (2, "error: title must not be empty")
    );
    assert_eq!(
        adiuva(dir, &["--json", "task", "list"]).ok().json(),
        serde_json::json!([])
    );
    // A usage error is bad input too.
    assert_eq!(adiuva(dir, &["task", "move"]).code, 2);
}

#[test]
fn unknown_ids_exit_3_and_conflicts_exit_4() {
    let dir = tempfile::tempdir().unwrap();
    let dir = dir.path();
    let missing = adiuva(
        dir,
        &[
            "--json",
            "task",
            "done",
            "01936f4e-8c1a-7b2c-9d3e-0123456789ab",
        ],
    );
    assert_eq!(missing.code, 3);
    assert_eq!(missing.error()["code"], "not_found");

    let project = id_of(adiuva(dir, &["project", "add", "Old"]));
    adiuva(dir, &["project", "archive", &project]).ok();
    let archived = adiuva(dir, &["task", "add", "late", "--project", &project]);
    assert_eq!(archived.code, 4, "{}", archived.stderr);
    assert!(archived.stderr.contains("archived"));
    assert!(
        adiuva(dir, &["--json", "project", "list"])
            .ok()
            .json()
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        adiuva(dir, &["--json", "project", "list", "--all"])
            .ok()
            .json()[0]["status"],
        "archived"
    );
}

#[test]
fn an_unreadable_note_file_is_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let run = adiuva(
        dir.path(),
        &["note", "add", "T", "--file", "/nonexistent/body.md"],
    );
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("cannot read /nonexistent/body.md"),
        "{}",
        run.stderr
    );
}
