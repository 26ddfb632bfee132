//! Rate-limit faults: a 429 with `Retry-After`, and a 429 without it. Both show when the next request is
//! allowed, with a live countdown, and the panel does not send the write
//! again by itself.
//!
//! Needs the panel's release build (`PANEL_DIST`) and the simulator
//! (`PLATFORM_SIM_BIN`); `scripts/test.sh` builds both.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result, ensure};
use e2e::browser::BrowserOptions;
use e2e::budget::budget_line;
use e2e::countdown::{Countdown, parse_countdown, second_of_day, seconds_apart};
use e2e::fixture::{Fixture, no_settings};
use e2e::page_storage::ledger_bucket;
use e2e::panel_steps::{
    Upload, button_enabled, choose_deployment, click_save, connect, expect_upload_kept,
    fill_upload, open_panel, wait_for_alert,
};
use e2e::sim_aids::TLS_ROUTE;
use e2e::simulator::{API_KEY, SimulatorConfig};
use e2e::ui::{messages, names};
use fantoccini::Client;
use reqwest::Method;
use serde_json::json;

/// Rate-limit window of the simulator and the panel in these tests, in seconds.
const WINDOW_SECONDS: u32 = 120;
/// Writes per method in one window.
const WRITE_LIMIT: u32 = 4;

/// Demo deployment without a certificate: the panel sends POST.
const WITHOUT_CERTIFICATE: &str = "b1f77113";
/// Demo deployment with a certificate: the panel sends PUT.
const WITH_CERTIFICATE: &str = "ge6a1a75";

/// Minimum time between the other client's POSTs and the panel's, so that
/// a wait computed from `Retry-After` and one computed from the panel's own
/// record end clearly apart.
const GAP_BEFORE_PANEL_POST: Duration = Duration::from_secs(8);

/// How long the test watches for a repeated write after the 429.
const REPEAT_WATCH: Duration = Duration::from_secs(2);

/// Slack for rounding to whole seconds and for the time between the
/// simulator's response and the test's reading, in seconds.
const CLOCK_SLACK: u64 = 2;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rate_limit_shows_countdown_without_retry() {
    let fixture = Fixture::start(
        "rate_limit_shows_countdown_without_retry",
        |serve| SimulatorConfig {
            faults: true,
            window_seconds: WINDOW_SECONDS,
            write_limit: WRITE_LIMIT,
            ..SimulatorConfig::serving(serve)
        },
        no_settings(),
        BrowserOptions::default(),
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"));
    fixture.run(rate_limit_scenario).await;
}

async fn rate_limit_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();

    f.log("setup: another client of the same key uses up the POST limit");
    let first_other_post_ms = unix_ms();
    for attempt in 1..=WRITE_LIMIT {
        // An empty body is rejected, but the call still counts against the limit.
        let response = f
            .simulator
            .api_send(
                Method::POST,
                &format!("/deployments/{WITHOUT_CERTIFICATE}/tls"),
                Some(&json!({})),
            )
            .await?;
        ensure!(
            response.status() != reqwest::StatusCode::TOO_MANY_REQUESTS,
            "POST {attempt} of the other client already got 429"
        );
    }

    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, f.simulator.secret(), false).await?;
    let upload = Upload::two_way(&f.material);

    f.log("a 429 without Retry-After on PUT");
    choose_deployment(&client, WITH_CERTIFICATE).await?;
    fill_upload(&client, &upload).await?;
    f.aids
        .queue_fault(&json!({"method": "PUT", "route": TLS_ROUTE, "kind": "too-many-requests"}))
        .await?;
    click_save(&client).await?;
    let alert = wait_for_alert(&client, names::UPLOAD_SECTION, messages::NEXT_TRY_AT).await?;
    f.log(&format!("upload alert: {alert:?}"));
    ensure!(
        alert.contains(names::TOO_MANY_REQUESTS),
        "the alert does not say \"{}\": {alert:?}",
        names::TOO_MANY_REQUESTS
    );
    let shown = read_countdown(&client, &alert).await?;
    let ledger = ledger_bucket(&client, "PUT").await?;
    let oldest_put = *ledger
        .calls
        .first()
        .context("the panel's ledger records no PUT")?;
    let expected_end = oldest_put + i64::from(WINDOW_SECONDS) * 1000;
    ensure!(
        ledger.blocked_until == Some(expected_end),
        "the ledger's block {:?} is not the oldest PUT {oldest_put} plus the window",
        ledger.blocked_until
    );
    ensure!(
        seconds_apart(shown.at_second_of_day, second_of_day(expected_end)) <= 1,
        "the alert names {shown:?}, expected the oldest recorded PUT plus {WINDOW_SECONDS} s"
    );
    ensure!(
        shown.seconds_left <= u64::from(WINDOW_SECONDS)
            && shown.seconds_left + 15 >= u64::from(WINDOW_SECONDS),
        "the countdown {shown:?} does not start near the {WINDOW_SECONDS} s window"
    );
    expect_counting_down(f, shown).await?;
    ensure!(
        !button_enabled(&client, names::REPLACE).await?,
        "Replace certificate is still enabled after the 429"
    );
    let upload_text = e2e::actions::text_of_region(&client, names::UPLOAD_SECTION).await?;
    ensure!(
        upload_text.contains("No PUT left in this window, so Save is off."),
        "the upload section does not explain why Save is off: {upload_text:?}"
    );
    let replaces = budget_line(&client, names::BUDGET_REPLACES).await?;
    ensure!(
        replaces.left == 0 && replaces.frees_up_in.is_some(),
        "the budget card shows {replaces:?} for PUT after the 429"
    );
    expect_upload_kept(&client, &upload).await?;
    tokio::time::sleep(REPEAT_WATCH).await;
    let stats = f.aids.stats().await?;
    ensure!(
        stats.tls("PUT") == 1,
        "expected the one PUT that got 429, stats: {stats:?}"
    );

    f.log("a 429 with Retry-After on POST");
    choose_deployment(&client, WITHOUT_CERTIFICATE).await?;
    let creates = budget_line(&client, names::BUDGET_CREATES).await?;
    ensure!(
        creates.left == WRITE_LIMIT,
        "the panel counted POSTs it did not send: {creates:?}"
    );
    let since_other_posts = Duration::from_millis((unix_ms() - first_other_post_ms) as u64);
    tokio::time::sleep(GAP_BEFORE_PANEL_POST.saturating_sub(since_other_posts)).await;
    let panel_post_ms = unix_ms();
    click_save(&client).await?;
    let alert = wait_for_alert(&client, names::UPLOAD_SECTION, messages::NEXT_TRY_AT).await?;
    f.log(&format!("upload alert: {alert:?}"));
    ensure!(
        alert.contains(names::TOO_MANY_REQUESTS),
        "the alert does not say \"{}\": {alert:?}",
        names::TOO_MANY_REQUESTS
    );
    let shown = read_countdown(&client, &alert).await?;
    // The simulator's Retry-After runs until its oldest counted POST, the
    // other client's first, leaves the window.
    let retry_after_end = first_other_post_ms + i64::from(WINDOW_SECONDS) * 1000;
    let own_record_end = panel_post_ms + i64::from(WINDOW_SECONDS) * 1000;
    ensure!(
        seconds_apart(shown.at_second_of_day, second_of_day(retry_after_end)) <= CLOCK_SLACK,
        "the alert names {shown:?}, expected the end of Retry-After near second {}",
        second_of_day(retry_after_end)
    );
    ensure!(
        seconds_apart(shown.at_second_of_day, second_of_day(own_record_end)) > CLOCK_SLACK,
        "the alert names {shown:?}, the panel's own estimate instead of Retry-After"
    );
    expect_counting_down(f, shown).await?;
    ensure!(
        !button_enabled(&client, names::CREATE).await?,
        "Create certificate is still enabled after the 429"
    );
    expect_upload_kept(&client, &upload).await?;
    tokio::time::sleep(REPEAT_WATCH).await;
    let stats = f.aids.stats().await?;
    ensure!(
        stats.tls("POST") == u64::from(WRITE_LIMIT) + 1,
        "expected the other client's {WRITE_LIMIT} POSTs and the panel's one, stats: {stats:?}"
    );
    ensure!(
        stats.responses("POST", TLS_ROUTE, "429") == 1,
        "expected one POST to get 429, stats: {stats:?}"
    );
    Ok(())
}

/// Reads the countdown again a little later and checks that it went down
/// by about the time that passed.
async fn expect_counting_down(f: &Fixture, first: Countdown) -> Result<()> {
    tokio::time::sleep(Duration::from_millis(2200)).await;
    let alert = e2e::actions::alert_in(f.client(), names::UPLOAD_SECTION)
        .await?
        .context("the alert went away while counting down")?;
    let later = read_countdown(f.client(), &alert).await?;
    let passed = first.seconds_left.saturating_sub(later.seconds_left);
    ensure!(
        (1..=4).contains(&passed),
        "the countdown went from {first:?} to {later:?} in 2.2 s"
    );
    ensure!(
        later.at_second_of_day == first.at_second_of_day,
        "the end time moved from {first:?} to {later:?}"
    );
    Ok(())
}

/// Reads the wait from the upload section's timer and the clock time from
/// its `alert` text.
async fn read_countdown(client: &Client, alert: &str) -> Result<Countdown> {
    let timer = e2e::actions::timer_in(client, names::UPLOAD_SECTION)
        .await?
        .context("no countdown timer beside the 429 alert")?;
    parse_countdown(alert, &timer)
}

fn unix_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as i64)
        .unwrap_or_default()
}
