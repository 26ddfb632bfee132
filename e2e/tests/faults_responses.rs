//! Unusual response bodies: a 204 with an empty body after DELETE, a status
//! with unknown fields and a `cn`, and an `expire` that is missing or in an
//! unexpected format.
//!
//! Needs the panel's release build (`PANEL_DIST`) and the simulator
//! (`PLATFORM_SIM_BIN`); `scripts/test.sh` builds both.

use anyhow::{Context, Result, ensure};
use e2e::actions;
use e2e::browser::BrowserOptions;
use e2e::card;
use e2e::fixture::{Fixture, no_settings};
use e2e::panel_steps::{
    Upload, choose_deployment, connect, expect_upload_kept, fill_upload, open_panel,
    save_button_name, wait_for_announcement,
};
use e2e::sim_aids::TLS_ROUTE;
use e2e::simulator::{API_KEY, SimulatorConfig};
use e2e::ui::{self, messages, names};
use e2e::wait::{DEFAULT_TIMEOUT, Seen, wait_until};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

/// Demo deployment with a one-way certificate.
const WITH_CERTIFICATE: &str = "ge6a1a75";

/// The `cn` the simulator adds with the `extra-fields` fault.
const SIMULATED_CN: &str = "broker.example.test";
/// Values of the unknown fields the `extra-fields` fault adds; none may show.
const UNKNOWN_FIELD_TEXTS: [&str; 5] = [
    "sim-7f3a9c",
    "Simulated CA",
    "certificateId",
    "issuer",
    "renewable",
];
/// The `expire` the simulator sends with the `expire-odd` fault by default.
const ODD_EXPIRE: &str = "22/05/2034 2:43 AM";
/// An `expire` given as a JSON number of seconds since the Unix epoch.
const NUMERIC_EXPIRE: i64 = 2_031_619_401;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn odd_status_bodies_show_in_card() {
    let fixture = start("odd_status_bodies_show_in_card").await;
    fixture.run(odd_bodies_scenario).await;
}

async fn odd_bodies_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, f.simulator.secret(), false).await?;
    choose_deployment(&client, WITH_CERTIFICATE).await?;
    let upload = Upload::two_way(&f.material);
    fill_upload(&client, &upload).await?;
    let normal_type = card::value(&client, names::TERM_TYPE).await?;
    let normal_status = card::value(&client, names::TERM_STATUS).await?;

    f.log("unknown fields and a cn");
    refresh_with_fault(f, json!({"kind": "extra-fields"})).await?;
    let common_name = wait_for_card_value(&client, names::TERM_COMMON_NAME, |value| {
        value == SIMULATED_CN
    })
    .await?;
    f.log(&format!("Common name: {common_name:?}"));
    let text = actions::text_of_region(&client, names::CERTIFICATE_SECTION).await?;
    for unknown in UNKNOWN_FIELD_TEXTS {
        ensure!(
            !text.contains(unknown),
            "the card shows the unknown field text {unknown:?}: {text:?}"
        );
    }
    expect_card_intact(&client, &normal_type, &normal_status).await?;
    expect_upload_kept(&client, &upload).await?;

    f.log("expire missing");
    refresh_with_fault(f, json!({"kind": "expire-missing"})).await?;
    let expires = wait_for_card_value(&client, names::TERM_EXPIRES, |value| {
        value == messages::EXPIRY_UNKNOWN
    })
    .await?;
    f.log(&format!("Expires without expire: {expires:?}"));
    expect_card_intact(&client, &normal_type, &normal_status).await?;
    expect_upload_kept(&client, &upload).await?;

    f.log("expire in an unexpected format");
    refresh_with_fault(f, json!({"kind": "expire-odd"})).await?;
    let expected = format!("{ODD_EXPIRE} {}", messages::FORMAT_NOT_RECOGNISED);
    let expires =
        wait_for_card_value(&client, names::TERM_EXPIRES, |value| value == expected).await?;
    f.log(&format!("Expires with an odd expire: {expires:?}"));
    expect_card_intact(&client, &normal_type, &normal_status).await?;
    expect_upload_kept(&client, &upload).await?;

    f.log("DELETE answers 204 with an empty body");
    actions::click_button(&client, names::DELETE_CERTIFICATE).await?;
    let dialog_xpath = ui::open_dialog_xpath(names::DELETE_DIALOG_HEADING);
    let dialog = actions::find_displayed(&client, &dialog_xpath, "the delete dialog").await?;
    dialog
        .find(Locator::XPath(&ui::button_xpath(
            ".//",
            names::CONFIRM_DELETE,
        )))
        .await
        .context("the delete dialog has no Delete button")?
        .click()
        .await?;
    actions::wait_for_text(&client, names::CERTIFICATE_SECTION, names::NO_CERTIFICATE).await?;
    wait_for_announcement(&client, messages::CERTIFICATE_DELETED).await?;
    let alert = actions::alert_in(&client, names::CERTIFICATE_SECTION).await?;
    ensure!(
        alert.is_none(),
        "the card shows an alert after the 204: {alert:?}"
    );
    let save = save_button_name(&client).await?;
    ensure!(
        save == names::CREATE,
        "the save button reads {save:?} after the delete"
    );
    expect_upload_kept(&client, &upload).await?;
    let stats = f.aids.stats().await?;
    ensure!(
        stats.tls("DELETE") == 1 && stats.responses("DELETE", TLS_ROUTE, "204") == 1,
        "expected one DELETE answered with 204, stats: {stats:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numeric_expire_shows_raw_value() {
    let fixture = start("numeric_expire_shows_raw_value").await;
    fixture.run(numeric_expire_scenario).await;
}

async fn numeric_expire_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, f.simulator.secret(), false).await?;
    choose_deployment(&client, WITH_CERTIFICATE).await?;
    let normal_type = card::value(&client, names::TERM_TYPE).await?;
    let normal_status = card::value(&client, names::TERM_STATUS).await?;

    f.log("expire as a JSON number");
    refresh_with_fault(f, json!({"kind": "expire-odd", "value": NUMERIC_EXPIRE})).await?;
    let expected = format!("{NUMERIC_EXPIRE} {}", messages::FORMAT_NOT_RECOGNISED);
    let shown = wait_until(
        "the card to show the numeric expire",
        DEFAULT_TIMEOUT,
        async || {
            if let Some(alert) = actions::alert_in(&client, names::CERTIFICATE_SECTION).await? {
                return Ok(Seen::Done(Err(alert)));
            }
            let value = card::value(&client, names::TERM_EXPIRES).await?;
            Ok(match value {
                Some(value) if value == expected => Seen::Done(Ok(value)),
                other => Seen::NotYet(format!("Expires {other:?}")),
            })
        },
    )
    .await?;
    if let Err(alert) = shown {
        anyhow::bail!(
            "the card shows an alert instead of the certificate when expire is a number: {alert:?}"
        );
    }
    expect_card_intact(&client, &normal_type, &normal_status).await
}

async fn start(name: &'static str) -> Fixture {
    Fixture::start(
        name,
        |serve| SimulatorConfig {
            faults: true,
            ..SimulatorConfig::serving(serve)
        },
        no_settings(),
        BrowserOptions::default(),
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"))
}

/// Queues `rule` for the next status read and clicks "Refresh status".
async fn refresh_with_fault(f: &Fixture, mut rule: Value) -> Result<()> {
    rule["method"] = json!("GET");
    rule["route"] = json!(TLS_ROUTE);
    f.aids.queue_fault(&rule).await?;
    actions::click_button(f.client(), names::REFRESH_STATUS).await
}

/// Waits until the card's value for `term` satisfies `accept`, and returns it.
async fn wait_for_card_value(
    client: &Client,
    term: &str,
    accept: impl Fn(&str) -> bool,
) -> Result<String> {
    wait_until(
        &format!("the card's {term:?}"),
        DEFAULT_TIMEOUT,
        async || {
            let value = card::value(client, term).await?;
            Ok(match value {
                Some(value) if accept(&value) => Seen::Done(value),
                other => Seen::NotYet(format!("{term} {other:?}")),
            })
        },
    )
    .await
}

/// Checks that the card still shows the type and status it showed before
/// the odd response, and no alert.
async fn expect_card_intact(
    client: &Client,
    normal_type: &Option<String>,
    normal_status: &Option<String>,
) -> Result<()> {
    let tls_type = card::value(client, names::TERM_TYPE).await?;
    ensure!(
        &tls_type == normal_type,
        "the card's Type changed from {normal_type:?} to {tls_type:?}"
    );
    let status = card::value(client, names::TERM_STATUS).await?;
    ensure!(
        &status == normal_status,
        "the card's Status changed from {normal_status:?} to {status:?}"
    );
    let alert = actions::alert_in(client, names::CERTIFICATE_SECTION).await?;
    ensure!(alert.is_none(), "the card shows an alert: {alert:?}");
    Ok(())
}
