//! Settings → Providers in the window, against a local stand-in speaking OpenAI's wire format:
//! a bad base URL refused inline, a key that shows only its last four characters (in the page
//! and on disk), Test listing models into the picker, a replaced key rejected by the provider,
//! and a removed key.

use adiuva_app::Workspace;
use adiuva_e2e::{
    Desktop,
    provider_stand_in::{Behaviour, ProviderStandIn},
};
use anyhow::{Result, ensure};

const KEY: &str = "sk-ui-test-9d41b7c03e5a6f28c1d4e9b0a7f3c8e2";
const WRONG_KEY: &str = "sk-ui-test-00000000000000000000000000000bad";

#[tokio::test(flavor = "multi_thread")]
async fn a_provider_key_is_added_tested_replaced_and_removed() -> Result<()> {
    let stand_in = ProviderStandIn::start(Behaviour::OpenAi { key: KEY.into() });
    let data = tempfile::tempdir()?;
    let app = Desktop::launch(data.path()).await?;

    app.click("#nav-settings").await?;
    app.click("#settings-providers").await?;
    app.click("#provider-add").await?;
    app.select("#provider-preset", "Custom").await?;
    app.type_into("#provider-name", "Local gateway").await?;
    app.type_into("#provider-base-url", "not a url").await?;
    app.type_into("#provider-key", KEY).await?;
    app.click("#provider-submit").await?;
    app.wait(".field-error[data-field='base_url']").await?;
    ensure!(
        !app.present(".provider-row").await?,
        "a refused form adds nothing"
    );

    app.type_into("#provider-base-url", &stand_in.base_url)
        .await?;
    app.click("#provider-submit").await?;
    app.wait_text(".provider-row .provider-key-hint", "••••c8e2")
        .await?;
    let page = app.client.source().await?;
    ensure!(!page.contains(KEY), "the page never holds the key");

    app.click(".provider-row .provider-test").await?;
    let result = app.wait(".provider-test-result").await?;
    let outcome = result.attr("data-outcome").await?;
    ensure!(
        outcome.as_deref() == Some("ok"),
        "the test answered {outcome:?}: {:?}",
        result.prop("textContent").await?
    );
    app.select(".provider-model-select", "gpt-4o-mini").await?;
    app.wait_text(".provider-row .provider-model", "gpt-4o-mini")
        .await?;
    app.screenshot("settings-providers").await?;

    app.click(".provider-row .provider-replace-key").await?;
    app.type_into(".provider-key-form input", WRONG_KEY).await?;
    app.click(".provider-key-save").await?;
    app.wait_text(".provider-row .provider-key-hint", "••••0bad")
        .await?;
    app.wait_gone(".provider-test-result").await?;
    app.click(".provider-row .provider-test").await?;
    app.wait(".provider-test-result[data-outcome='bad_key']")
        .await?;

    app.click(".provider-row .provider-remove-key").await?;
    app.click("#confirm-ok").await?;
    app.wait_text(".provider-row .provider-key-hint", "No key")
        .await?;
    app.quit().await?;

    let ws = Workspace::open(data.path())?;
    let providers = ws.list_providers()?;
    ensure!(
        providers.len() == 1
            && providers[0].key_last4.is_none()
            && providers[0].model.as_deref() == Some("gpt-4o-mini"),
        "what the window did is what the workspace holds: {providers:?}"
    );
    for file in adiuva_e2e::files_under(data.path())? {
        let bytes = adiuva_e2e::read_if_there(&file)?;
        for key in [KEY, WRONG_KEY] {
            ensure!(
                !bytes.windows(key.len()).any(|w| w == key.as_bytes()),
                "a provider key reached the data directory"
            );
        }
    }
    Ok(())
}
