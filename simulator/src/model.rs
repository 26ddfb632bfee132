//! Deployments and certificate records, as the API returns them and as the
//! state file stores them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum DeploymentType {
    Serverless,
    Dedicated,
    DedicatedFlex,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeploymentStatus {
    Running,
    Starting,
    Stopped,
}

/// A deployment object of `GET /deployments`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    #[serde(rename = "deploymentID")]
    pub id: String,
    #[serde(rename = "deploymentName")]
    pub name: String,
    #[serde(rename = "deploymentType")]
    pub deployment_type: DeploymentType,
    pub status: DeploymentStatus,
    pub platform: String,
    pub region: String,
    #[serde(rename = "projectName")]
    pub project_name: String,
    pub version: String,
    /// Creation time as `YYYY-MM-DD HH:MM`.
    #[serde(rename = "createAt")]
    pub create_at: String,
    pub connections: u64,
    pub tps: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TlsType {
    #[serde(rename = "one-way")]
    OneWay,
    #[serde(rename = "two-way")]
    TwoWay,
}

impl TlsType {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "one-way" => Some(Self::OneWay),
            "two-way" => Some(Self::TwoWay),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsStatus {
    Pending,
    Running,
}

/// A stored custom certificate. It contains no PEM text and no key, only
/// what `GET .../tls` reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsRecord {
    pub tls_type: TlsType,
    /// The leaf's notAfter as `YYYY-MM-DD HH:MM:SS` in UTC.
    pub expire: String,
    /// Unix time in milliseconds of the last POST or PUT. The certificate
    /// is `pending` until this moment plus the configured pending delay.
    pub uploaded_at_ms: u64,
    /// Common name of the leaf's subject, when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject_cn: Option<String>,
}

impl TlsRecord {
    pub fn status_at(&self, now_unix_ms: u64, pending_seconds: u64) -> TlsStatus {
        let running_from = self
            .uploaded_at_ms
            .saturating_add(pending_seconds.saturating_mul(1000));
        if now_unix_ms >= running_from {
            TlsStatus::Running
        } else {
            TlsStatus::Pending
        }
    }

    pub fn view(&self, now_unix_ms: u64, pending_seconds: u64) -> TlsView {
        TlsView {
            tls_type: self.tls_type,
            expire: self.expire.clone(),
            status: self.status_at(now_unix_ms, pending_seconds),
        }
    }
}

/// Body of a successful `GET`, `POST` or `PUT` on `.../tls`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsView {
    pub tls_type: TlsType,
    pub expire: String,
    pub status: TlsStatus,
}

/// A deployment with its certificate record, as the state file stores it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StoredDeployment {
    #[serde(flatten)]
    pub deployment: Deployment,
    #[serde(default)]
    pub tls: Option<TlsRecord>,
}
