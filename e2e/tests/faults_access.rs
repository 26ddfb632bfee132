//! Faults of access: a rejected key (401), a key without access (403) and
//! an unknown deployment (404). Each step checks the message, where it
//! shows, and that the upload form keeps what the operator entered.
//!
//! Needs the panel's release build (`PANEL_DIST`) and the simulator
//! (`PLATFORM_SIM_BIN`); `scripts/test.sh` builds both.

use std::time::Duration;

use anyhow::{Result, ensure};
use e2e::actions;
use e2e::browser::BrowserOptions;
use e2e::fixture::{Fixture, no_settings};
use e2e::page_storage::{StorageArea, storage_entries};
use e2e::panel_steps::{
    Upload, choose_deployment, click_save, connect, expect_upload_kept, fill_upload, open_panel,
    open_typed_id, submit_credentials, wait_for_alert,
};
use e2e::sim_aids::{LIST_ROUTE, TLS_ROUTE};
use e2e::simulator::{API_KEY, SimulatorConfig};
use e2e::ui::{messages, names};

/// The simulator's key that may not list deployments and reaches only
/// b1f77113 and ge6a1a75. Its credentials are the simulator's published
/// demo defaults, not a secret.
const RESTRICTED_KEY: &str = "scoped-key";
const RESTRICTED_SECRET: &str = "scoped-secret";

/// Demo deployment with a certificate, reachable by both keys.
const WITH_CERTIFICATE: &str = "ge6a1a75";
/// Demo deployment without a certificate, reachable by both keys.
const WITHOUT_CERTIFICATE: &str = "b1f77113";
/// Demo deployment outside the restricted key's scope.
const OUTSIDE_SCOPE: &str = "d4a8b6c1";
/// A well-formed id that no deployment has.
const UNKNOWN_ID: &str = "a0b1c2d3";

/// How long the test watches for a repeated write after an error.
const REPEAT_WATCH: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_key_asks_for_credentials_again() {
    let fixture = Fixture::start(
        "rejected_key_asks_for_credentials_again",
        SimulatorConfig::serving,
        no_settings(),
        BrowserOptions::default(),
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"));
    fixture.run(rejected_key_scenario).await;
}

async fn rejected_key_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();

    f.log("connect with a wrong secret");
    open_panel(&client, &f.panel_url()).await?;
    submit_credentials(&client, API_KEY, "not-the-secret", false).await?;
    let alert = wait_for_alert(&client, names::CONNECTION_SECTION, messages::AUTH_FAILED).await?;
    ensure!(
        !alert.contains(messages::UNREACHABLE),
        "the 401 alert blames the network: {alert:?}"
    );
    actions::field(&client, names::API_SECRET).await?;
    let stats = f.aids.stats().await?;
    ensure!(
        stats.responses("GET", LIST_ROUTE, "401") == 1,
        "expected one 401 on the list, stats: {stats:?}"
    );

    f.log("the key is deleted and recreated while a replace is prepared");
    connect(&client, API_KEY, f.simulator.secret(), true).await?;
    let remembered = storage_entries(&client, StorageArea::Session).await?;
    ensure!(
        !remembered.is_empty(),
        "\"Remember for this tab\" was ticked, but sessionStorage is empty"
    );
    choose_deployment(&client, WITH_CERTIFICATE).await?;
    let upload = Upload::two_way(&f.material);
    fill_upload(&client, &upload).await?;
    let binary = f.simulator_binary.clone();
    f.simulator
        .restart_with_new_secret(&binary, &f.simulator_config)
        .await?;

    f.log("Replace now gets 401");
    click_save(&client).await?;
    let alert = wait_for_alert(&client, names::CONNECTION_SECTION, messages::AUTH_FAILED).await?;
    f.log(&format!("connection alert: {alert:?}"));
    actions::field(&client, names::API_KEY).await?;
    actions::field(&client, names::API_SECRET).await?;
    actions::button(&client, names::CONNECT).await?;
    expect_upload_kept(&client, &upload).await?;
    let remembered = storage_entries(&client, StorageArea::Session).await?;
    ensure!(
        remembered.is_empty(),
        "sessionStorage still has entries {:?} after the 401",
        remembered.keys().collect::<Vec<_>>()
    );

    tokio::time::sleep(REPEAT_WATCH).await;
    // The restart started the counts afresh, so they hold this step only.
    let stats = f.aids.stats().await?;
    ensure!(
        stats.tls("PUT") == 1,
        "expected exactly one PUT after the restart, stats: {stats:?}"
    );
    ensure!(
        stats.responses("PUT", TLS_ROUTE, "401") == 1,
        "expected the PUT to get 401, stats: {stats:?}"
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn access_errors_point_to_deployment_id() {
    let fixture = Fixture::start(
        "access_errors_point_to_deployment_id",
        SimulatorConfig::serving,
        no_settings(),
        BrowserOptions::default(),
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"));
    fixture.run(access_scenario).await;
}

async fn access_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();

    f.log("a key that may not list deployments");
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, RESTRICTED_KEY, RESTRICTED_SECRET, false).await?;
    let alert =
        wait_for_alert(&client, names::DEPLOYMENT_SECTION, messages::LIST_FORBIDDEN).await?;
    f.log(&format!("deployment alert: {alert:?}"));

    f.log("typing an id in the key's scope still works");
    open_typed_id(&client, WITHOUT_CERTIFICATE).await?;
    actions::wait_for_text(&client, names::CERTIFICATE_SECTION, names::NO_CERTIFICATE).await?;
    let upload = Upload::one_way(&f.material);
    fill_upload(&client, &upload).await?;

    f.log("an id outside the key's scope");
    open_typed_id(&client, OUTSIDE_SCOPE).await?;
    let alert = wait_for_alert(
        &client,
        names::CERTIFICATE_SECTION,
        messages::DEPLOYMENT_FORBIDDEN,
    )
    .await?;
    f.log(&format!("card alert: {alert:?}"));
    expect_upload_kept(&client, &upload).await?;
    let id_field = actions::field(&client, names::DEPLOYMENT_ID).await?;
    ensure!(
        actions::is_enabled(&id_field).await?,
        "the Deployment ID field is disabled after the 403"
    );
    let stats = f.aids.stats().await?;
    ensure!(
        stats.responses("GET", LIST_ROUTE, "403") == 1,
        "expected one 403 on the list, stats: {stats:?}"
    );
    ensure!(
        stats.responses("GET", TLS_ROUTE, "403") == 1,
        "expected one 403 on the TLS status, stats: {stats:?}"
    );

    f.log("reload, connect with the full key, open an unknown id");
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, f.simulator.secret(), false).await?;
    choose_deployment(&client, WITHOUT_CERTIFICATE).await?;
    fill_upload(&client, &upload).await?;
    open_typed_id(&client, UNKNOWN_ID).await?;
    let alert = wait_for_alert(&client, names::CERTIFICATE_SECTION, messages::NOT_FOUND).await?;
    f.log(&format!("card alert: {alert:?}"));
    ensure!(
        alert.contains(messages::ID_NOT_NAME),
        "the 404 alert does not remind that the id, not the name, is needed: {alert:?}"
    );
    expect_upload_kept(&client, &upload).await?;
    let stats = f.aids.stats().await?;
    ensure!(
        stats.responses("GET", TLS_ROUTE, "404") == 1,
        "expected one 404 on the TLS status, stats: {stats:?}"
    );
    Ok(())
}
