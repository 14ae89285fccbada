//! Harness for end-to-end tests: starts `tauri-driver` (which starts WebKitWebDriver), launches
//! the real built desktop app on a data directory, and offers waiting helpers over fantoccini.
//!
//! The app runs as a single instance, so launches are serialized across the tests of a binary.

pub mod fault_proxy;
pub mod local_server;
pub mod provider_stand_in;
pub mod tls_proxy;

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder, Locator, elements::Element, wd::Capabilities};
use serde_json::json;
use std::{
    net::TcpListener,
    path::{Path, PathBuf},
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};
use tokio::sync::{Mutex, MutexGuard};

/// Registers the agent `name` and lets it create tasks (`create_task`, blocking the rest): the
/// agent most end-to-end tests need.
pub fn agent_that_creates_tasks(
    ws: &adiuva_app::Workspace,
    name: &str,
) -> Result<adiuva_domain::Agent> {
    let draft = adiuva_domain::NewAgent {
        name: name.to_owned(),
        kind: None,
    };
    let agent = ws.add_agent(draft.validate()?)?;
    let scope = adiuva_domain::NewAssignment {
        allow: vec!["create_task".to_owned()],
        policy: Some(adiuva_domain::Policy::Block),
        reason: Some("triage the inbox".to_owned()),
        ..adiuva_domain::NewAssignment::default()
    };
    ws.assign(agent.id, scope.validate()?)?;
    Ok(agent)
}

/// How long a UI expectation may take before the test fails.
pub const PATIENCE: Duration = Duration::from_secs(15);

/// How long starting the app and opening a WebDriver session on it may take.
const SESSION_PATIENCE: Duration = Duration::from_secs(45);

static ONE_APP_AT_A_TIME: Mutex<()> = Mutex::const_new(());

/// Every file under `dir`, at any depth: what a "nothing secret on disk" scan must read (the
/// database, its WAL, and the webview's own storage under `webview/`).
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        // A directory removed since its parent was listed (see `read_if_there`).
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(files),
        entries => entries?,
    };
    for entry in entries {
        let path = entry?.path();
        if path.is_dir() {
            files.extend(files_under(&path)?);
        } else {
            files.push(path);
        }
    }
    Ok(files)
}

/// The bytes of a file listed by [`files_under`], or none if it went away since: SQLite and
/// WebKit (still closing after the app quit) remove their temporary files at any moment, and
/// a file that is gone holds nothing.
pub fn read_if_there(path: &Path) -> Result<Vec<u8>> {
    match std::fs::read(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        read => Ok(read?),
    }
}

/// Cargo's profile directory of the running test binary (`target/debug`).
pub fn profile_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary knows its path");
    exe.parent()
        .and_then(Path::parent)
        .expect("test binaries live in target/<profile>/deps")
        .to_path_buf()
}

/// The built desktop app; `cargo xtask test` builds it before running the tests.
pub fn app_binary() -> Result<PathBuf> {
    let binary = profile_dir().join("adiuva-desktop");
    if !binary.exists() {
        bail!(
            "{} is missing: run `cargo xtask test`, which builds the UI and the app first",
            binary.display()
        );
    }
    Ok(binary)
}

/// Two distinct free loopback ports (both are held while choosing, so they differ).
fn free_ports() -> Result<(u16, u16)> {
    let first = TcpListener::bind("127.0.0.1:0")?;
    let second = TcpListener::bind("127.0.0.1:0")?;
    Ok((first.local_addr()?.port(), second.local_addr()?.port()))
}

/// An element's `textContent`. WebKitWebDriver's rendered-text call drops the text of some
/// block children inside buttons, so matching uses the DOM's text instead.
async fn text_of(element: &Element) -> String {
    element
        .prop("textContent")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

/// Whether a WebDriver failure means the element was replaced, not ready yet, or covered for
/// a moment (an overlay fading out). WebKitWebDriver answers some of these transient states
/// with an `unknown error` that carries no message, so that one counts as transient too.
fn replaced(err: &anyhow::Error) -> bool {
    use fantoccini::error::{CmdError, ErrorStatus};
    if let Some(CmdError::Standard(wd)) = err.downcast_ref::<CmdError>() {
        return matches!(
            wd.error,
            ErrorStatus::StaleElementReference
                | ErrorStatus::NoSuchElement
                | ErrorStatus::ElementNotInteractable
                | ErrorStatus::ElementClickIntercepted
        ) || (wd.error == ErrorStatus::UnknownError && wd.message.trim().is_empty());
    }
    let text = format!("{err:#}");
    ["was not found", "stale element", "no such element"]
        .iter()
        .any(|m| text.contains(m))
}

/// A running tauri-driver, stopped with SIGTERM so it takes WebKitWebDriver down with it.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    async fn start() -> Result<Self> {
        let (port, native) = free_ports()?;
        let child = Command::new("tauri-driver")
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .context("cannot start tauri-driver (cargo xtask setup installs it)")?;
        let driver = Self { child, port };
        let deadline = Instant::now() + PATIENCE;
        while tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            if Instant::now() > deadline {
                bail!("tauri-driver did not listen on port {port}");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let _ = self.child.wait();
    }
}

/// The desktop app on one data directory, driven through its webview.
pub struct Desktop {
    pub client: Client,
    data_dir: PathBuf,
    _driver: Driver,
    /// Shared by the two windows of [`Desktop::launch_pair`]: the next test waits for both.
    _turn: std::sync::Arc<MutexGuard<'static, ()>>,
}

impl Drop for Desktop {
    fn drop(&mut self) {
        // A test that failed before `quit` leaves its app running; nothing else runs on this
        // test's private data directory, so its path identifies the process.
        let _ = Command::new("pkill").arg("-f").arg(&self.data_dir).status();
        // The app is single-instance per data directory: a relaunch while this one is still
        // exiting would hand over to it and quit, leaving WebDriver waiting. Wait it out.
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline
            && Command::new("pgrep")
                .arg("-f")
                .arg(&self.data_dir)
                .stdout(Stdio::null())
                .status()
                .is_ok_and(|s| s.success())
        {
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Desktop {
    /// Starts the app on `data_dir` and waits until the UI has mounted: the workspace, or the
    /// lock screen of a vault that is not unlocked.
    pub async fn launch(data_dir: &Path) -> Result<Self> {
        let turn = std::sync::Arc::new(ONE_APP_AT_A_TIME.lock().await);
        Self::mounted(data_dir, turn).await
    }

    /// Two apps at once, each on its own data directory (two devices side by side).
    pub async fn launch_pair(first: &Path, second: &Path) -> Result<(Self, Self)> {
        let turn = std::sync::Arc::new(ONE_APP_AT_A_TIME.lock().await);
        let one = Self::mounted(first, turn.clone()).await?;
        let two = Self::mounted(second, turn).await?;
        Ok((one, two))
    }

    async fn mounted(
        data_dir: &Path,
        turn: std::sync::Arc<MutexGuard<'static, ()>>,
    ) -> Result<Self> {
        let (driver, client) = Self::session(data_dir).await?;
        let desktop = Self {
            client,
            data_dir: data_dir.to_path_buf(),
            _driver: driver,
            _turn: turn,
        };
        desktop
            .wait("#nav-today, #lock-screen")
            .await
            .context("the UI did not mount")?;
        Ok(desktop)
    }

    /// Starts a driver and opens a session on the app. tauri-driver occasionally drops the
    /// first request while WebKitWebDriver is still starting; a fresh driver gets another try.
    async fn session(data_dir: &Path) -> Result<(Driver, Client)> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let driver = Driver::start().await?;
            let mut capabilities = Capabilities::new();
            capabilities.insert("browserName".into(), json!("wry"));
            capabilities.insert(
                "tauri:options".into(),
                json!({ "application": app_binary()?, "args": ["--data-dir", data_dir] }),
            );
            let url = format!("http://127.0.0.1:{}", driver.port);
            let mut builder =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            builder.capabilities(capabilities);
            let connecting = builder.connect(&url);
            // An app that exits at start (say, handing over to an instance still quitting)
            // leaves WebKitWebDriver waiting forever; a bounded wait turns that into a retry.
            let connected = match tokio::time::timeout(SESSION_PATIENCE, connecting).await {
                Ok(connected) => connected.map_err(anyhow::Error::from),
                Err(_) => Err(anyhow::anyhow!(
                    "no session within {}s",
                    SESSION_PATIENCE.as_secs()
                )),
            };
            match connected {
                Ok(client) => return Ok((driver, client)),
                Err(err) if attempts < 3 => {
                    eprintln!("WebDriver session attempt {attempts} failed ({err}); retrying");
                    drop(driver);
                    tokio::time::sleep(Duration::from_millis(300)).await;
                }
                Err(err) => return Err(err).context("cannot open a WebDriver session on the app"),
            }
        }
    }

    /// Ends the session, which quits the app.
    pub async fn quit(self) -> Result<()> {
        self.client
            .clone()
            .close()
            .await
            .context("cannot end the WebDriver session")
    }

    /// The first element matching `css`, once it exists.
    pub async fn wait(&self, css: &str) -> Result<Element> {
        self.client
            .wait()
            .at_most(PATIENCE)
            .for_element(Locator::Css(css))
            .await
            .with_context(|| format!("no element matches {css}"))
    }

    /// The first element matching `css` whose text contains `text`, once there is one.
    pub async fn wait_text(&self, css: &str, text: &str) -> Result<Element> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            for element in self.client.find_all(Locator::Css(css)).await? {
                if text_of(&element).await.contains(text) {
                    return Ok(element);
                }
            }
            if Instant::now() > deadline {
                let shown = self.texts(css).await;
                let toasts = self.texts(".toast").await;
                let shot = self
                    .screenshot("failure")
                    .await
                    .map(|p| p.display().to_string());
                bail!(
                    "no {css} shows {text:?} (they show {shown:?}; toasts: {toasts:?}; screenshot: {shot:?})"
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The texts of every element matching `css` (for failure messages).
    async fn texts(&self, css: &str) -> Vec<String> {
        let mut texts = Vec::new();
        for element in self
            .client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_default()
        {
            texts.push(text_of(&element).await);
        }
        texts
    }

    /// Waits until nothing matches `css`.
    pub async fn wait_gone(&self, css: &str) -> Result<()> {
        let deadline = Instant::now() + PATIENCE;
        while !self.client.find_all(Locator::Css(css)).await?.is_empty() {
            if Instant::now() > deadline {
                bail!("{css} is still there");
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        Ok(())
    }

    /// Repeats `act` while it fails because the page re-rendered under it: lists refresh
    /// after every change, so an element found a moment ago may have been replaced.
    async fn retrying<T>(&self, what: &str, mut act: impl AsyncFnMut() -> Result<T>) -> Result<T> {
        let deadline = Instant::now() + PATIENCE;
        loop {
            match act().await {
                Ok(value) => return Ok(value),
                Err(err) if Instant::now() < deadline && replaced(&err) => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                Err(err) => {
                    let status = match err.downcast_ref::<fantoccini::error::CmdError>() {
                        Some(fantoccini::error::CmdError::Standard(wd)) => {
                            format!(" ({:?})", wd.error)
                        }
                        _ => String::new(),
                    };
                    return Err(err.context(format!("{what}{status}")));
                }
            }
        }
    }

    pub async fn click(&self, css: &str) -> Result<()> {
        self.retrying(&format!("cannot click {css}"), async || {
            Ok(self.wait(css).await?.click().await?)
        })
        .await
    }

    /// Clicks the element matching `css` whose text contains `text`.
    pub async fn click_text(&self, css: &str, text: &str) -> Result<()> {
        self.retrying(
            &format!("cannot click the {css} showing {text:?}"),
            async || Ok(self.wait_text(css, text).await?.click().await?),
        )
        .await
    }

    /// Sends keys (WebDriver key codes allowed) to the element matching `css` showing `text`.
    pub async fn press(&self, css: &str, text: &str, keys: &str) -> Result<()> {
        self.retrying(
            &format!("cannot send keys to the {css} showing {text:?}"),
            async || Ok(self.wait_text(css, text).await?.send_keys(keys).await?),
        )
        .await
    }

    /// Sends keys to the element showing `text` until `expected` appears: a list refreshing
    /// between finding the element and the key press can swallow the press.
    pub async fn press_until(
        &self,
        css: &str,
        text: &str,
        keys: &str,
        expected: &str,
    ) -> Result<()> {
        for _ in 0..3 {
            self.press(css, text, keys).await?;
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if self.present(expected).await? {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        bail!("pressing {keys:?} on the {css} showing {text:?} never showed {expected}")
    }

    /// Clicks `css` until nothing matches `gone`: a click that lands while the page
    /// re-renders (a detail refreshing its comments) can be swallowed, and the panel it
    /// should have closed then covers everything else.
    pub async fn click_until_gone(&self, css: &str, gone: &str) -> Result<()> {
        for _ in 0..3 {
            self.click(css).await?;
            let deadline = Instant::now() + Duration::from_secs(5);
            while Instant::now() < deadline {
                if !self.present(gone).await? {
                    return Ok(());
                }
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        }
        bail!("clicking {css} never closed {gone}")
    }

    /// Replaces the value of the input matching `css` by typing `text`.
    /// Under load a re-render can drop typed characters, so plain text is checked against
    /// the field's value and typed again when it did not all arrive (text with WebDriver key
    /// codes such as Enter is typed once).
    pub async fn type_into(&self, css: &str, text: &str) -> Result<()> {
        let plain = !text.chars().any(|c| ('\u{E000}'..='\u{F8FF}').contains(&c));
        for _ in 0..3 {
            self.retrying(&format!("cannot type into {css}"), async || {
                let input = self.wait(css).await?;
                input.clear().await?;
                Ok(input.send_keys(text).await?)
            })
            .await?;
            if !plain {
                return Ok(());
            }
            let value = self.wait(css).await?.prop("value").await?;
            if value.as_deref() == Some(text) {
                return Ok(());
            }
        }
        bail!("{css} never held the typed text")
    }

    /// Chooses the option of the select matching `css` whose label contains `label`, once
    /// the select offers it (options often arrive with data loaded after the form opens).
    pub async fn select(&self, css: &str, label: &str) -> Result<()> {
        self.click_text(&format!("{css} option"), label).await
    }

    /// Runs a script in the page and returns what it resolves to.
    pub async fn run_async(&self, script: &str) -> Result<serde_json::Value> {
        Ok(self.client.execute_async(script, vec![]).await?)
    }

    /// The `textContent` of the first element matching `css`.
    pub async fn text(&self, css: &str) -> Result<String> {
        Ok(text_of(&self.wait(css).await?).await)
    }

    /// Whether an element matching `css` shows `text` right now.
    pub async fn present_text(&self, css: &str, text: &str) -> Result<bool> {
        for element in self.client.find_all(Locator::Css(css)).await? {
            if text_of(&element).await.contains(text) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether anything matches `css` right now.
    pub async fn present(&self, css: &str) -> Result<bool> {
        Ok(!self.client.find_all(Locator::Css(css)).await?.is_empty())
    }

    /// Saves a PNG of the window's viewport under `target/ui-screenshots/`.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        let png = self
            .client
            .screenshot()
            .await
            .context("cannot take a screenshot")?;
        let dir = profile_dir()
            .parent()
            .context("target dir")?
            .join("ui-screenshots");
        std::fs::create_dir_all(&dir)?;
        let path = dir.join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}
