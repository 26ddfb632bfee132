//! The whole job at the platform's real limits (60 reads, 6 writes per
//! method, per hour): connect, list, select, view, create one-way, follow it
//! to `running`, replace with two-way, follow it again, delete. Afterwards
//! the simulator's request counts must stay within what the job needs, with
//! no 429, and the panel's budget card must agree with them.
//!
//! Needs the panel's release build (`PANEL_DIST`) and the simulator
//! (`PLATFORM_SIM_BIN`); `scripts/test.sh` builds both.

use std::time::Duration;

use anyhow::{Context, Result, ensure};
use e2e::actions;
use e2e::browser::BrowserOptions;
use e2e::budget::budget_line;
use e2e::card;
use e2e::fixture::{Fixture, no_settings};
use e2e::panel_steps::{
    Upload, choose_deployment, click_save, connect, fill_upload, open_panel, save_button_name,
};
use e2e::sim_aids::{Stats, TLS_ROUTE};
use e2e::simulator::{API_KEY, SimulatorConfig};
use e2e::ui::{self, names};
use fantoccini::Locator;

/// Seconds the simulator keeps a new certificate `pending`. The panel's
/// first automatic status read comes 5 s after a write, so it normally
/// finds the certificate `running`.
const PENDING_SECONDS: u32 = 3;

/// Demo deployment without a certificate.
const WITHOUT_CERTIFICATE: &str = "b1f77113";

/// Reads the platform allows per window, and the panel's default limit.
const READ_LIMIT: u32 = 60;
/// Writes of each method the platform allows per window.
const WRITE_LIMIT: u32 = 6;

/// Maximum GETs for the job: the deployment list, the status read when the
/// deployment is chosen, and up to two automatic status reads after each of
/// the two writes. The first read, 5 s after the write, normally finds the
/// 3 s `pending` over; the second allows for a slow machine.
const MAX_GETS: u64 = 6;
/// POSTs for the job: the one create.
const EXPECTED_POSTS: u64 = 1;
/// PUTs for the job: the one replace.
const EXPECTED_PUTS: u64 = 1;
/// DELETEs for the job: the one delete.
const EXPECTED_DELETES: u64 = 1;

/// Time after the last step in which a late automatic read would still arrive.
const SETTLE: Duration = Duration::from_secs(2);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn whole_job_stays_within_limits() {
    let fixture = Fixture::start(
        "whole_job_stays_within_limits",
        |serve| SimulatorConfig::platform_limits(serve, PENDING_SECONDS),
        no_settings(),
        BrowserOptions::default(),
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"));
    fixture.run(whole_job_scenario).await;
}

async fn whole_job_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();

    f.log("connect, list and select a deployment without a certificate");
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, f.simulator.secret(), false).await?;
    choose_deployment(&client, WITHOUT_CERTIFICATE).await?;
    actions::wait_for_text(&client, names::CERTIFICATE_SECTION, names::NO_CERTIFICATE).await?;

    f.log("create one-way and wait, without clicking, for running");
    fill_upload(&client, &Upload::one_way(&f.material)).await?;
    let save = click_save(&client).await?;
    ensure!(save == names::CREATE, "the first save was {save:?}");
    card::wait_for_status(&client, "pending").await?;
    card::wait_for_status(&client, "running").await?;

    f.log("replace with two-way and wait, without clicking, for running");
    fill_upload(&client, &Upload::two_way(&f.material)).await?;
    let save = click_save(&client).await?;
    ensure!(save == names::REPLACE, "the second save was {save:?}");
    card::wait_for_status(&client, "pending").await?;
    card::wait_for_status(&client, "running").await?;
    let tls_type = card::value(&client, names::TERM_TYPE).await?;
    ensure!(
        tls_type.as_deref() == Some("two-way"),
        "the card's Type is {tls_type:?} after replacing with two-way"
    );

    f.log("delete the certificate");
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
    save_button_name(&client).await?;
    tokio::time::sleep(SETTLE).await;

    let stats = f.aids.stats().await?;
    let gets = api_gets(&stats);
    f.log(&format!(
        "API requests: GET {gets}, POST {}, PUT {}, DELETE {}",
        stats.tls("POST"),
        stats.tls("PUT"),
        stats.tls("DELETE")
    ));
    ensure!(
        gets <= MAX_GETS,
        "{gets} GETs, more than the {MAX_GETS} the job needs: {stats:?}"
    );
    ensure!(
        stats.tls("POST") == EXPECTED_POSTS,
        "expected {EXPECTED_POSTS} POST: {stats:?}"
    );
    ensure!(
        stats.tls("PUT") == EXPECTED_PUTS,
        "expected {EXPECTED_PUTS} PUT: {stats:?}"
    );
    ensure!(
        stats.tls("DELETE") == EXPECTED_DELETES,
        "expected {EXPECTED_DELETES} DELETE: {stats:?}"
    );
    let limited = stats.routes_with_status("429");
    ensure!(limited.is_empty(), "routes that got 429: {limited:?}");
    ensure!(
        stats.responses("DELETE", TLS_ROUTE, "204") == EXPECTED_DELETES,
        "the DELETE did not get 204: {stats:?}"
    );

    let reads = budget_line(&client, names::BUDGET_READS).await?;
    ensure!(
        u64::from(reads.left) + gets == u64::from(READ_LIMIT) && reads.limit == READ_LIMIT,
        "the budget card shows {reads:?} for reads, the simulator counted {gets} GETs"
    );
    for (term, used) in [
        (names::BUDGET_CREATES, EXPECTED_POSTS),
        (names::BUDGET_REPLACES, EXPECTED_PUTS),
        (names::BUDGET_DELETES, EXPECTED_DELETES),
    ] {
        let line = budget_line(&client, term).await?;
        ensure!(
            u64::from(line.left) + used == u64::from(WRITE_LIMIT) && line.limit == WRITE_LIMIT,
            "the budget card shows {line:?} for {term}, the simulator counted {used}"
        );
    }
    Ok(())
}

/// GETs on API routes; the panel's own files are GETs too, but not API calls.
fn api_gets(stats: &Stats) -> u64 {
    stats
        .requests
        .iter()
        .filter(|(route, _)| route.starts_with("GET /api/"))
        .map(|(_, count)| count.total)
        .sum()
}
