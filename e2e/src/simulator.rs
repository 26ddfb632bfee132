//! The `platform-sim` child process and the few API reads the harness makes.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use serde_json::Value;

use crate::process::{ChildGuard, free_loopback_port};
use crate::redact::redact;
pub use crate::simulator_config::SimulatorConfig;
use crate::simulator_config::spawn;

/// API key the tests connect with.
pub const API_KEY: &str = "e2e-key";

/// How long the simulator gets to respond to its first request.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(20);

/// A deployment as listed by `GET /api/v1/deployments`.
#[derive(Debug, Clone)]
pub struct Deployment {
    pub id: String,
    pub name: String,
    pub status: String,
}

/// A running simulator on a free loopback port, with fresh credentials.
///
/// Dropping it ends the process. Its state file and log live in the folder
/// given to [`Simulator::start`].
pub struct Simulator {
    base_url: String,
    /// The `--listen` address, kept so that a restart binds the same port.
    listen: String,
    state_path: PathBuf,
    secret: String,
    log_path: PathBuf,
    http: reqwest::Client,
    /// `None` only for the moment between stopping and starting in a restart.
    process: Option<ChildGuard>,
}

impl Simulator {
    /// Starts `binary` with `config`, keeps its state file and its combined
    /// stdout and stderr in `work_dir`, and waits until it responds to HTTP.
    pub async fn start(binary: &Path, config: &SimulatorConfig, work_dir: &Path) -> Result<Self> {
        let port = free_loopback_port()?;
        let listen = format!("127.0.0.1:{port}");
        let secret = random_secret()?;
        let log_path = work_dir.join("platform-sim.log");
        let log = File::create(&log_path)
            .with_context(|| format!("failed to create {}", log_path.display()))?;
        let state_path = work_dir.join("platform-sim-state.json");
        let process = spawn(binary, config, &listen, &state_path, &secret, log)?;

        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .no_proxy()
            .build()?;
        let mut simulator = Self {
            base_url: format!("http://{listen}"),
            listen,
            state_path,
            secret,
            log_path,
            http,
            process: Some(process),
        };
        simulator.wait_until_answering().await?;
        eprintln!("platform-sim answers at {}", simulator.base_url);
        Ok(simulator)
    }

    /// Stops the simulator and starts it again on the same address and state
    /// file with a new secret, as when the operator's key is deleted and
    /// recreated. Its output is appended to the same log. Requests counts,
    /// rate-limit records and queued faults start empty again.
    pub async fn restart_with_new_secret(
        &mut self,
        binary: &Path,
        config: &SimulatorConfig,
    ) -> Result<()> {
        let log = File::options()
            .append(true)
            .open(&self.log_path)
            .with_context(|| format!("failed to open {}", self.log_path.display()))?;
        let secret = random_secret()?;
        // The old process must release the port before the new one binds it,
        // so it ends before the new one starts.
        self.process = None;
        self.process = Some(spawn(
            binary,
            config,
            &self.listen,
            &self.state_path,
            &secret,
            log,
        )?);
        self.secret = secret;
        self.wait_until_answering().await?;
        eprintln!("platform-sim restarted at {}", self.base_url);
        Ok(())
    }

    /// Polls `GET /` until any HTTP response arrives. The static route is not
    /// rate-limited, so this spends none of the API's read budget.
    async fn wait_until_answering(&mut self) -> Result<()> {
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            let process = self
                .process
                .as_mut()
                .context("platform-sim is not running")?;
            if let Some(status) = process.exit_status()? {
                bail!(
                    "platform-sim exited with {status} before answering; its output:\n{}",
                    self.redacted_log_tail(40)
                );
            }
            let probe = self.http.get(format!("{}/", self.base_url)).send().await;
            if probe.is_ok() {
                return Ok(());
            }
            if Instant::now() > deadline {
                bail!(
                    "platform-sim did not answer at {} within {:?}; its output:\n{}",
                    self.base_url,
                    STARTUP_TIMEOUT,
                    self.redacted_log_tail(40)
                );
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Returns the origin, such as `http://127.0.0.1:40123`.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Returns the fresh API secret. Callers must not print or store it.
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// Returns the file that receives the simulator's stdout and stderr.
    pub fn log_path(&self) -> &Path {
        &self.log_path
    }

    /// Reads the simulator's output so far, unredacted.
    pub fn log_text(&self) -> Result<String> {
        std::fs::read_to_string(&self.log_path)
            .with_context(|| format!("failed to read {}", self.log_path.display()))
    }

    /// Returns the last `lines` lines of the output with the secret and PEM blocks removed.
    pub fn redacted_log_tail(&self, lines: usize) -> String {
        let text = self.log_text().unwrap_or_else(|error| error.to_string());
        let redacted = redact(&text, Some(&self.secret));
        let all: Vec<&str> = redacted.lines().collect();
        all[all.len().saturating_sub(lines)..].join("\n")
    }

    /// Sends an authenticated `GET /api/v1{path}` and returns the status and the body parsed as JSON
    /// (`Value::Null` when the body is empty or not JSON).
    pub async fn api_get(&self, path: &str) -> Result<(reqwest::StatusCode, Value)> {
        let response = self.api_send(reqwest::Method::GET, path, None).await?;
        let status = response.status();
        let body = response.text().await?;
        let json = serde_json::from_str(&body).unwrap_or(Value::Null);
        Ok((status, json))
    }

    /// Sends an authenticated `METHOD /api/v1{path}` with `body` as JSON, as
    /// another client of the same key would, and returns the response.
    pub async fn api_send(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<reqwest::Response> {
        let url = format!("{}/api/v1{path}", self.base_url);
        let mut request = self
            .http
            .request(method.clone(), &url)
            .basic_auth(API_KEY, Some(&self.secret));
        if let Some(body) = body {
            request = request.json(body);
        }
        request
            .send()
            .await
            .with_context(|| format!("{method} {url} failed"))
    }

    /// Lists the deployments. One read against the API's budget.
    pub async fn deployments(&self) -> Result<Vec<Deployment>> {
        let (status, body) = self.api_get("/deployments").await?;
        if !status.is_success() {
            bail!("GET /api/v1/deployments returned {status}: {body}");
        }
        let Some(items) = body.as_array() else {
            bail!("GET /api/v1/deployments returned {body} instead of a JSON array");
        };
        let text = |item: &Value, field: &str| item[field].as_str().unwrap_or_default().to_owned();
        Ok(items
            .iter()
            .map(|item| Deployment {
                id: text(item, "deploymentID"),
                name: text(item, "deploymentName"),
                status: text(item, "status"),
            })
            .collect())
    }

    /// Picks a `running` deployment whose TLS status is empty. It reads the
    /// list once and then the TLS status of running deployments until one is
    /// empty, so a fresh state usually costs two reads.
    pub async fn running_deployment_without_certificate(&self) -> Result<Deployment> {
        let deployments = self.deployments().await?;
        for deployment in deployments.iter().filter(|d| d.status == "running") {
            let (status, body) = self
                .api_get(&format!("/deployments/{}/tls", deployment.id))
                .await?;
            if status.is_success() && tls_status_is_empty(&body) {
                return Ok(deployment.clone());
            }
        }
        bail!(
            "no running deployment without a certificate among {:?}",
            deployments
                .iter()
                .map(|d| format!("{} ({})", d.id, d.status))
                .collect::<Vec<_>>()
        )
    }
}

/// Returns true when a TLS status body describes no certificate: JSON null,
/// an empty object, or an object whose `tlsType`, `expire` and `status` are
/// all missing, null or empty.
pub fn tls_status_is_empty(body: &Value) -> bool {
    match body {
        Value::Null => true,
        Value::Object(fields) => {
            ["tlsType", "expire", "status"]
                .iter()
                .all(|name| match fields.get(*name) {
                    None | Some(Value::Null) => true,
                    Some(Value::String(text)) => text.is_empty(),
                    Some(_) => false,
                })
        }
        _ => false,
    }
}

/// Returns 32 hexadecimal characters from the operating system's random source.
pub fn random_secret() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|error| anyhow::anyhow!("getrandom failed: {error}"))?;
    Ok(bytes.iter().map(|byte| format!("{byte:02x}")).collect())
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn empty_tls_status_shapes() {
        assert!(tls_status_is_empty(&json!(null)));
        assert!(tls_status_is_empty(&json!({})));
        assert!(tls_status_is_empty(
            &json!({"tlsType": null, "expire": "", "status": null})
        ));
    }

    #[test]
    fn present_tls_status_is_not_empty() {
        let body =
            json!({"tlsType": "one-way", "expire": "2034-05-22 02:43:21", "status": "running"});
        assert!(!tls_status_is_empty(&body));
        assert!(!tls_status_is_empty(&json!({"status": "pending"})));
        assert!(!tls_status_is_empty(&json!([])));
    }

    #[test]
    fn random_secret_is_fresh_hex() {
        let first = random_secret().unwrap();
        let second = random_secret().unwrap();
        assert_eq!(first.len(), 32);
        assert!(first.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(first, second);
    }
}
