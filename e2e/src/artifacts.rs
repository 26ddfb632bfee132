//! Screenshot, page source and simulator log saved when a browser test fails.

use std::path::PathBuf;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{Context, Result};
use fantoccini::Client;

use crate::redact::redact;

/// Returns the folder for failure artifacts, `e2e/artifacts/`, which git ignores.
pub fn artifacts_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("artifacts")
}

/// Saves a screenshot and the page source of `client`, and `simulator_log`
/// when given, under [`artifacts_dir`] with names that start with
/// `test_name` and the current Unix time. The page source and the log are
/// stored with PEM blocks and `secret` removed.
///
/// Returns the paths written. Each artifact is attempted even when an earlier
/// one failed, and the failures are returned as text beside the paths.
pub async fn save_failure_artifacts(
    client: &Client,
    test_name: &str,
    secret: Option<&str>,
    simulator_log: Option<&str>,
) -> (Vec<PathBuf>, Vec<String>) {
    let dir = artifacts_dir();
    let mut saved = Vec::new();
    let mut failures = Vec::new();
    if let Err(error) = std::fs::create_dir_all(&dir) {
        failures.push(format!("failed to create {}: {error}", dir.display()));
        return (saved, failures);
    }
    let stamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default();
    let prefix = dir.join(format!("{test_name}-{stamp}"));

    let screenshot = prefix.with_extension("png");
    let outcome: Result<()> = async {
        let png = client
            .screenshot()
            .await
            .context("failed to take a screenshot")?;
        std::fs::write(&screenshot, png)?;
        Ok(())
    }
    .await;
    record(outcome, screenshot, &mut saved, &mut failures);

    let page = prefix.with_extension("html");
    let outcome: Result<()> = async {
        let source = client
            .source()
            .await
            .context("failed to read the page source")?;
        std::fs::write(&page, redact(&source, secret))?;
        Ok(())
    }
    .await;
    record(outcome, page, &mut saved, &mut failures);

    if let Some(log) = simulator_log {
        let log_path = prefix.with_extension("platform-sim.log");
        let outcome = std::fs::write(&log_path, redact(log, secret)).map_err(Into::into);
        record(outcome, log_path, &mut saved, &mut failures);
    }
    (saved, failures)
}

fn record(
    outcome: Result<()>,
    path: PathBuf,
    saved: &mut Vec<PathBuf>,
    failures: &mut Vec<String>,
) {
    match outcome {
        Ok(()) => saved.push(path),
        Err(error) => failures.push(format!("{}: {error:#}", path.display())),
    }
}
