//! Demo deployments of a fresh state, each in a different situation.

use crate::clock;
use crate::model::{
    Deployment, DeploymentStatus, DeploymentType, StoredDeployment, TlsRecord, TlsType,
};

/// Running, with no custom certificate.
pub const RUNNING_WITHOUT_CERT: &str = "b1f77113";
/// Running, with a certificate that expires 20 days after the state was created.
pub const RUNNING_EXPIRING_SOON: &str = "ge6a1a75";
/// Stopped, so certificate writes are rejected.
pub const STOPPED: &str = "c3d9e0f2";
/// Running, with a two-way certificate valid until 2034.
pub const RUNNING_LONG_LIVED: &str = "d4a8b6c1";
/// Serverless and running, with no custom certificate.
pub const SERVERLESS: &str = "e5f0a2b7";
/// Starting, with no custom certificate.
pub const STARTING: &str = "f6b1c3d8";

const SECONDS_PER_DAY: u64 = 86_400;

struct Spec {
    id: &'static str,
    name: &'static str,
    deployment_type: DeploymentType,
    status: DeploymentStatus,
    platform: &'static str,
    region: &'static str,
    project_name: &'static str,
    version: &'static str,
    create_at: &'static str,
    connections: u64,
    tps: u64,
}

const SPECS: [Spec; 6] = [
    Spec {
        id: RUNNING_WITHOUT_CERT,
        name: "orders-broker",
        deployment_type: DeploymentType::Dedicated,
        status: DeploymentStatus::Running,
        platform: "AWS",
        region: "us-east-1",
        project_name: "default",
        version: "v5",
        create_at: "2024-03-11 09:24",
        connections: 1_240,
        tps: 380,
    },
    Spec {
        id: RUNNING_EXPIRING_SOON,
        name: "telemetry-eu",
        deployment_type: DeploymentType::Dedicated,
        status: DeploymentStatus::Running,
        platform: "GCP",
        region: "europe-west1",
        project_name: "telemetry",
        version: "v5",
        create_at: "2023-09-02 14:05",
        connections: 8_712,
        tps: 2_450,
    },
    Spec {
        id: STOPPED,
        name: "staging-legacy",
        deployment_type: DeploymentType::Dedicated,
        status: DeploymentStatus::Stopped,
        platform: "Azure",
        region: "westeurope",
        project_name: "staging",
        version: "v4",
        create_at: "2022-11-28 08:47",
        connections: 0,
        tps: 0,
    },
    Spec {
        id: RUNNING_LONG_LIVED,
        name: "factory-flex",
        deployment_type: DeploymentType::DedicatedFlex,
        status: DeploymentStatus::Running,
        platform: "AWS",
        region: "ap-southeast-1",
        project_name: "factory",
        version: "v5",
        create_at: "2024-06-19 17:30",
        connections: 523,
        tps: 96,
    },
    Spec {
        id: SERVERLESS,
        name: "sensors-serverless",
        deployment_type: DeploymentType::Serverless,
        status: DeploymentStatus::Running,
        platform: "AWS",
        region: "us-west-2",
        project_name: "default",
        version: "v5",
        create_at: "2025-01-07 11:02",
        connections: 37,
        tps: 4,
    },
    Spec {
        id: STARTING,
        name: "ingest-apac",
        deployment_type: DeploymentType::Dedicated,
        status: DeploymentStatus::Starting,
        platform: "GCP",
        region: "asia-northeast1",
        project_name: "telemetry",
        version: "v5",
        create_at: "2025-02-14 06:55",
        connections: 0,
        tps: 0,
    },
];

/// Builds the deployments of a fresh state. `now_unix` dates the record
/// that expires soon, so that it stays inside the expiry window for weeks.
pub fn demo_deployments(now_unix: u64) -> Vec<StoredDeployment> {
    SPECS
        .iter()
        .map(|spec| StoredDeployment {
            deployment: Deployment {
                id: spec.id.to_owned(),
                name: spec.name.to_owned(),
                deployment_type: spec.deployment_type,
                status: spec.status,
                platform: spec.platform.to_owned(),
                region: spec.region.to_owned(),
                project_name: spec.project_name.to_owned(),
                version: spec.version.to_owned(),
                create_at: spec.create_at.to_owned(),
                connections: spec.connections,
                tps: spec.tps,
            },
            tls: demo_certificate(spec.id, now_unix),
        })
        .collect()
}

fn demo_certificate(id: &str, now_unix: u64) -> Option<TlsRecord> {
    // Uploaded a year ago, so both records are `running` whatever the pending delay.
    let uploaded_at_ms = now_unix.saturating_sub(365 * SECONDS_PER_DAY) * 1000;
    match id {
        RUNNING_EXPIRING_SOON => {
            let expire_unix = now_unix + 20 * SECONDS_PER_DAY;
            Some(TlsRecord {
                tls_type: TlsType::OneWay,
                expire: clock::format_utc_seconds(expire_unix as i64)?,
                uploaded_at_ms,
                subject_cn: Some("telemetry-eu.example.com".to_owned()),
            })
        }
        RUNNING_LONG_LIVED => Some(TlsRecord {
            tls_type: TlsType::TwoWay,
            expire: "2034-05-22 02:43:21".to_owned(),
            uploaded_at_ms,
            subject_cn: Some("factory.example.com".to_owned()),
        }),
        _ => None,
    }
}
