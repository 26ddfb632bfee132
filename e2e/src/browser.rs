//! chromedriver and a headless Chromium session driven through fantoccini.

use std::fs::File;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{Value, json};

use crate::locate::{CHROMIUM_BINARY, chromedriver_binary};
use crate::process::{ChildGuard, free_loopback_port};

/// How long chromedriver gets to report itself ready.
const DRIVER_STARTUP_TIMEOUT: Duration = Duration::from_secs(20);

/// Chromium flags for a quiet headless run inside a container.
const CHROMIUM_ARGS: &[&str] = &[
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1024",
];

/// A WebDriver session in headless Chromium. Dropping it ends chromedriver and
/// the browser; [`Browser::close`] ends the session politely first.
pub struct Browser {
    client: Client,
    // Declared after `client` so the browser outlives the session handle.
    driver: ChildGuard,
}

impl Browser {
    /// Starts chromedriver on a free loopback port, with its output in
    /// `work_dir/chromedriver.log`, and opens a session whose Chromium profile
    /// is a new folder in `work_dir`.
    pub async fn start(work_dir: &Path) -> Result<Self> {
        let binary = chromedriver_binary();
        let port = free_loopback_port()?;
        let log_path = work_dir.join("chromedriver.log");
        let log = File::create(&log_path)?;
        let mut command = Command::new(&binary);
        command
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(log.try_clone()?)
            .stderr(log);
        let mut driver = ChildGuard::spawn("chromedriver", command)?;
        let driver_url = format!("http://127.0.0.1:{port}");
        wait_until_ready(&driver_url, &mut driver, &log_path).await?;

        let profile = work_dir.join("chromium-profile");
        std::fs::create_dir_all(&profile)?;
        let mut args: Vec<String> = CHROMIUM_ARGS.iter().map(|arg| (*arg).to_owned()).collect();
        args.push(format!("--user-data-dir={}", profile.display()));
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM_BINARY, "args": args },
        });
        let Value::Object(capabilities) = capabilities else {
            unreachable!("json! of an object literal is an object")
        };
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&driver_url)
            .await
            .with_context(|| {
                format!(
                    "failed to open a Chromium session through chromedriver at {driver_url}; \
                     see {}",
                    log_path.display()
                )
            })?;
        Ok(Self { client, driver })
    }

    /// Returns the WebDriver client of the session.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Ends the session, then chromedriver.
    pub async fn close(self) -> Result<()> {
        let Self { client, driver } = self;
        let result = client
            .close()
            .await
            .context("failed to end the WebDriver session");
        drop(driver);
        result
    }
}

/// Polls chromedriver's `GET /status` until it reports `ready`.
async fn wait_until_ready(
    driver_url: &str,
    driver: &mut ChildGuard,
    log_path: &Path,
) -> Result<()> {
    let http = reqwest::Client::builder()
        .timeout(Duration::from_secs(2))
        .no_proxy()
        .build()?;
    let deadline = Instant::now() + DRIVER_STARTUP_TIMEOUT;
    loop {
        if let Some(status) = driver.exit_status()? {
            bail!(
                "chromedriver exited with {status} before it was ready; see {}",
                log_path.display()
            );
        }
        if let Ok(response) = http.get(format!("{driver_url}/status")).send().await {
            let body: Value = response.json().await.unwrap_or(Value::Null);
            if body["value"]["ready"] == Value::Bool(true) {
                return Ok(());
            }
        }
        if Instant::now() > deadline {
            bail!(
                "chromedriver at {driver_url} was not ready within {DRIVER_STARTUP_TIMEOUT:?}; see {}",
                log_path.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}
