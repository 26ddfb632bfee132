//! The harness starts `platform-sim`, reads its demo deployments and stops it.
//!
//! These tests need the built simulator (`scripts/test.sh` builds it, or set
//! `PLATFORM_SIM_BIN`), but not the panel: they serve a one-page folder.

use std::path::Path;

use e2e::actions;
use e2e::browser::Browser;
use e2e::locate::simulator_binary;
use e2e::simulator::{Simulator, SimulatorConfig, tls_status_is_empty};
use e2e::ui::names;

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
    <title>served</title></head><body><section><h2>Upload certificate</h2>\
    <p>served by platform-sim</p></section></body></html>";

async fn start_serving_page(work: &Path) -> Simulator {
    let binary = simulator_binary().unwrap_or_else(|error| panic!("{error:#}"));
    let serve = work.join("site");
    std::fs::create_dir_all(&serve).unwrap();
    std::fs::write(serve.join("index.html"), PAGE).unwrap();
    Simulator::start(&binary, &SimulatorConfig::serving(serve), work)
        .await
        .unwrap_or_else(|error| panic!("{error:#}"))
}

#[tokio::test]
async fn simulator_lists_running_deployment_without_certificate() {
    let work = tempfile::tempdir().unwrap();
    let simulator = start_serving_page(work.path()).await;

    let page = reqwest::get(format!("{}/", simulator.base_url()))
        .await
        .unwrap();
    assert!(
        page.status().is_success(),
        "GET / returned {}",
        page.status()
    );
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("served by platform-sim")
    );

    let deployment = simulator
        .running_deployment_without_certificate()
        .await
        .unwrap();
    assert_eq!(deployment.status, "running");
    assert!(
        !deployment.id.is_empty(),
        "deployment without an id: {deployment:?}"
    );
    assert!(
        !deployment.name.is_empty(),
        "deployment without a name: {deployment:?}"
    );
    let (status, body) = simulator
        .api_get(&format!("/deployments/{}/tls", deployment.id))
        .await
        .unwrap();
    assert!(status.is_success(), "GET .../tls returned {status}");
    assert!(
        tls_status_is_empty(&body),
        "TLS status is not empty: {body}"
    );

    let log = simulator.log_text().unwrap();
    assert!(
        !log.contains(simulator.secret()),
        "the simulator log contains the API secret"
    );
    assert!(
        !log.contains("-----BEGIN"),
        "the simulator log contains PEM text"
    );

    let base_url = simulator.base_url().to_owned();
    drop(simulator);
    let after_stop = reqwest::get(format!("{base_url}/")).await;
    assert!(
        after_stop.is_err(),
        "the simulator still answers after the guard was dropped"
    );
}

#[tokio::test]
async fn simulator_rejects_wrong_secret() {
    let work = tempfile::tempdir().unwrap();
    let simulator = start_serving_page(work.path()).await;

    let response = reqwest::Client::new()
        .get(format!("{}/api/v1/deployments", simulator.base_url()))
        .basic_auth(e2e::simulator::API_KEY, Some("not-the-secret"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), reqwest::StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn browser_opens_page_served_by_simulator() {
    let work = tempfile::tempdir().unwrap();
    let simulator = start_serving_page(work.path()).await;
    let browser = Browser::start(work.path()).await.unwrap();
    let client = browser.client();

    client
        .goto(&format!("{}/", simulator.base_url()))
        .await
        .unwrap();
    let text = actions::wait_for_text(client, names::UPLOAD_SECTION, "served by platform-sim")
        .await
        .unwrap();
    assert_eq!(text, "Upload certificate\nserved by platform-sim");
    browser.close().await.unwrap();
}
