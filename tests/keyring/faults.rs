//! Sync through a misbehaving network and a dying server: three devices edit while the server
//! is unreachable, then sync through a proxy that drops, delays, fails with 500 and 429, cuts
//! answers short and loses acknowledgements; and a server process killed with SIGKILL in the
//! middle of a push. Every time the devices converge, nothing is lost and nothing doubles.

use std::{
    io::{BufRead, BufReader},
    path::Path,
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use adiuva_app::{Workspace, transient};
use adiuva_domain::{
    ErrorCode, NewNote, NewTask, NotePatch, Task, TaskFilter, TaskPatch, TaskStatus,
};
use adiuva_e2e::{
    fault_proxy::{Fault, FaultProxy},
    local_server::LocalServer,
    profile_dir,
};
use anyhow::{Context, Result, bail};

use crate::{PASSPHRASE, workspace};

fn tasks(ws: &Workspace) -> Result<Vec<Task>> {
    let mut tasks = ws.list_tasks(&TaskFilter::default().validate()?)?;
    tasks.sort_by_key(|t| t.id.to_string());
    Ok(tasks)
}

fn new_task(ws: &Workspace, title: &str) -> Result<Task> {
    Ok(ws.create_task(
        NewTask {
            title: title.into(),
            ..NewTask::default()
        }
        .validate()?,
    )?)
}

fn patch(ws: &Workspace, task: &Task, patch: TaskPatch) -> Result<()> {
    ws.update_task(task.id, patch.validate()?)?;
    Ok(())
}

/// Sync with retries, pausing as the app would but never longer than a second and a half, so
/// the test stays short; every wait the app asked for is kept in `waits`.
fn sync(ws: &Workspace, waits: &mut Vec<Duration>) -> Result<()> {
    ws.sync_retrying(40, |wait| {
        waits.push(wait);
        std::thread::sleep(wait.min(Duration::from_millis(1500)));
    })?;
    Ok(())
}

#[test]
fn three_devices_converge_through_a_misbehaving_network() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let server = LocalServer::start(server_dir.path());
    let proxy = FaultProxy::start(&server.url);
    let dirs = [
        tempfile::tempdir()?,
        tempfile::tempdir()?,
        tempfile::tempdir()?,
    ];
    let laptop = workspace(dirs[0].path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&proxy.url, "faults@example.com", PASSPHRASE)?;
    let [weed, mow, rake] = ["Weed", "Mow", "Rake"].map(|t| new_task(&laptop, t));
    let (weed, mow, rake) = (weed?, mow?, rake?);
    let body = "Roses: prune.\n\nLawn: feed.\n";
    let note = laptop.create_note(
        NewNote {
            title: "Garden log".into(),
            content: Some(body.into()),
            project_id: None,
        }
        .validate()?,
    )?;
    laptop.sync_now()?;
    let desktop = workspace(dirs[1].path())?;
    desktop.sign_in(&proxy.url, "faults@example.com", PASSPHRASE)?;
    desktop.sync_now()?;
    let tablet = workspace(dirs[2].path())?;
    tablet.sign_in(&proxy.url, "faults@example.com", PASSPHRASE)?;
    tablet.sync_now()?;

    // The server becomes unreachable; everyone keeps working.
    proxy.set_plan(&[Fault::Drop]);
    for ws in [&laptop, &desktop, &tablet] {
        let err = ws.sync_now().expect_err("the server is unreachable");
        assert_eq!(err.code(), ErrorCode::Offline, "{err}");
        assert!(transient(&err).is_some(), "{err} is worth retrying");
    }
    patch(
        &laptop,
        &weed,
        TaskPatch {
            title: Some("Weed the beds".into()),
            ..TaskPatch::default()
        },
    )?;
    new_task(&laptop, "Laptop: buy twine")?;
    let edit_note = |ws: &Workspace, from: &str, to: &str| -> Result<()> {
        let content = ws.get_note(note.id)?.content.replace(from, to);
        ws.update_note(
            note.id,
            NotePatch {
                content: Some(content),
                ..NotePatch::default()
            }
            .validate()?,
        )?;
        Ok(())
    };
    edit_note(&laptop, "prune.", "prune hard.")?;
    patch(
        &desktop,
        &weed,
        TaskPatch {
            status: Some(TaskStatus::Done),
            ..TaskPatch::default()
        },
    )?;
    desktop.delete_task(mow.id)?;
    patch(
        &tablet,
        &rake,
        TaskPatch {
            description: Some("front lawn first".into()),
            ..TaskPatch::default()
        },
    )?;
    new_task(&tablet, "Tablet: sharpen shears")?;
    edit_note(&tablet, "feed.", "feed in April.")?;

    // The network comes back, badly.
    proxy.set_plan(&[
        Fault::Pass,
        Fault::Drop,
        Fault::ServerError,
        Fault::Pass,
        Fault::RateLimited(1),
        Fault::Truncate,
        Fault::Pass,
        Fault::LoseAnswer,
        Fault::Delay(Duration::from_millis(200)),
        Fault::Pass,
        Fault::Pass,
    ]);
    let mut waits = Vec::new();
    for _ in 0..2 {
        for ws in [&laptop, &desktop, &tablet] {
            sync(ws, &mut waits)?;
        }
    }
    proxy.set_plan(&[]);
    for ws in [&laptop, &desktop, &tablet] {
        ws.sync_now()?;
    }

    let applied: Vec<Fault> = proxy.log().into_iter().map(|(f, _)| f).collect();
    for fault in [
        Fault::ServerError,
        Fault::RateLimited(1),
        Fault::Truncate,
        Fault::LoseAnswer,
    ] {
        assert!(applied.contains(&fault), "{fault:?} never happened");
    }
    assert!(
        waits.iter().any(|w| *w >= Duration::from_secs(1)),
        "a 429's Retry-After is honoured: {waits:?}"
    );

    let on_laptop = tasks(&laptop)?;
    assert_eq!(tasks(&desktop)?, on_laptop);
    assert_eq!(tasks(&tablet)?, on_laptop);
    let mut titles: Vec<&str> = on_laptop.iter().map(|t| t.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        [
            "Laptop: buy twine",
            "Rake",
            "Tablet: sharpen shears",
            "Weed the beds"
        ],
        "nothing lost, nothing doubled, the deletion kept"
    );
    let weeded = on_laptop.iter().find(|t| t.id == weed.id).context("weed")?;
    assert_eq!(weeded.status, TaskStatus::Done);
    let raked = on_laptop.iter().find(|t| t.id == rake.id).context("rake")?;
    assert_eq!(raked.description, "front lawn first");
    for ws in [&laptop, &desktop, &tablet] {
        assert_eq!(
            ws.get_note(note.id)?.content,
            "Roses: prune hard.\n\nLawn: feed in April.\n"
        );
    }
    Ok(())
}

/// The server binary as its own process, so it can be killed for real.
struct ServerProcess {
    child: Child,
    url: String,
}

impl ServerProcess {
    fn start(data_dir: &Path) -> Result<Self> {
        let binary = profile_dir().join("adiuva-server");
        if !binary.exists() {
            bail!("{} is missing: run `cargo xtask test`", binary.display());
        }
        let mut child = Command::new(binary)
            .args(["--listen", "127.0.0.1:0", "--data-dir"])
            .arg(data_dir)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()?;
        let stdout = child.stdout.take().context("stdout")?;
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line)?;
        let url = line
            .trim()
            .rsplit(' ')
            .next()
            .filter(|u| u.starts_with("http://"))
            .with_context(|| format!("no address in {line:?}"))?
            .to_owned();
        Ok(Self { child, url })
    }
}

impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_server_killed_in_the_middle_of_a_push_loses_nothing() -> Result<()> {
    let _turn = crate::keyring_turn();
    let server_dir = tempfile::tempdir()?;
    let mut server = ServerProcess::start(server_dir.path())?;
    let proxy = FaultProxy::start(&server.url);
    let laptop_dir = tempfile::tempdir()?;
    let laptop = workspace(laptop_dir.path())?;
    laptop.create_vault(PASSPHRASE, PASSPHRASE)?;
    laptop.sign_up(&proxy.url, "killed@example.com", PASSPHRASE)?;
    for i in 0..400 {
        new_task(&laptop, &format!("Seed packet {i:03}"))?;
    }

    // Kill the server (SIGKILL) as soon as the push reaches it.
    let log_len = proxy.log().len();
    let err = std::thread::scope(|scope| {
        let killer = scope.spawn(|| -> Result<()> {
            let deadline = Instant::now() + Duration::from_secs(60);
            while !proxy.log()[log_len..]
                .iter()
                .any(|(_, line)| line.contains("/storage/push"))
            {
                if Instant::now() > deadline {
                    bail!("no push reached the server");
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            server.child.kill()?;
            server.child.wait()?;
            Ok(())
        });
        let outcome = laptop.sync_now();
        killer.join().expect("the killer thread")?;
        anyhow::Ok(outcome.expect_err("the server died under the push"))
    })?;
    assert_eq!(err.code(), ErrorCode::Offline, "{err}");

    // The server comes back on the same data; the device retries and nothing doubles.
    let restarted = ServerProcess::start(server_dir.path())?;
    proxy.set_upstream(&restarted.url);
    let mut waits = Vec::new();
    sync(&laptop, &mut waits)?;
    let desktop_dir = tempfile::tempdir()?;
    let desktop = workspace(desktop_dir.path())?;
    desktop.sign_in(&proxy.url, "killed@example.com", PASSPHRASE)?;
    sync(&desktop, &mut waits)?;
    let (on_laptop, on_desktop) = (tasks(&laptop)?, tasks(&desktop)?);
    assert_eq!(on_laptop.len(), 400);
    assert_eq!(on_desktop, on_laptop);
    let quiet = laptop.sync_now()?;
    assert_eq!(quiet.pushed, 0, "{quiet:?}");
    Ok(())
}
