//! Faults of a save: a rejection with a message (422 with JSON) and
//! without one (422 with plain text or an empty body), a server failure with
//! an HTML page (502, and 500 on a status read), and a write that never
//! gets a response. One browser session runs them in turn.
//!
//! Needs the panel's release build (`PANEL_DIST`) and the simulator
//! (`PLATFORM_SIM_BIN`); `scripts/test.sh` builds both.

use std::time::{Duration, Instant};

use anyhow::{Result, ensure};
use e2e::actions;
use e2e::browser::BrowserOptions;
use e2e::fixture::Fixture;
use e2e::panel_steps::{
    Upload, button_enabled, choose_deployment, click_save, connect, expect_upload_kept,
    fill_upload, open_panel, wait_for_alert,
};
use e2e::sim_aids::{Stats, TLS_ROUTE};
use e2e::simulator::{API_KEY, SimulatorConfig};
use e2e::ui::{messages, names};
use e2e::wait::{Seen, wait_until};
use serde_json::json;

/// The panel's request timeout in these tests, in seconds.
const TIMEOUT_SECONDS: u64 = 3;

/// Demo deployment that is stopped, so the simulator rejects writes with a
/// JSON message.
const STOPPED: &str = "c3d9e0f2";
/// Demo deployment without a certificate.
const WITHOUT_CERTIFICATE: &str = "b1f77113";
/// Demo deployment with a certificate.
const WITH_CERTIFICATE: &str = "ge6a1a75";

/// How long the test watches for a repeated write after an error.
const REPEAT_WATCH: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_saves_explain_and_keep_form() {
    let mut settings = serde_json::Map::new();
    settings.insert("requestTimeoutSeconds".to_owned(), json!(TIMEOUT_SECONDS));
    let fixture = Fixture::start(
        "failed_saves_explain_and_keep_form",
        |serve| SimulatorConfig {
            faults: true,
            ..SimulatorConfig::serving(serve)
        },
        settings,
        BrowserOptions::default(),
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"));
    fixture.run(failed_saves_scenario).await;
}

async fn failed_saves_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, f.simulator.secret(), false).await?;
    let upload = Upload::one_way(&f.material);

    f.log("422 with a JSON message, on a stopped deployment");
    choose_deployment(&client, STOPPED).await?;
    fill_upload(&client, &upload).await?;
    let before = f.aids.stats().await?;
    click_save(&client).await?;
    let alert = wait_for_alert(
        &client,
        names::UPLOAD_SECTION,
        messages::REJECTED_WITH_MESSAGE,
    )
    .await?;
    f.log(&format!("upload alert: {alert:?}"));
    ensure!(
        alert.contains(&format!("deployment {STOPPED} is stopped")),
        "the alert does not show the simulator's message: {alert:?}"
    );
    expect_upload_kept(&client, &upload).await?;
    let after = f.aids.stats().await?;
    ensure!(
        writes(&after) == writes(&before) + 1,
        "expected one write, stats before {before:?}, after {after:?}"
    );

    f.log("422 with a plain-text body");
    choose_deployment(&client, WITHOUT_CERTIFICATE).await?;
    queue(f, "POST", json!({"kind": "unprocessable-text"})).await?;
    click_save(&client).await?;
    let alert = wait_for_alert(
        &client,
        names::UPLOAD_SECTION,
        messages::REJECTED_WITH_MESSAGE,
    )
    .await?;
    f.log(&format!("upload alert for plain text: {alert:?}"));
    ensure!(
        alert.contains("Wrong Properties"),
        "the alert does not show the plain-text body: {alert:?}"
    );
    expect_upload_kept(&client, &upload).await?;

    f.log("422 with an empty body");
    queue(f, "POST", json!({"kind": "unprocessable-empty"})).await?;
    click_save(&client).await?;
    let alert = wait_for_alert(
        &client,
        names::UPLOAD_SECTION,
        messages::REJECTED_WITHOUT_MESSAGE,
    )
    .await?;
    f.log(&format!("upload alert for an empty body: {alert:?}"));
    expect_upload_kept(&client, &upload).await?;

    f.log("502 with an HTML page on the save");
    let before = f.aids.stats().await?;
    queue(f, "POST", json!({"kind": "html-error", "status": 502})).await?;
    click_save(&client).await?;
    let alert = wait_for_alert(&client, names::UPLOAD_SECTION, messages::SERVER_FAILED).await?;
    f.log(&format!("upload alert: {alert:?}"));
    ensure!(
        alert.contains("HTTP 502 Bad Gateway"),
        "the alert does not name the status in words: {alert:?}"
    );
    expect_no_parser_words(&alert)?;
    expect_upload_kept(&client, &upload).await?;
    let after = wait_for_stats(f, "a status read after the 502", |stats| {
        stats.tls("GET") > before.tls("GET")
    })
    .await?;
    tokio::time::sleep(REPEAT_WATCH).await;
    let after_watch = f.aids.stats().await?;
    ensure!(
        after.tls("GET") == before.tls("GET") + 1,
        "expected one status read after the 502, stats before {before:?}, after {after:?}"
    );
    ensure!(
        after_watch.tls("POST") == before.tls("POST") + 1,
        "the POST was repeated after the 502: before {before:?}, after {after_watch:?}"
    );
    actions::wait_for_text(&client, names::CERTIFICATE_SECTION, names::NO_CERTIFICATE).await?;

    f.log("500 with an HTML page on a status read");
    queue(f, "GET", json!({"kind": "html-error", "status": 500})).await?;
    actions::click_button(&client, names::REFRESH_STATUS).await?;
    let alert =
        wait_for_alert(&client, names::CERTIFICATE_SECTION, messages::SERVER_FAILED).await?;
    f.log(&format!("card alert: {alert:?}"));
    ensure!(
        alert.contains("HTTP 500 Internal Server Error"),
        "the card alert does not name the status in words: {alert:?}"
    );
    expect_no_parser_words(&alert)?;
    expect_upload_kept(&client, &upload).await?;

    f.log("a PUT that never gets a response");
    choose_deployment(&client, WITH_CERTIFICATE).await?;
    queue(f, "PUT", json!({"kind": "hang"})).await?;
    let before = f.aids.stats().await?;
    let clicked = Instant::now();
    click_save(&client).await?;
    wait_for_stats(f, "the hanging PUT to arrive", |stats| {
        stats.tls("PUT") == before.tls("PUT") + 1
    })
    .await?;
    // Shortly before the timeout, no status read has arrived yet, so the
    // read that follows is the panel's reply to the timeout.
    let just_before_timeout = Duration::from_secs(TIMEOUT_SECONDS) - Duration::from_millis(700);
    tokio::time::sleep(just_before_timeout.saturating_sub(clicked.elapsed())).await;
    let waiting = f.aids.stats().await?;
    ensure!(
        waiting.tls("GET") == before.tls("GET"),
        "a status read arrived before the PUT timed out: before {before:?}, now {waiting:?}"
    );
    let alert = wait_for_alert(&client, names::UPLOAD_SECTION, messages::NOT_ANSWERED).await?;
    f.log(&format!("upload alert: {alert:?}"));
    ensure!(
        alert.contains(&format!("within {TIMEOUT_SECONDS} seconds")),
        "the alert does not name the {TIMEOUT_SECONDS} s timeout: {alert:?}"
    );
    let after = wait_for_stats(f, "a status read after the timeout", |stats| {
        stats.tls("GET") > before.tls("GET")
    })
    .await?;
    wait_until(
        "Replace certificate to be enabled again",
        Duration::from_secs(5),
        async || {
            Ok(if button_enabled(&client, names::REPLACE).await? {
                Seen::Done(())
            } else {
                Seen::NotYet("disabled".to_owned())
            })
        },
    )
    .await?;
    expect_upload_kept(&client, &upload).await?;
    tokio::time::sleep(REPEAT_WATCH).await;
    let after_watch = f.aids.stats().await?;
    ensure!(
        after.tls("GET") == before.tls("GET") + 1,
        "expected one status read after the timeout: before {before:?}, after {after:?}"
    );
    ensure!(
        after_watch.tls("PUT") == before.tls("PUT") + 1,
        "the PUT was sent again: before {before:?}, after {after_watch:?}"
    );
    Ok(())
}

/// Queues one fault for the next `method` request on the TLS route.
async fn queue(f: &Fixture, method: &str, mut rule: serde_json::Value) -> Result<()> {
    rule["method"] = json!(method);
    rule["route"] = json!(TLS_ROUTE);
    f.aids.queue_fault(&rule).await
}

/// Writes of any method on the TLS route.
fn writes(stats: &Stats) -> u64 {
    ["POST", "PUT", "DELETE"]
        .iter()
        .map(|method| stats.tls(method))
        .sum()
}

/// Waits until the simulator's counts satisfy `condition` and returns them.
async fn wait_for_stats(
    f: &Fixture,
    description: &str,
    condition: impl Fn(&Stats) -> bool,
) -> Result<Stats> {
    wait_until(description, Duration::from_secs(10), async || {
        let stats = f.aids.stats().await?;
        Ok(if condition(&stats) {
            Seen::Done(stats)
        } else {
            Seen::NotYet(format!("{stats:?}"))
        })
    })
    .await
}

/// Fails when `alert` shows parser output or markup instead of plain words.
fn expect_no_parser_words(alert: &str) -> Result<()> {
    let lower = alert.to_lowercase();
    for word in ["json", "parse", "<html", "expected value", "syntax"] {
        ensure!(
            !lower.contains(word),
            "the alert shows {word:?}, a parser detail: {alert:?}"
        );
    }
    Ok(())
}
