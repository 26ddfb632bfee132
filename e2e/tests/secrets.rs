//! Where the API secret and the private key must not end up: the browser's
//! console, the simulator's log, localStorage, sessionStorage (unless the
//! operator ticks "Remember for this tab"), and any URL the browser
//! requested.
//!
//! The console is read through chromedriver's log endpoint, which the
//! session fills because its capabilities set `goog:loggingPrefs` to
//! `browser: ALL`.
//! Requested URLs come from the `performance` log, which records Chromium's
//! network events.
//!
//! Needs the panel's release build (`PANEL_DIST`) and the simulator
//! (`PLATFORM_SIM_BIN`); `scripts/test.sh` builds both.

use anyhow::{Result, ensure};
use base64::Engine;
use base64::prelude::BASE64_STANDARD;
use e2e::actions;
use e2e::browser::BrowserOptions;
use e2e::browser_log::{LogEntry, LogKind, read_log, requested_urls};
use e2e::card;
use e2e::fixture::{Fixture, no_settings};
use e2e::page_storage::{StorageArea, storage_entries};
use e2e::panel_steps::{
    Upload, choose_deployment, click_save, connect, fill_upload, open_panel, submit_credentials,
    wait_for_alert,
};
use e2e::simulator::{API_KEY, SimulatorConfig, random_secret};
use e2e::ui::{messages, names};
use percent_encoding::percent_decode_str;

/// Demo deployment without a certificate.
const WITHOUT_CERTIFICATE: &str = "b1f77113";

/// Text that must appear nowhere, described without its value so that a
/// failure message never prints it.
struct Forbidden {
    description: String,
    text: String,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn secrets_stay_out_of_logs_storage_urls() {
    let options = BrowserOptions {
        performance_log: true,
        ..BrowserOptions::default()
    };
    let fixture = Fixture::start(
        "secrets_stay_out_of_logs_storage_urls",
        SimulatorConfig::serving,
        no_settings(),
        options,
    )
    .await
    .unwrap_or_else(|error| panic!("{error:#}"));
    fixture.run(secrets_scenario).await;
}

async fn secrets_scenario(f: &mut Fixture) -> Result<()> {
    let client = f.client().clone();
    let wrong_secret = random_secret()?;
    let mut console: Vec<LogEntry> = Vec::new();
    let mut network: Vec<LogEntry> = Vec::new();

    f.log("a failed connect with a wrong secret");
    open_panel(&client, &f.panel_url()).await?;
    submit_credentials(&client, API_KEY, &wrong_secret, false).await?;
    wait_for_alert(&client, names::CONNECTION_SECTION, messages::AUTH_FAILED).await?;

    f.log("connect without remembering, create a certificate, refresh");
    connect(&client, API_KEY, f.simulator.secret(), false).await?;
    expect_session_storage_empty(f, "after connecting without remembering").await?;
    choose_deployment(&client, WITHOUT_CERTIFICATE).await?;
    fill_upload(&client, &Upload::one_way(&f.material)).await?;
    click_save(&client).await?;
    card::wait_for_status_refreshing(&client, "running").await?;
    console.extend(read_log(&client, LogKind::Browser).await?);
    network.extend(read_log(&client, LogKind::Performance).await?);

    f.log("reload, connect with Remember for this tab, disconnect");
    open_panel(&client, &f.panel_url()).await?;
    connect(&client, API_KEY, f.simulator.secret(), true).await?;
    let remembered = storage_entries(&client, StorageArea::Session).await?;
    ensure!(
        remembered
            .values()
            .any(|value| value.contains(f.simulator.secret())),
        "\"Remember for this tab\" was ticked, but sessionStorage has no credentials"
    );
    actions::click_button(&client, names::DISCONNECT).await?;
    actions::button(&client, names::CONNECT).await?;
    expect_session_storage_empty(f, "after Disconnect").await?;
    console.extend(read_log(&client, LogKind::Browser).await?);
    network.extend(read_log(&client, LogKind::Performance).await?);

    let forbidden = forbidden_texts(f, &wrong_secret)?;
    let local = storage_entries(&client, StorageArea::Local).await?;
    for (name, value) in &local {
        for item in &forbidden {
            ensure!(
                !name.contains(&item.text) && !value.contains(&item.text),
                "localStorage entry {name:?} contains {}",
                item.description
            );
        }
        ensure!(
            !name.contains(API_KEY) && !value.contains(API_KEY),
            "localStorage entry {name:?} contains the API key"
        );
    }

    ensure!(
        !console.is_empty(),
        "the console log is empty, so reading it may have failed"
    );
    for entry in &console {
        for item in &forbidden {
            ensure!(
                !entry.message.contains(&item.text),
                "a {} console message contains {}",
                entry.level,
                item.description
            );
        }
    }

    let simulator_log = f.simulator.log_text()?;
    for item in &forbidden {
        ensure!(
            !simulator_log.contains(&item.text),
            "the simulator log {} contains {}",
            f.simulator.log_path().display(),
            item.description
        );
    }

    let urls = requested_urls(&network);
    ensure!(
        urls.iter().any(|url| url.contains("/api/v1/deployments")),
        "the performance log lists no API request, so reading it may have failed"
    );
    let mut current = vec![client.current_url().await?.to_string()];
    current.extend(urls);
    for url in &current {
        let decoded = percent_decode(url);
        for item in &forbidden {
            ensure!(
                !url.contains(&item.text) && !decoded.contains(&item.text),
                "a requested URL contains {}",
                item.description
            );
        }
    }
    f.log(&format!(
        "checked {} console messages, {} URLs and {} localStorage entries",
        console.len(),
        current.len(),
        local.len()
    ));
    Ok(())
}

/// Lists the secrets of this run: both API secrets, the HTTP Basic credentials
/// that carry the real one, PEM markers, and every base64 line of the key.
fn forbidden_texts(f: &Fixture, wrong_secret: &str) -> Result<Vec<Forbidden>> {
    let mut forbidden = vec![
        Forbidden {
            description: "the API secret".to_owned(),
            text: f.simulator.secret().to_owned(),
        },
        Forbidden {
            description: "the wrong secret typed first".to_owned(),
            text: wrong_secret.to_owned(),
        },
        Forbidden {
            description: "the HTTP Basic credentials".to_owned(),
            text: basic_credentials(API_KEY, f.simulator.secret()),
        },
        Forbidden {
            description: "a PEM marker".to_owned(),
            text: "-----BEGIN".to_owned(),
        },
    ];
    let key = std::fs::read_to_string(&f.material.key)?;
    for (number, line) in key.lines().enumerate() {
        if !line.starts_with("-----") && !line.trim().is_empty() {
            forbidden.push(Forbidden {
                description: format!("line {} of the private key", number + 1),
                text: line.trim().to_owned(),
            });
        }
    }
    Ok(forbidden)
}

async fn expect_session_storage_empty(f: &Fixture, when: &str) -> Result<()> {
    let entries = storage_entries(f.client(), StorageArea::Session).await?;
    ensure!(
        entries.is_empty(),
        "sessionStorage has entries {:?} {when}",
        entries.keys().collect::<Vec<_>>()
    );
    Ok(())
}

/// Returns the base64 of `key:secret`, as sent in `Authorization: Basic`.
fn basic_credentials(key: &str, secret: &str) -> String {
    BASE64_STANDARD.encode(format!("{key}:{secret}"))
}

/// Decodes `%XX` escapes; invalid escapes stay as they are.
fn percent_decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

#[test]
fn basic_credentials_match_rfc_example() {
    // RFC 7617, section 2: "Aladdin" and "open sesame".
    assert_eq!(
        basic_credentials("Aladdin", "open sesame"),
        "QWxhZGRpbjpvcGVuIHNlc2FtZQ=="
    );
    assert_eq!(basic_credentials("a", "b"), "YTpi");
}

#[test]
fn percent_decode_reads_escapes() {
    assert_eq!(percent_decode("a%2Fb%3d"), "a/b=");
    assert_eq!(percent_decode("100%"), "100%");
    assert_eq!(percent_decode("%zz"), "%zz");
}
