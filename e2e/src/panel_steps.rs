//! Steps an operator takes in the panel, built from [`crate::actions`]:
//! opening the page, connecting, choosing a deployment, loading files, and
//! waiting for the messages the panel shows in reply.

use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, ensure};
use fantoccini::{Client, Locator};
use serde_json::Value;

use crate::actions;
use crate::material::Material;
use crate::ui::{self, names};
use crate::wait::{DEFAULT_TIMEOUT, Seen, wait_until};

/// Opens the panel at `url` and waits until its Connection section shows
/// and its `config.json` has arrived.
///
/// The panel applies `config.json` as soon as the response arrives, a few
/// microtasks later, while typing the credentials takes several WebDriver
/// round trips; so connecting after this uses the file's settings.
pub async fn open_panel(client: &Client, url: &str) -> Result<()> {
    client.goto(url).await?;
    actions::region(client, names::CONNECTION_SECTION).await?;
    let script = "return performance.getEntriesByType('resource')\
                  .some(entry => entry.name.endsWith('/config.json') && entry.responseEnd > 0);";
    wait_until("config.json to arrive", DEFAULT_TIMEOUT, async || {
        Ok(match client.execute(script, Vec::new()).await? {
            Value::Bool(true) => Seen::Done(()),
            other => Seen::NotYet(format!("config.json loaded: {other}")),
        })
    })
    .await
}

/// Types the key and secret, ticks "Remember for this tab" when `remember`
/// is set, and clicks Connect, without waiting for the outcome.
pub async fn submit_credentials(
    client: &Client,
    key: &str,
    secret: &str,
    remember: bool,
) -> Result<()> {
    actions::fill(client, names::API_KEY, key).await?;
    actions::fill(client, names::API_SECRET, secret).await?;
    let checkbox = actions::field(client, names::REMEMBER_FOR_TAB).await?;
    if checkbox.is_selected().await? != remember {
        checkbox.click().await?;
    }
    actions::click_button(client, names::CONNECT).await
}

/// Connects with `key` and `secret` and waits for "Connected as KEY".
pub async fn connect(client: &Client, key: &str, secret: &str, remember: bool) -> Result<()> {
    submit_credentials(client, key, secret, remember).await?;
    actions::wait_for_text(client, names::CONNECTION_SECTION, &names::connected_as(key)).await?;
    Ok(())
}

/// Types `id` into "Deployment ID" and clicks Open.
pub async fn open_typed_id(client: &Client, id: &str) -> Result<()> {
    actions::fill(client, names::DEPLOYMENT_ID, id).await?;
    actions::click_button(client, names::OPEN).await
}

/// Chooses `id` in the deployment list and waits until the card shows a
/// status or "No custom certificate".
pub async fn choose_deployment(client: &Client, id: &str) -> Result<()> {
    actions::select_value(client, names::DEPLOYMENT_SELECT, id).await?;
    wait_until(
        &format!("the card of {id} to load"),
        DEFAULT_TIMEOUT,
        async || {
            let text = actions::text_of_region(client, names::CERTIFICATE_SECTION).await?;
            Ok(
                if text.contains(id)
                    && (text.contains(names::NO_CERTIFICATE) || text.contains("Status"))
                {
                    Seen::Done(())
                } else {
                    Seen::NotYet(format!("card text {text:?}"))
                },
            )
        },
    )
    .await
}

/// What the operator put into the upload form: the TLS type and a file per slot.
#[derive(Clone, Debug)]
pub struct Upload {
    /// `one-way` or `two-way`, the label of the radio button.
    pub tls_type: &'static str,
    /// Slot names (the file inputs' accessible names) and the files loaded into them.
    pub files: Vec<(&'static str, PathBuf)>,
}

impl Upload {
    /// The chain and its key, as one-way.
    pub fn one_way(material: &Material) -> Self {
        Self {
            tls_type: names::ONE_WAY,
            files: vec![
                (names::CHAIN_SLOT, material.chain.clone()),
                (names::KEY_SLOT, material.key.clone()),
            ],
        }
    }

    /// The chain, its key and the client CA, as two-way.
    pub fn two_way(material: &Material) -> Self {
        Self {
            tls_type: names::TWO_WAY,
            files: vec![
                (names::CHAIN_SLOT, material.chain.clone()),
                (names::KEY_SLOT, material.key.clone()),
                (names::CLIENT_CA_SLOT, material.client_ca.clone()),
            ],
        }
    }
}

/// Chooses the TLS type and loads every file of `upload`, waiting until each
/// slot shows its file's name.
pub async fn fill_upload(client: &Client, upload: &Upload) -> Result<()> {
    actions::choose_radio(client, names::TLS_TYPE_LEGEND, upload.tls_type).await?;
    for (slot, path) in &upload.files {
        actions::load_file(client, slot, path).await?;
        actions::wait_for_text(client, names::UPLOAD_SECTION, &file_name(path)).await?;
    }
    Ok(())
}

/// Checks that the upload form still shows every file of `upload` and has
/// its TLS type chosen.
pub async fn expect_upload_kept(client: &Client, upload: &Upload) -> Result<()> {
    let text = actions::text_of_region(client, names::UPLOAD_SECTION).await?;
    for (slot, path) in &upload.files {
        let name = file_name(path);
        ensure!(
            text.contains(&name),
            "the {slot:?} slot no longer shows {name}; the upload section reads {text:?}"
        );
    }
    let radio = client
        .find(Locator::XPath(&ui::radio_xpath(
            names::TLS_TYPE_LEGEND,
            upload.tls_type,
        )))
        .await?;
    ensure!(
        radio.is_selected().await?,
        "the TLS type {:?} is no longer chosen",
        upload.tls_type
    );
    Ok(())
}

/// Waits until a `role="alert"` in the region `region` contains `needle`,
/// and returns the alert's text.
pub async fn wait_for_alert(client: &Client, region: &str, needle: &str) -> Result<String> {
    wait_until(
        &format!("an alert with {needle:?} in {region:?}"),
        DEFAULT_TIMEOUT,
        async || {
            let alert = actions::alert_in(client, region).await?;
            Ok(match alert {
                Some(text) if text.contains(needle) => Seen::Done(text),
                other => Seen::NotYet(format!("alert {other:?}")),
            })
        },
    )
    .await
}

/// Waits until the live region announces text containing `needle`.
pub async fn wait_for_announcement(client: &Client, needle: &str) -> Result<String> {
    wait_until(
        &format!("the announcement {needle:?}"),
        DEFAULT_TIMEOUT,
        async || {
            let text = actions::status_text(client).await?;
            Ok(if text.contains(needle) {
                Seen::Done(text)
            } else {
                Seen::NotYet(format!("live region {text:?}"))
            })
        },
    )
    .await
}

/// Waits until the save button shows and returns its name, "Create
/// certificate" or "Replace certificate", which tells POST from PUT.
pub async fn save_button_name(client: &Client) -> Result<&'static str> {
    wait_until("the save button", DEFAULT_TIMEOUT, async || {
        for name in [names::CREATE, names::REPLACE] {
            let xpath = ui::button_xpath("//", name);
            for element in client.find_all(Locator::XPath(&xpath)).await? {
                if element.is_displayed().await? {
                    return Ok(Seen::Done(name));
                }
            }
        }
        Ok(Seen::NotYet("neither save button is displayed".to_owned()))
    })
    .await
}

/// How long [`click_save`] watches for the confirmation dialog of a save.
const CONFIRMATION_WAIT: Duration = Duration::from_secs(1);

/// Clicks the save button once it is enabled, confirms the dialog when the
/// panel shows one (a replace that changes the expiry or tlsType, or files
/// added for another deployment), and returns the button's name.
pub async fn click_save(client: &Client) -> Result<&'static str> {
    let name = save_button_name(client).await?;
    actions::click_button(client, name).await?;
    if name == names::REPLACE {
        confirm_if_shown(
            client,
            names::REPLACE_DIALOG_HEADING,
            names::CONFIRM_REPLACE,
        )
        .await?;
    } else {
        confirm_if_shown(client, names::CREATE_DIALOG_HEADING, names::CONFIRM_CREATE).await?;
    }
    Ok(name)
}

/// Clicks the button `confirm` of the dialog titled `heading` if it opens
/// within [`CONFIRMATION_WAIT`]. A save that needs no confirmation is sent
/// at once, so the dialog's absence is no error.
async fn confirm_if_shown(client: &Client, heading: &str, confirm: &str) -> Result<()> {
    let dialog_xpath = ui::open_dialog_xpath(heading);
    let opened = wait_until("the save confirmation", CONFIRMATION_WAIT, async || {
        for dialog in client.find_all(Locator::XPath(&dialog_xpath)).await? {
            if dialog.is_displayed().await? {
                return Ok(Seen::Done(dialog));
            }
        }
        Ok(Seen::NotYet("no open dialog".to_owned()))
    })
    .await;
    let Ok(dialog) = opened else {
        return Ok(());
    };
    dialog
        .find(Locator::XPath(&ui::button_xpath(".//", confirm)))
        .await
        .with_context(|| format!("the dialog {heading:?} has no button {confirm:?}"))?
        .click()
        .await?;
    Ok(())
}

/// Returns whether the displayed button named `name` is enabled.
pub async fn button_enabled(client: &Client, name: &str) -> Result<bool> {
    let button = actions::button(client, name).await?;
    actions::is_enabled(&button).await
}

/// Returns the file name of `path` as the upload slots show it.
pub fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}
