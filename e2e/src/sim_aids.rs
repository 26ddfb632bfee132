//! The simulator's test aids outside the API: request counts at
//! `/__sim/stats` and fault injection at `/__sim/faults`. Neither needs
//! credentials nor counts against the rate limits.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use serde::Deserialize;
use serde_json::Value;

/// Route pattern of the TLS endpoints as the stats name it.
pub const TLS_ROUTE: &str = "/api/v1/deployments/{id}/tls";

/// Route of the deployment list as the stats name it.
pub const LIST_ROUTE: &str = "/api/v1/deployments";

/// Request counts since the simulator started or the stats were reset.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Stats {
    pub total: u64,
    /// Requests received per HTTP method.
    pub by_method: BTreeMap<String, u64>,
    /// Requests per `"METHOD /route/{pattern}"`.
    pub requests: BTreeMap<String, RouteCount>,
}

/// Counts of one method and route.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteCount {
    /// Requests received, including those still waiting for a response.
    pub total: u64,
    /// Responses per status code, and `dropped` for closed connections.
    pub by_status: BTreeMap<String, u64>,
}

impl Stats {
    /// Requests received with `method`, on any route.
    pub fn method(&self, method: &str) -> u64 {
        self.by_method.get(method).copied().unwrap_or_default()
    }

    /// Counts of `method` on `route`, zero when none arrived.
    pub fn route(&self, method: &str, route: &str) -> RouteCount {
        self.requests
            .get(&format!("{method} {route}"))
            .cloned()
            .unwrap_or_default()
    }

    /// Requests of `method` on `route` whose response had `status`.
    pub fn responses(&self, method: &str, route: &str, status: &str) -> u64 {
        self.route(method, route)
            .by_status
            .get(status)
            .copied()
            .unwrap_or_default()
    }

    /// Requests of `method` on the TLS route, with or without a response yet.
    pub fn tls(&self, method: &str) -> u64 {
        self.route(method, TLS_ROUTE).total
    }

    /// Returns every `"METHOD /route"` with at least one response of `status`.
    pub fn routes_with_status(&self, status: &str) -> Vec<String> {
        self.requests
            .iter()
            .filter(|(_, count)| count.by_status.contains_key(status))
            .map(|(route, _)| route.clone())
            .collect()
    }
}

/// A client of the test aids of one simulator.
pub struct SimAids {
    base_url: String,
    http: reqwest::Client,
}

impl SimAids {
    /// Returns a client for the simulator at `base_url`, such as `http://127.0.0.1:40123`.
    pub fn new(base_url: &str) -> Result<Self> {
        let http = reqwest::Client::builder()
            .timeout(Duration::from_secs(10))
            .no_proxy()
            .build()?;
        Ok(Self {
            base_url: base_url.to_owned(),
            http,
        })
    }

    /// Reads the request counts.
    pub async fn stats(&self) -> Result<Stats> {
        let url = format!("{}/__sim/stats", self.base_url);
        let response = self
            .http
            .get(&url)
            .send()
            .await
            .with_context(|| format!("GET {url} failed"))?;
        let status = response.status();
        if !status.is_success() {
            bail!("GET {url} returned {status}");
        }
        response
            .json()
            .await
            .with_context(|| format!("GET {url} returned a body that is not the stats JSON"))
    }

    /// Queues a fault rule such as
    /// `{"method": "PUT", "route": TLS_ROUTE, "kind": "hang"}`. The simulator
    /// must run with `--faults`.
    pub async fn queue_fault(&self, rule: &Value) -> Result<()> {
        let url = format!("{}/__sim/faults", self.base_url);
        let response = self
            .http
            .post(&url)
            .json(rule)
            .send()
            .await
            .with_context(|| format!("POST {url} failed"))?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            bail!("POST {url} with {rule} returned {status}: {body}");
        }
        Ok(())
    }

    /// Returns the fault rules still queued.
    pub async fn queued_faults(&self) -> Result<Vec<Value>> {
        let url = format!("{}/__sim/faults", self.base_url);
        let body: Value = self
            .http
            .get(&url)
            .send()
            .await
            .with_context(|| format!("GET {url} failed"))?
            .json()
            .await?;
        match body["faults"].as_array() {
            Some(faults) => Ok(faults.clone()),
            None => bail!("GET {url} returned {body} without a faults list"),
        }
    }
}
