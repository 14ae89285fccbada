//! A person's day in the app: project, task, board move, comment, note, restart.

use adiuva_app::Workspace;
use adiuva_domain::{TaskFilter, TaskStatus};
use adiuva_e2e::Desktop;
use anyhow::Result;

/// WebDriver key codes.
const SHIFT: char = '\u{E008}';
const ARROW_RIGHT: char = '\u{E014}';
const RELEASE_MODIFIERS: char = '\u{E000}';
const ENTER: char = '\u{E007}';

#[tokio::test(flavor = "multi_thread")]
async fn a_day_of_work_survives_a_restart() -> Result<()> {
    let data = tempfile::tempdir()?;
    let app = Desktop::launch(data.path()).await?;

    app.click("#nav-projects").await?;
    app.type_into("#project-name", "Garden").await?;
    app.click("#project-create").await?;
    app.wait_text(".project-row", "Garden").await?;

    app.click("#nav-tasks").await?;
    app.click("#view-board").await?;
    app.click("#new-task").await?;
    app.type_into("#task-title", "Plant tomatoes").await?;
    app.select("#task-project", "Garden").await?;
    app.click("#task-create").await?;
    app.wait_text(".task-card[data-status='todo']", "Plant tomatoes")
        .await?;

    // Keyboard moves: Shift+→ one column right, then "3" straight to Done, then Enter opens it.
    let right = format!("{SHIFT}{ARROW_RIGHT}{RELEASE_MODIFIERS}");
    app.press(".task-card[data-status='todo']", "Plant tomatoes", &right)
        .await?;
    app.press(
        ".task-card[data-status='in_progress']",
        "Plant tomatoes",
        "3",
    )
    .await?;
    let done = ".board-column[data-status='done'] .task-card";
    app.press_until(done, "Plant tomatoes", &ENTER.to_string(), "#task-detail")
        .await?;
    app.type_into("#comment-input", "Used the heirloom seeds")
        .await?;
    app.click("#comment-add").await?;
    app.wait_text("#task-detail .comment", "Used the heirloom seeds")
        .await?;
    app.click_until_gone("#detail-close", "#task-detail")
        .await?;

    app.click("#nav-notes").await?;
    app.click("#new-note").await?;
    app.type_into("#note-title", "Soil notes").await?;
    // WebDriver types a line break as the Enter key.
    let body = "# Soil\n\n- loam\n- **compost** first\n\n<script>alert(1)</script>";
    app.type_into("#note-editor", &body.replace('\n', &ENTER.to_string()))
        .await?;
    app.wait_text("#note-preview h1", "Soil").await?;
    app.wait_text("#note-preview strong", "compost").await?;
    app.click("#note-save").await?;
    app.wait_text(".note-item", "Soil notes").await?;
    let preview = app.wait("#note-preview").await?.html(true).await?;
    assert!(
        !preview.contains("<script"),
        "the preview must be sanitized: {preview}"
    );

    app.click("#nav-tasks").await?;
    app.wait_text(".task-card", "Plant tomatoes").await?;
    let shot = app.screenshot("main-window").await?;
    assert!(
        std::fs::metadata(&shot)?.len() > 10_000,
        "{} looks empty",
        shot.display()
    );
    app.quit().await?;

    // The database on disk has it all, written by the app through the application layer.
    {
        let ws = Workspace::open(data.path())?;
        let tasks = ws.list_tasks(&TaskFilter::default().validate()?)?;
        assert_eq!(tasks.len(), 1);
        assert_eq!(
            (tasks[0].title.as_str(), tasks[0].status),
            ("Plant tomatoes", TaskStatus::Done)
        );
        assert_eq!(
            ws.list_comments(tasks[0].id)?[0].content,
            "Used the heirloom seeds"
        );
    }

    let app = Desktop::launch(data.path()).await?;
    app.click("#nav-tasks").await?;
    app.click("#view-board").await?;
    app.click_text(
        ".board-column[data-status='done'] .task-card",
        "Plant tomatoes",
    )
    .await?;
    app.wait_text("#task-detail .comment", "Used the heirloom seeds")
        .await?;
    app.click_until_gone("#detail-close", "#task-detail")
        .await?;
    app.click("#nav-notes").await?;
    app.click_text(".note-item", "Soil notes").await?;
    app.wait_text("#note-preview strong", "compost").await?;
    app.click("#nav-projects").await?;
    app.wait_text(".project-row", "Garden").await?;
    app.quit().await
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_title_shows_an_inline_error_and_creates_nothing() -> Result<()> {
    let data = tempfile::tempdir()?;
    let app = Desktop::launch(data.path()).await?;
    app.click("#nav-tasks").await?;
    app.click("#new-task").await?;
    app.type_into("#task-title", "   ").await?;
    app.click("#task-create").await?;
    app.wait_text(
        ".field-error[data-field='title']",
        "title must not be empty",
    )
    .await?;
    assert!(
        app.client
            .find_all(fantoccini::Locator::Css(".task-card, .task-row"))
            .await?
            .is_empty()
    );
    app.quit().await?;
    let ws = Workspace::open(data.path())?;
    assert!(
        ws.list_tasks(&TaskFilter::default().validate()?)?
            .is_empty(),
        "nothing may be created"
    );
    Ok(())
}
