//! One operator session against the release panel: connect, pick a
//! deployment, create a one-way certificate, hit a key mismatch, replace it
//! with two-way, run into the write limit, and delete the certificate.
//!
//! Needs the panel's release build and the simulator; `scripts/test.sh`
//! builds both. Run alone with `cargo test -p e2e --test panel_flow`.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;

use anyhow::{Context, Result, bail, ensure};
use e2e::actions;
use e2e::artifacts::save_failure_artifacts;
use e2e::browser::Browser;
use e2e::card;
use e2e::locate::{panel_dist, simulator_binary};
use e2e::material::Material;
use e2e::simulator::{API_KEY, Deployment, Simulator, SimulatorConfig};
use e2e::ui::{self, names};
use e2e::wait::{DEFAULT_TIMEOUT, Seen, wait_until};
use fantoccini::{Client, Locator};
use futures::FutureExt;

/// Upper bound on "Replace certificate" clicks while using up the write
/// limit. The limit is 4 PUTs per window and two were spent before.
const MAX_REPLACE_ATTEMPTS: u32 = 6;

/// What the scenario needs from the harness.
struct Scenario {
    client: Client,
    base_url: String,
    secret: String,
    simulator_log: PathBuf,
    deployment: Deployment,
    material: Material,
}

fn step(number: u32, text: &str) {
    eprintln!("[panel_flow] step {number}: {text}");
}

fn file_name(path: &std::path::Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operator_manages_certificate_in_panel() {
    let simulator_bin = simulator_binary().unwrap_or_else(|error| panic!("{error:#}"));
    let dist = panel_dist().unwrap_or_else(|error| panic!("{error:#}"));
    let work = tempfile::tempdir().unwrap();
    let material_dir = work.path().join("material");
    std::fs::create_dir(&material_dir).unwrap();
    let material = Material::generate(&material_dir).unwrap_or_else(|error| panic!("{error:#}"));

    let simulator = Simulator::start(&simulator_bin, &SimulatorConfig::serving(dist), work.path())
        .await
        .unwrap_or_else(|error| panic!("{error:#}"));
    let deployment = simulator
        .running_deployment_without_certificate()
        .await
        .unwrap_or_else(|error| panic!("{error:#}"));
    eprintln!(
        "[panel_flow] using deployment {} ({})",
        deployment.id, deployment.name
    );
    let browser = Browser::start(work.path())
        .await
        .unwrap_or_else(|error| panic!("{error:#}"));

    let scenario = Scenario {
        client: browser.client().clone(),
        base_url: simulator.base_url().to_owned(),
        secret: simulator.secret().to_owned(),
        simulator_log: simulator.log_path().to_owned(),
        deployment,
        material,
    };
    // A panic inside the scenario is caught so that the screenshot and page
    // source can still be saved before the test fails.
    let outcome = AssertUnwindSafe(run(scenario)).catch_unwind().await;
    let failure = match outcome {
        Ok(Ok(())) => None,
        Ok(Err(error)) => Some(format!("{error:#}")),
        Err(payload) => {
            let message = payload
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| {
                    payload
                        .downcast_ref::<&str>()
                        .map(|text| (*text).to_owned())
                })
                .unwrap_or_else(|| "non-text panic".to_owned());
            Some(format!("panicked: {message}"))
        }
    };

    if let Some(failure) = failure {
        let log = simulator.log_text().ok();
        let (saved, problems) = save_failure_artifacts(
            browser.client(),
            "panel_flow",
            Some(simulator.secret()),
            log.as_deref(),
        )
        .await;
        for path in &saved {
            eprintln!("[panel_flow] saved {}", path.display());
        }
        for problem in &problems {
            eprintln!("[panel_flow] could not save an artifact: {problem}");
        }
        panic!("{failure}");
    }
    browser.close().await.unwrap();
}

async fn run(scenario: Scenario) -> Result<()> {
    connect(&scenario).await?;
    choose_deployment(&scenario).await?;
    create_one_way(&scenario).await?;
    mismatched_key_is_blocked(&scenario).await?;
    stale_status_gets_simulator_rejection(&scenario).await?;
    create_two_way(&scenario).await?;
    use_up_write_limit(&scenario).await?;
    delete_certificate(&scenario).await?;
    check_simulator_log(&scenario)
}

async fn connect(scenario: &Scenario) -> Result<()> {
    let client = &scenario.client;
    step(1, "open the panel and connect with key and secret");
    client.goto(&format!("{}/", scenario.base_url)).await?;
    actions::fill(client, names::API_KEY, API_KEY).await?;
    actions::fill(client, names::API_SECRET, &scenario.secret).await?;
    let secret_field = actions::field(client, names::API_SECRET).await?;
    ensure!(
        secret_field.attr("type").await?.as_deref() == Some("password"),
        "the API secret field is not a password input"
    );
    let remember = actions::field(client, names::REMEMBER_FOR_TAB).await?;
    ensure!(
        remember.attr("type").await?.as_deref() == Some("checkbox"),
        "{:?} is not a checkbox",
        names::REMEMBER_FOR_TAB
    );
    actions::click_button(client, names::CONNECT).await?;
    actions::wait_for_text(
        client,
        names::CONNECTION_SECTION,
        &names::connected_as(API_KEY),
    )
    .await?;
    actions::button(client, names::DISCONNECT).await?;
    Ok(())
}

async fn choose_deployment(scenario: &Scenario) -> Result<()> {
    let client = &scenario.client;
    let deployment = &scenario.deployment;
    step(
        2,
        &format!(
            "select running deployment {} without a certificate",
            deployment.id
        ),
    );
    actions::select_value(client, names::DEPLOYMENT_SELECT, &deployment.id).await?;

    let option_xpath = ui::option_xpath(names::DEPLOYMENT_SELECT, &deployment.id);
    let option_text = client
        .find(Locator::XPath(&option_xpath))
        .await?
        .text()
        .await?;
    let expected = format!(
        "{} ({}) · {}",
        deployment.name, deployment.id, deployment.status
    );
    ensure!(
        option_text.trim() == expected,
        "deployment option reads {option_text:?}, expected {expected:?}"
    );

    actions::wait_for_text(client, names::CERTIFICATE_SECTION, names::NO_CERTIFICATE).await?;
    Ok(())
}

async fn create_one_way(scenario: &Scenario) -> Result<()> {
    let client = &scenario.client;
    let material = &scenario.material;
    step(
        3,
        "drop a wrong-order chain and its key together and create a one-way certificate",
    );
    actions::choose_radio(client, names::TLS_TYPE_LEGEND, names::ONE_WAY).await?;
    // The intermediate comes before the leaf, as operators often paste them.
    let wrong_order = material.leaf.with_file_name("wrong-order-chain.pem");
    let mut text = std::fs::read_to_string(&material.intermediate)?;
    text.push_str(&std::fs::read_to_string(&material.leaf)?);
    std::fs::write(&wrong_order, text)?;
    // A multiple file input takes several paths separated by newlines.
    let paths = format!("{}\n{}", wrong_order.display(), material.key.display());
    client
        .find(Locator::XPath(&ui::file_input_xpath(
            names::SHARED_DROP_ZONE,
        )))
        .await?
        .send_keys(&paths)
        .await?;
    actions::wait_for_text(client, names::UPLOAD_SECTION, &file_name(&wrong_order)).await?;
    actions::wait_for_text(client, names::UPLOAD_SECTION, &file_name(&material.key)).await?;
    let upload = actions::wait_for_text(
        client,
        names::UPLOAD_SECTION,
        "Will send 2 certificates, in this order: mqtt.example.test, then E2E-Test-Intermediate-CA.",
    )
    .await?;
    ensure!(
        upload.contains("which matches the server certificate"),
        "the key is not shown as matching: {upload:?}"
    );

    actions::click_button(client, names::CREATE).await?;
    wait_for_announcement(client, names::CERTIFICATE_SAVED).await?;
    card::wait_for_status(client, "pending").await?;
    let tls_type = card::value(client, names::TERM_TYPE).await?;
    ensure!(
        tls_type.as_deref() == Some("one-way"),
        "card Type is {tls_type:?} after creating one-way"
    );

    let refreshes = card::wait_for_status_refreshing(client, "running").await?;
    eprintln!("[panel_flow] running after {refreshes} clicks on Refresh status");
    wait_for_announcement(client, names::CERTIFICATE_RUNNING).await?;
    let expires = card::value(client, names::TERM_EXPIRES)
        .await?
        .unwrap_or_default();
    let expected = format!("{} UTC", material.leaf_not_after);
    ensure!(
        expires.starts_with(&expected),
        "card Expires reads {expires:?}, expected it to start with {expected:?}"
    );
    Ok(())
}

async fn mismatched_key_is_blocked(scenario: &Scenario) -> Result<()> {
    let client = &scenario.client;
    let material = &scenario.material;
    step(
        4,
        "two-way with a key of another certificate is blocked before any request",
    );
    actions::choose_radio(client, names::TLS_TYPE_LEGEND, names::TWO_WAY).await?;
    actions::load_file(client, names::CHAIN_SLOT, &material.chain).await?;
    actions::load_file(client, names::KEY_SLOT, &material.unrelated_key).await?;
    actions::load_file(client, names::CLIENT_CA_SLOT, &material.client_ca).await?;
    for path in [
        &material.chain,
        &material.unrelated_key,
        &material.client_ca,
    ] {
        actions::wait_for_text(client, names::UPLOAD_SECTION, &file_name(path)).await?;
    }
    actions::wait_for_text(
        client,
        names::UPLOAD_SECTION,
        "does not match the server certificate",
    )
    .await?;
    let replace = actions::button(client, names::REPLACE).await?;
    ensure!(
        !actions::is_enabled(&replace).await?,
        "Replace certificate is enabled although the key does not match"
    );
    let puts = put_count(scenario).await?;
    ensure!(
        puts == 0,
        "{puts} PUT requests reached the simulator for a blocked upload"
    );
    Ok(())
}

async fn stale_status_gets_simulator_rejection(scenario: &Scenario) -> Result<()> {
    let client = &scenario.client;
    let material = &scenario.material;
    step(
        5,
        "another client deletes the certificate, so the simulator rejects the PUT",
    );
    let url = format!(
        "{}/api/v1/deployments/{}/tls",
        scenario.base_url, scenario.deployment.id
    );
    let deleted = reqwest::Client::new()
        .delete(&url)
        .basic_auth(API_KEY, Some(&scenario.secret))
        .send()
        .await?;
    ensure!(
        deleted.status() == reqwest::StatusCode::NO_CONTENT,
        "deleting behind the panel's back answered {}",
        deleted.status()
    );

    actions::load_file(client, names::KEY_SLOT, &material.key).await?;
    actions::wait_for_text(
        client,
        names::UPLOAD_SECTION,
        "which matches the server certificate",
    )
    .await?;
    actions::click_button(client, names::REPLACE).await?;
    // The TLS type changes from one-way to two-way, so the panel requests confirmation.
    actions::find_displayed(
        client,
        &ui::open_dialog_xpath(names::REPLACE_DIALOG_HEADING),
        "the replacement confirmation",
    )
    .await?;
    actions::click_button(client, names::CONFIRM_REPLACE).await?;

    let alert = wait_for_upload_alert(client, "the simulator's rejection", |text| {
        text.contains("POST")
    })
    .await?;
    eprintln!("[panel_flow] upload alert: {alert:?}");
    ensure!(
        alert.starts_with("The platform rejected the certificate:"),
        "the upload alert does not show the simulator's message: {alert:?}"
    );
    let upload = actions::text_of_region(client, names::UPLOAD_SECTION).await?;
    for path in [&material.chain, &material.key, &material.client_ca] {
        let name = file_name(path);
        ensure!(
            upload.contains(&name),
            "slot lost {name} after the rejection: {upload:?}"
        );
    }
    // The panel reads the status again after a rejection.
    actions::wait_for_text(client, names::CERTIFICATE_SECTION, names::NO_CERTIFICATE).await?;
    Ok(())
}

async fn create_two_way(scenario: &Scenario) -> Result<()> {
    let client = &scenario.client;
    step(6, "create the two-way certificate again");
    actions::click_button(client, names::CREATE).await?;
    wait_until("card Type two-way", DEFAULT_TIMEOUT, async || {
        let tls_type = card::value(client, names::TERM_TYPE).await?;
        Ok(if tls_type.as_deref() == Some("two-way") {
            Seen::Done(())
        } else {
            Seen::NotYet(format!("Type {tls_type:?}"))
        })
    })
    .await?;
    wait_for_announcement(client, names::CERTIFICATE_SAVED).await?;
    if let Some(alert) = actions::alert_in(client, names::UPLOAD_SECTION).await? {
        bail!("the upload section still shows an alert after a successful save: {alert:?}");
    }
    card::wait_for_status_refreshing(client, "running").await?;
    Ok(())
}

/// Counts the PUT requests the simulator received.
async fn put_count(scenario: &Scenario) -> Result<u64> {
    let stats: serde_json::Value = reqwest::get(format!("{}/__sim/stats", scenario.base_url))
        .await?
        .json()
        .await?;
    Ok(stats
        .pointer("/byMethod/PUT")
        .and_then(serde_json::Value::as_u64)
        .unwrap_or(0))
}

/// Outcome of one click on "Replace certificate" in step 6.
enum ReplaceOutcome {
    Accepted,
    Limited(String),
}

async fn use_up_write_limit(scenario: &Scenario) -> Result<()> {
    let client = &scenario.client;
    let material = &scenario.material;
    step(7, "replace again until the write limit is used up");
    let mut limited = None;
    let files = [
        (names::CHAIN_SLOT, &material.chain),
        (names::KEY_SLOT, &material.key),
        (names::CLIENT_CA_SLOT, &material.client_ca),
    ];
    for attempt in 1..=MAX_REPLACE_ATTEMPTS {
        // The panel empties the form after a successful save, so the
        // operator loads the files again before each new save.
        let upload = actions::text_of_region(client, names::UPLOAD_SECTION).await?;
        for (slot, path) in files {
            let name = file_name(path);
            if !upload.contains(&name) {
                actions::load_file(client, slot, path).await?;
                actions::wait_for_text(client, names::UPLOAD_SECTION, &name).await?;
            }
        }
        actions::click_button(client, names::REPLACE).await?;
        let outcome = wait_until(
            "a new pending status or a rate-limit alert",
            DEFAULT_TIMEOUT,
            async || {
                if let Some(alert) = actions::alert_in(client, names::UPLOAD_SECTION).await?
                    && alert.contains(names::TOO_MANY_REQUESTS)
                {
                    return Ok(Seen::Done(ReplaceOutcome::Limited(alert)));
                }
                let status = card::value(client, names::TERM_STATUS).await?;
                Ok(if status.as_deref() == Some("pending") {
                    Seen::Done(ReplaceOutcome::Accepted)
                } else {
                    Seen::NotYet(format!("status {status:?}, no rate-limit alert"))
                })
            },
        )
        .await?;
        match outcome {
            ReplaceOutcome::Limited(alert) => {
                eprintln!("[panel_flow] rate-limited on attempt {attempt}: {alert:?}");
                limited = Some(alert);
                break;
            }
            ReplaceOutcome::Accepted => {
                eprintln!("[panel_flow] attempt {attempt} accepted");
                card::wait_for_status_refreshing(client, "running").await?;
            }
        }
    }
    let Some(alert) = limited else {
        bail!("no rate-limit alert after {MAX_REPLACE_ATTEMPTS} clicks on Replace certificate");
    };
    // NOTE: "when to try again" is checked only as a digit in the alert (a
    // clock time or a countdown), so that rewording the message keeps the test valid.
    ensure!(
        alert.chars().any(|c| c.is_ascii_digit()),
        "the rate-limit alert does not say when to try again: {alert:?}"
    );

    let upload = actions::text_of_region(client, names::UPLOAD_SECTION).await?;
    for path in [&material.chain, &material.key, &material.client_ca] {
        let name = file_name(path);
        ensure!(
            upload.contains(&name),
            "slot lost {name} after the 429: {upload:?}"
        );
    }
    Ok(())
}

async fn delete_certificate(scenario: &Scenario) -> Result<()> {
    let client = &scenario.client;
    step(8, "delete the certificate through the confirmation dialog");
    actions::click_button(client, names::DELETE_CERTIFICATE).await?;
    let dialog_xpath = ui::open_dialog_xpath(names::DELETE_DIALOG_HEADING);
    let dialog =
        actions::find_displayed(client, &dialog_xpath, "the delete confirmation dialog").await?;
    dialog
        .find(Locator::XPath(&ui::button_xpath(
            ".//",
            names::CONFIRM_DELETE,
        )))
        .await
        .context("the delete dialog has no Delete button")?
        .click()
        .await?;
    actions::wait_for_text(client, names::CERTIFICATE_SECTION, names::NO_CERTIFICATE).await?;
    for dialog in client.find_all(Locator::XPath(&dialog_xpath)).await? {
        ensure!(
            !dialog.is_displayed().await?,
            "the delete dialog is still open"
        );
    }
    Ok(())
}

fn check_simulator_log(scenario: &Scenario) -> Result<()> {
    step(
        8,
        "check that the simulator log has no secret and no PEM text",
    );
    let log = std::fs::read_to_string(&scenario.simulator_log)?;
    // The messages name the file only, so that a failure prints no secret.
    ensure!(
        !log.contains(&scenario.secret),
        "{} contains the API secret",
        scenario.simulator_log.display()
    );
    ensure!(
        !log.contains("-----BEGIN"),
        "{} contains PEM text",
        scenario.simulator_log.display()
    );
    Ok(())
}

/// Waits until the `role="status"` live region announces `message`.
async fn wait_for_announcement(client: &Client, message: &str) -> Result<()> {
    wait_until(
        &format!("announcement {message:?}"),
        DEFAULT_TIMEOUT,
        async || {
            let text = actions::status_text(client).await?;
            Ok(if text.contains(message) {
                Seen::Done(())
            } else {
                Seen::NotYet(format!("status region {text:?}"))
            })
        },
    )
    .await
}

/// Waits until the upload section shows an alert for which `accept` returns true.
async fn wait_for_upload_alert(
    client: &Client,
    description: &str,
    accept: impl Fn(&str) -> bool,
) -> Result<String> {
    wait_until(
        &format!("an upload alert about {description}"),
        DEFAULT_TIMEOUT,
        async || {
            let alert = actions::alert_in(client, names::UPLOAD_SECTION).await?;
            Ok(match alert {
                Some(text) if accept(&text) => Seen::Done(text),
                other => Seen::NotYet(format!("alert {other:?}")),
            })
        },
    )
    .await
}
