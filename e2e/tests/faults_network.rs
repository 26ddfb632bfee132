//! An API that cannot be reached, because nothing listens at its address
//! or because the browser blocks it for want of CORS headers. The panel must
//! report that and not blame the key or secret.
//!
//! Needs the panel's release build (`PANEL_DIST`) and the simulator
//! (`PLATFORM_SIM_BIN`); `scripts/test.sh` builds both.

use anyhow::{Result, ensure};
use e2e::actions;
use e2e::browser::BrowserOptions;
use e2e::fixture::{Fixture, no_settings};
use e2e::panel_steps::{
    Upload, connect, expect_upload_kept, fill_upload, open_panel, open_typed_id, wait_for_alert,
};
use e2e::process::free_loopback_port;
use e2e::served_panel::config_matching;
use e2e::sim_aids::{SimAids, Stats};
use e2e::simulator::{API_KEY, Simulator, SimulatorConfig};
use e2e::ui::{messages, names};
use serde_json::json;

/// Demo deployment without a certificate.
const WITHOUT_CERTIFICATE: &str = "b1f77113";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unreachable_api_is_not_blamed_on_key() {
    let fixture = Fixture::start(
        "unreachable_api_is_not_blamed_on_key",
        SimulatorConfig::serving,
        no_settings(),
        BrowserOptions::default(),
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"));
    fixture.run(unreachable_scenario).await;
}

async fn unreachable_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();
    let upload = Upload::one_way(&f.material);

    f.log("apiBase points at a loopback port where nothing listens");
    let closed_port = free_loopback_port()?;
    write_api_base(f, &format!("http://127.0.0.1:{closed_port}/api/v1"))?;
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, f.simulator.secret(), false).await?;
    let alert = wait_for_alert(&client, names::DEPLOYMENT_SECTION, messages::UNREACHABLE).await?;
    f.log(&format!("deployment alert for a closed port: {alert:?}"));
    ensure!(
        alert.contains(messages::NOT_CREDENTIALS),
        "the alert does not rule out the key and secret: {alert:?}"
    );
    expect_no_auth_alert(f).await?;
    open_typed_id(&client, WITHOUT_CERTIFICATE).await?;
    wait_for_alert(&client, names::CERTIFICATE_SECTION, messages::UNREACHABLE).await?;
    fill_upload(&client, &upload).await?;
    actions::click_button(&client, names::REFRESH_STATUS).await?;
    wait_for_alert(&client, names::CERTIFICATE_SECTION, messages::UNREACHABLE).await?;
    expect_upload_kept(&client, &upload).await?;

    f.log("apiBase points at a second simulator that sends no CORS headers");
    let other_dir = f.work.path().join("other-origin");
    std::fs::create_dir(&other_dir)?;
    let other_config = SimulatorConfig::serving(f.panel.dir().to_path_buf());
    let other = Simulator::start(&f.simulator_binary, &other_config, &other_dir).await?;
    let other_aids = SimAids::new(other.base_url())?;
    write_api_base(f, &format!("{}/api/v1", other.base_url()))?;
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, other.secret(), false).await?;
    let alert = wait_for_alert(&client, names::DEPLOYMENT_SECTION, messages::UNREACHABLE).await?;
    f.log(&format!("deployment alert for a CORS failure: {alert:?}"));
    ensure!(
        alert.contains(messages::NOT_CREDENTIALS),
        "the alert does not rule out the key and secret: {alert:?}"
    );
    expect_no_auth_alert(f).await?;
    open_typed_id(&client, WITHOUT_CERTIFICATE).await?;
    wait_for_alert(&client, names::CERTIFICATE_SECTION, messages::UNREACHABLE).await?;
    fill_upload(&client, &upload).await?;
    expect_upload_kept(&client, &upload).await?;

    // The browser stops at the preflight, so the credentials never reach
    // the other origin, and the serving simulator gets no API call at all.
    let other_stats = other_aids.stats().await?;
    ensure!(
        other_stats.method("OPTIONS") >= 1,
        "the other origin got no preflight: {other_stats:?}"
    );
    let other_api_calls = api_calls_other_than_preflights(&other_stats);
    ensure!(
        other_api_calls.is_empty(),
        "API calls {other_api_calls:?} reached the other origin despite the failed preflight"
    );
    let own_stats = f.aids.stats().await?;
    let api_calls: Vec<&String> = own_stats
        .requests
        .keys()
        .filter(|route| route.contains(" /api/"))
        .collect();
    ensure!(
        api_calls.is_empty(),
        "the serving simulator got API calls {api_calls:?} although apiBase points elsewhere"
    );
    Ok(())
}

/// Returns the `"METHOD /route"` keys of API routes other than preflights.
fn api_calls_other_than_preflights(stats: &Stats) -> Vec<String> {
    stats
        .requests
        .keys()
        .filter(|route| route.contains(" /api/") && !route.starts_with("OPTIONS "))
        .cloned()
        .collect()
}

/// Writes the panel's `config.json` with the serving simulator's limits and `api_base`.
fn write_api_base(f: &Fixture, api_base: &str) -> Result<()> {
    let mut settings = config_matching(&f.simulator_config);
    settings.insert("apiBase".to_owned(), json!(api_base));
    f.panel.write_config(&settings)
}

/// Checks that the session goes on: no authentication alert, still connected.
async fn expect_no_auth_alert(f: &Fixture) -> Result<()> {
    let client = f.client();
    let alert = actions::alert_in(client, names::CONNECTION_SECTION).await?;
    ensure!(
        alert.is_none(),
        "the Connection section shows an alert: {alert:?}"
    );
    let connection = actions::text_of_region(client, names::CONNECTION_SECTION).await?;
    ensure!(
        connection.contains(&names::connected_as(API_KEY)),
        "the session ended although the credentials were never checked: {connection:?}"
    );
    Ok(())
}
