//! The webview gets the app's own commands and nothing else, under a strict CSP.

use adiuva_e2e::Desktop;
use anyhow::Result;

#[tokio::test(flavor = "multi_thread")]
async fn the_webview_can_call_only_the_apps_commands() -> Result<()> {
    let data = tempfile::tempdir()?;
    let app = Desktop::launch(data.path()).await?;
    let answer = |script: &str| {
        format!(
            "const done = arguments[0]; Promise.resolve().then(() => {script})\
             .then(v => done({{ok: v === undefined ? null : v}}), e => done({{err: String(e && (e.message || e))}}));"
        )
    };
    // An app command answers, with its result or its typed error.
    let own = app
        .run_async(&answer(
            "window.__TAURI__.core.invoke('create_project', {input: {name: 'Lockdown'}})",
        ))
        .await?;
    assert_eq!(own["ok"]["name"], "Lockdown", "{own}");
    let typed = app
        .run_async(&answer(
            "window.__TAURI__.core.invoke('create_project', {input: {name: ' '}}).catch(e => e.field)",
        ))
        .await?;
    assert_eq!(typed["ok"], "name");
    // A core command the capability does not grant is refused.
    let core = app
        .run_async(&answer(
            "window.__TAURI__.core.invoke('plugin:window|close', {label: 'main'})",
        ))
        .await?;
    assert!(
        core["err"]
            .as_str()
            .unwrap_or_default()
            .contains("not allowed"),
        "{core}"
    );
    // The CSP forbids eval.
    let eval = app.run_async(&answer("eval('1 + 1')")).await?;
    assert!(eval["err"].is_string(), "eval ran despite the CSP: {eval}");
    app.quit().await
}
