//! An external agent's suggestions reviewed in the window: three tasks it created through the
//! executor wait behind a badge of 3; two are selected from the keyboard and approved in bulk,
//! the third rejected; the board shows the two; the Agents page shows the calls and the
//! decisions, extends the agent's assignment and verifies the ledger with the same head
//! hash the application layer computes.

use adiuva_app::Workspace;
use adiuva_domain::{Priority, TaskFilter};
use adiuva_e2e::{Desktop, agent_that_creates_tasks};
use anyhow::{Context, Result, ensure};
use fantoccini::Locator;
use serde_json::json;

/// The agent's three tasks, in the order it proposed them.
const TITLES: [&str; 3] = [
    "Water the beans",
    "Order seed catalogue",
    "Paint the shed pink",
];

/// Prepares the workspace as an external agent would leave it: registered, assigned
/// `create_task`, and three calls through `Workspace::execute`. Answers the tasks' review keys.
fn agent_proposes_three_tasks(data: &std::path::Path) -> Result<Vec<String>> {
    let ws = Workspace::open(data)?;
    let agent = agent_that_creates_tasks(&ws, "ext")?;
    let mut keys = Vec::new();
    for title in TITLES {
        // `ToolCall` as a transport decodes it from the wire.
        let call = serde_json::from_value(json!({
            "name": "create_task",
            "arguments": {"title": title, "rationale": format!("spotted in the inbox: {title}")},
        }))?;
        let outcome = ws.execute(agent.id, &call)?;
        ensure!(!outcome.is_error, "create_task failed: {}", outcome.text);
        let id = outcome.structured["task"]["id"]
            .as_str()
            .context("create_task answers the task")?;
        keys.push(format!("task:{id}"));
    }
    ensure!(ws.review_count()? == 3);
    Ok(keys)
}

/// The texts of every element matching `css` right now.
async fn texts(app: &Desktop, css: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    for element in app.client.find_all(Locator::Css(css)).await? {
        out.push(element.prop("textContent").await?.unwrap_or_default());
    }
    Ok(out)
}

fn item(key: &str) -> String {
    format!(".review-item[data-key='{key}']")
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agents_suggestions_are_approved_in_bulk_rejected_and_in_the_ledger() -> Result<()> {
    let data = tempfile::tempdir()?;
    let keys = agent_proposes_three_tasks(data.path())?;
    let app = Desktop::launch(data.path()).await?;

    app.wait_text("#review-badge", "3").await?;
    app.click("#nav-review").await?;
    for title in TITLES {
        app.wait_text(".review-item", title).await?;
    }
    app.wait_text(".review-rationale", "spotted in the inbox: Water the beans")
        .await?;

    // x selects the item that has focus; sending keys to a card focuses it first.
    app.press(".review-item", TITLES[0], "x").await?;
    app.wait(&format!("{}.is-selected", item(&keys[0]))).await?;
    app.press(".review-item", TITLES[1], "x").await?;
    app.wait(&format!("{}.is-selected.is-focused", item(&keys[1])))
        .await?;
    app.wait_text("#review-select-all", "2 selected").await?;
    let shot = app.screenshot("review").await?;
    ensure!(
        std::fs::metadata(&shot)?.len() > 10_000,
        "{} looks empty",
        shot.display()
    );

    app.click("#review-bulk-approve").await?;
    app.wait_gone(&item(&keys[0])).await?;
    app.wait_gone(&item(&keys[1])).await?;
    app.wait_text("#review-badge", "1").await?;

    app.press(".review-item", TITLES[2], "r").await?;
    app.wait_text(".empty-title", "Nothing waiting for review")
        .await?;
    app.wait_gone("#review-badge").await?;

    app.click("#nav-tasks").await?;
    app.click("#view-board").await?;
    app.wait_text(".task-card", TITLES[0]).await?;
    app.wait_text(".task-card", TITLES[1]).await?;
    let cards = texts(&app, ".task-card").await?;
    ensure!(cards.len() == 2, "the board shows {cards:?}");
    ensure!(
        !cards.iter().any(|c| c.contains(TITLES[2])),
        "a rejected suggestion is never work: {cards:?}"
    );

    app.click("#nav-agents").await?;
    app.wait_text(".agent-card .assignment-allow", "create_task")
        .await?;
    app.wait_text(".ledger-entry", "rejected").await?;
    let shown = |action: &str| format!(".ledger-entry[data-action='{action}']");
    ensure!(texts(&app, &shown("create_task")).await?.len() == 3);
    ensure!(texts(&app, &shown("review.approve")).await?.len() == 2);
    let rejected = texts(&app, &shown("review.reject")).await?;
    ensure!(
        rejected.len() == 1 && rejected[0].contains("You"),
        "{rejected:?}"
    );
    // The action filter narrows the list to the rejection.
    app.select("#activity-action", "rejected").await?;
    app.wait_gone(&shown("create_task")).await?;
    ensure!(texts(&app, ".ledger-entry").await?.len() == 1);

    // Extending the assignment supersedes it with the wider allow-list.
    app.click(".agent-card .agent-extend").await?;
    app.type_into(".extend-form .extend-allow", "create_note")
        .await?;
    app.click(".extend-form .extend-submit").await?;
    app.wait_text(".agent-card .assignment-allow", "create_task, create_note")
        .await?;

    app.click("#ledger-verify").await?;
    let verified = app
        .wait_text(
            "#verify-result[data-state='ok']",
            "Ledger verified: 6 entries",
        )
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    app.select("#activity-action", "Any").await?;
    app.wait(&shown("create_task")).await?;
    app.screenshot("agents").await?;
    app.quit().await?;

    let ws = Workspace::open(data.path())?;
    let report = ws.verify_ledger()?;
    let head = report.head.context("the ledger has entries")?;
    ensure!(
        verified.ends_with(&head),
        "the window shows {verified:?}, the workspace's head is {head}"
    );
    let mut titles: Vec<String> = ws
        .list_tasks(&TaskFilter::default().validate()?)?
        .into_iter()
        .map(|t| t.title)
        .collect();
    titles.sort();
    ensure!(titles == [TITLES[1], TITLES[0]], "{titles:?}");
    ensure!(ws.review_count()? == 0);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_suggestion_is_edited_then_approved_from_the_keyboard() -> Result<()> {
    let data = tempfile::tempdir()?;
    {
        let ws = Workspace::open(data.path())?;
        let agent = agent_that_creates_tasks(&ws, "ext")?;
        let call = serde_json::from_value(json!({
            "name": "create_task",
            "arguments": {
                "title": "Fix the gate",
                "description": "Hinges squeak",
                "priority": "high",
                "due_date": "2026-12-01",
            },
        }))?;
        ensure!(!ws.execute(agent.id, &call)?.is_error);
    }

    let app = Desktop::launch(data.path()).await?;
    app.click("#nav-review").await?;
    app.press(".review-item", "Fix the gate", "e").await?;
    // The form starts as proposed.
    let value = |css: &'static str| {
        let app = &app;
        async move {
            Ok::<_, anyhow::Error>(
                app.wait(css)
                    .await?
                    .prop("value")
                    .await?
                    .unwrap_or_default(),
            )
        }
    };
    ensure!(value("#review-edit-title").await? == "Fix the gate");
    ensure!(value("#review-edit-description").await? == "Hinges squeak");
    ensure!(value("#review-edit-priority").await? == "high");
    ensure!(value("#review-edit-due").await? == "2026-12-01");

    app.type_into("#review-edit-title", "Fix the garden gate")
        .await?;
    app.type_into("#review-edit-description", "Oil the hinges first")
        .await?;
    app.select("#review-edit-priority", "Low").await?;
    app.wait("#review-edit-due").await?.clear().await?;
    app.click("#review-edit-save").await?;
    app.wait_text(".empty-title", "Nothing waiting for review")
        .await?;
    app.quit().await?;

    let ws = Workspace::open(data.path())?;
    let tasks = ws.list_tasks(&TaskFilter::default().validate()?)?;
    let task = tasks.first().context("the approved task is work")?;
    ensure!(tasks.len() == 1, "{tasks:?}");
    ensure!(
        (
            task.title.as_str(),
            task.description.as_str(),
            task.priority,
            task.due_date
        ) == (
            "Fix the garden gate",
            "Oil the hinges first",
            Priority::Low,
            None
        ),
        "{task:?}"
    );
    ensure!(ws.review_count()? == 0);
    Ok(())
}
