//! chromedriver and a headless Chromium session driven through fantoccini.

use std::fs::File;
use std::path::{Path, PathBuf};
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

/// Optional parts of a browser session.
#[derive(Clone, Copy, Debug, Default)]
pub struct BrowserOptions {
    /// Records Chromium's network events in chromedriver's `performance`
    /// log, which then lists every URL the browser requested. It costs time
    /// on every request, so only the tests that read it turn it on.
    pub performance_log: bool,
    /// Starts chromedriver with `--verbose`, so that `chromedriver.log` in
    /// the work folder records every DevTools event, such as the opening of
    /// a `beforeunload` prompt. It also records every WebDriver command with
    /// its arguments, typed text included, so a test that turns it on must
    /// type no secret.
    pub devtools_log: bool,
}

/// A WebDriver session in headless Chromium. Dropping it ends chromedriver and
/// the browser; [`Browser::close`] ends the session politely first.
pub struct Browser {
    client: Client,
    driver_log: PathBuf,
    // Declared after `client` so the browser outlives the session handle.
    driver: ChildGuard,
}

impl Browser {
    /// Starts chromedriver on a free loopback port, with its output in
    /// `work_dir/chromedriver.log`, and opens a session whose Chromium profile
    /// is a new folder in `work_dir`.
    pub async fn start(work_dir: &Path) -> Result<Self> {
        Self::start_with(work_dir, BrowserOptions::default()).await
    }

    /// Starts a session like [`Browser::start`], with `options`.
    ///
    /// Every session keeps the page's console messages in chromedriver's
    /// `browser` log; [`crate::browser_log`] reads it.
    pub async fn start_with(work_dir: &Path, options: BrowserOptions) -> Result<Self> {
        let binary = chromedriver_binary();
        let port = free_loopback_port()?;
        let log_path = work_dir.join("chromedriver.log");
        let log = File::create(&log_path)?;
        let mut command = Command::new(&binary);
        command
            .arg(format!("--port={port}"))
            .args(options.devtools_log.then_some("--verbose"))
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
        let mut logging = json!({ "browser": "ALL" });
        if options.performance_log {
            logging["performance"] = json!("ALL");
        }
        let capabilities = json!({
            "browserName": "chrome",
            "goog:chromeOptions": { "binary": CHROMIUM_BINARY, "args": args },
            "goog:loggingPrefs": logging,
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
        Ok(Self {
            client,
            driver_log: log_path,
            driver,
        })
    }

    /// Returns the WebDriver client of the session.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Returns chromedriver's output file, `chromedriver.log` in the work folder.
    pub fn driver_log(&self) -> &Path {
        &self.driver_log
    }

    /// Ends the session, then chromedriver.
    pub async fn close(self) -> Result<()> {
        let Self { client, driver, .. } = self;
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
