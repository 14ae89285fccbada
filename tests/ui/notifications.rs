//! A desktop notification when an agent's suggestion arrives while the person is away from
//! the window: a stand-in notification service (the freedesktop `org.freedesktop.Notifications`
//! interface, owned on the test's own session bus) records what the app sends. What waited
//! before the app started, and what arrives while the window is in view, is not announced;
//! once Ctrl+W has hidden the window, a new suggestion is, with counts and no title.

use std::{
    collections::HashMap,
    sync::{Arc, Mutex},
    time::{Duration, Instant},
};

use adiuva_app::Workspace;
use adiuva_domain::AgentId;
use adiuva_e2e::{Desktop, PATIENCE, agent_that_creates_tasks};
use anyhow::{Result, bail, ensure};
use fantoccini::{
    actions::{InputSource, KeyAction, KeyActions},
    key::Key,
};
use serde_json::json;

/// `(app name, summary, body)` of every notification received.
type Received = Arc<Mutex<Vec<(String, String, String)>>>;

struct StandIn(Received);

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl StandIn {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        _actions: Vec<String>,
        _hints: HashMap<String, zbus::OwnedVariant>,
        _expire_timeout: i32,
    ) -> u32 {
        let mut received = self.0.lock().unwrap();
        received.push((app_name, summary, body));
        u32::try_from(received.len()).unwrap_or(u32::MAX)
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".to_owned()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        let info = ["stand-in", "adiuva-e2e", "1", "1.2"];
        info.map(str::to_owned).into()
    }

    fn close_notification(&self, _id: u32) {}
}

fn propose(ws: &Workspace, agent: AgentId, title: &str) -> Result<()> {
    let call = serde_json::from_value(json!({
        "name": "create_task",
        "arguments": {"title": title},
    }))?;
    let outcome = ws.execute(agent, &call)?;
    ensure!(!outcome.is_error, "create_task failed: {}", outcome.text);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn a_suggestion_arriving_while_away_is_a_desktop_notification() -> Result<()> {
    let received = Received::default();
    let _service = zbus::connection::Builder::session()
        .name("org.freedesktop.Notifications")
        .serve_at("/org/freedesktop/Notifications", StandIn(received.clone()))
        .build()
        .await?;

    let data = tempfile::tempdir()?;
    let ws = Workspace::open(data.path())?;
    let agent = agent_that_creates_tasks(&ws, "night-shift")?;
    propose(&ws, agent.id, "Waited before the app started")?;

    let app = Desktop::launch(data.path()).await?;
    app.wait_text("#review-badge", "1").await?;
    // The person looks at the window: a suggestion now shows in the badge, not as a notice.
    propose(&ws, agent.id, "Sort the seed tins")?;
    app.wait_text("#review-badge", "2").await?;
    // Ctrl+W hides the window to the tray; an agent in another process proposes a task.
    let hide = KeyActions::new("keyboard".into())
        .then(KeyAction::Down {
            value: Key::Control.into(),
        })
        .then(KeyAction::Down { value: 'w' })
        .then(KeyAction::Up { value: 'w' })
        .then(KeyAction::Up {
            value: Key::Control.into(),
        });
    app.client.perform_actions(hide).await?;
    tokio::time::sleep(Duration::from_secs(4)).await;
    ensure!(
        received.lock().unwrap().is_empty(),
        "a notice while the person was looking: {:?}",
        received.lock().unwrap()
    );
    propose(&ws, agent.id, "Renew the allotment lease")?;

    let deadline = Instant::now() + PATIENCE;
    let notice = loop {
        if let Some(first) = received.lock().unwrap().first().cloned() {
            break first;
        }
        if Instant::now() > deadline {
            bail!("no notification reached the notification service");
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    ensure!(
        notice
            == (
                "Adiuva".to_owned(),
                "A new suggestion to review".to_owned(),
                "From your agents; 3 wait in Review.".to_owned(),
            ),
        "{notice:?}"
    );
    app.quit().await?;
    Ok(())
}
