//! Authentication, key scopes, deployment lookups, the shapes of "no
//! certificate" and the static file server.

mod support;

use platform_sim::demo_ids::{
    RUNNING_EXPIRING_SOON, RUNNING_LONG_LIVED, RUNNING_WITHOUT_CERT, STOPPED,
};
use platform_sim::{DEFAULT_KEY, DEFAULT_RESTRICTED_KEY, DEFAULT_RESTRICTED_SECRET};
use reqwest::Method;
use serde_json::{Value, json};
use support::pki::pki;
use support::{API, TestServer, assert_error, json_body};

fn is_deployment_id(text: &str) -> bool {
    text.len() == 8
        && text
            .chars()
            .all(|character| character.is_ascii_lowercase() || character.is_ascii_digit())
}

fn is_create_at(text: &str) -> bool {
    let bytes = text.as_bytes();
    text.len() == 16
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            10 => *byte == b' ',
            13 => *byte == b':',
            _ => byte.is_ascii_digit(),
        })
}

#[tokio::test]
async fn lists_deployments_with_documented_fields() {
    let server = TestServer::start(&[]).await;

    let response = server.get("/deployments").await;

    assert_eq!(response.status().as_u16(), 200);
    let list = json_body(response).await;
    let deployments = list.as_array().expect("array");
    assert!(deployments.len() >= 5);
    for deployment in deployments {
        let id = deployment["deploymentID"].as_str().unwrap();
        assert!(is_deployment_id(id), "bad id {id}");
        assert!(deployment["deploymentName"].is_string(), "{deployment}");
        let kind = deployment["deploymentType"].as_str().unwrap();
        assert!(
            ["serverless", "dedicated", "dedicatedFlex"].contains(&kind),
            "{deployment}"
        );
        let status = deployment["status"].as_str().unwrap();
        assert!(
            ["running", "starting", "stopped"].contains(&status),
            "{deployment}"
        );
        assert!(
            ["v4", "v5"].contains(&deployment["version"].as_str().unwrap()),
            "{deployment}"
        );
        assert!(
            is_create_at(deployment["createAt"].as_str().unwrap()),
            "{deployment}"
        );
        for field in ["platform", "region", "projectName"] {
            assert!(deployment[field].is_string(), "{field} in {deployment}");
        }
        assert!(deployment["connections"].is_number(), "{deployment}");
        assert!(deployment["tps"].is_number(), "{deployment}");
    }
}

#[tokio::test]
async fn returns_one_deployment_by_id() {
    let server = TestServer::start(&[]).await;

    let body = json_body(server.get(&format!("/deployments/{STOPPED}")).await).await;

    assert_eq!(body["deploymentID"], STOPPED);
    assert_eq!(body["status"], "stopped");
}

#[tokio::test]
async fn returns_stored_certificate_status() {
    let server = TestServer::start(&[]).await;

    let body = json_body(
        server
            .get(&format!("/deployments/{RUNNING_LONG_LIVED}/tls"))
            .await,
    )
    .await;

    assert_eq!(
        body,
        json!({ "tlsType": "two-way", "expire": "2034-05-22 02:43:21", "status": "running" })
    );
}

#[tokio::test]
async fn missing_credentials_get_401() {
    let server = TestServer::start(&[]).await;

    let response = server
        .raw(Method::GET, &format!("{API}/deployments"))
        .send()
        .await
        .unwrap();

    assert_error(response, 401, "missing credentials").await;
}

#[tokio::test]
async fn wrong_secret_gets_401() {
    let server = TestServer::start(&[]).await;

    let response = server
        .raw(
            Method::GET,
            &format!("{API}/deployments/{RUNNING_WITHOUT_CERT}/tls"),
        )
        .basic_auth(DEFAULT_KEY, Some("not-the-secret"))
        .send()
        .await
        .unwrap();

    assert_error(response, 401, "authentication failed").await;
}

#[tokio::test]
async fn unknown_deployment_gets_404_only_after_auth() {
    let server = TestServer::start(&[]).await;

    let unauthenticated = server
        .raw(Method::GET, &format!("{API}/deployments/zz000000/tls"))
        .send()
        .await
        .unwrap();
    let authenticated = server.get("/deployments/deployment-ge6a1a75/tls").await;

    assert_eq!(unauthenticated.status().as_u16(), 401);
    assert_error(authenticated, 404, "not the deployment name").await;
}

#[tokio::test]
async fn restricted_key_cannot_list_deployments() {
    let server = TestServer::start(&[]).await;

    let response = server
        .raw(Method::GET, &format!("{API}/deployments"))
        .basic_auth(DEFAULT_RESTRICTED_KEY, Some(DEFAULT_RESTRICTED_SECRET))
        .send()
        .await
        .unwrap();

    assert_error(response, 403, "no access to the deployment list").await;
}

#[tokio::test]
async fn restricted_key_cannot_reach_other_deployments() {
    let server = TestServer::start(&[]).await;
    let restricted = |path: String| {
        server
            .raw(Method::GET, &format!("{API}{path}"))
            .basic_auth(DEFAULT_RESTRICTED_KEY, Some(DEFAULT_RESTRICTED_SECRET))
            .send()
    };

    let status = restricted(format!("/deployments/{RUNNING_LONG_LIVED}/tls"))
        .await
        .unwrap();
    let details = restricted(format!("/deployments/{RUNNING_LONG_LIVED}"))
        .await
        .unwrap();

    assert_error(status, 403, RUNNING_LONG_LIVED).await;
    assert_error(details, 403, RUNNING_LONG_LIVED).await;
}

#[tokio::test]
async fn restricted_key_manages_its_own_deployments() {
    let server = TestServer::start(&[]).await;
    let material = pki();
    let upload = json!({ "tlsType": "one-way", "cert": material.rsa_chain(), "key": material.read("leaf.key") });

    let read = server
        .raw(
            Method::GET,
            &format!("{API}/deployments/{RUNNING_EXPIRING_SOON}/tls"),
        )
        .basic_auth(DEFAULT_RESTRICTED_KEY, Some(DEFAULT_RESTRICTED_SECRET))
        .send()
        .await
        .unwrap();
    let created = server
        .raw(
            Method::POST,
            &format!("{API}/deployments/{RUNNING_WITHOUT_CERT}/tls"),
        )
        .basic_auth(DEFAULT_RESTRICTED_KEY, Some(DEFAULT_RESTRICTED_SECRET))
        .json(&upload)
        .send()
        .await
        .unwrap();

    assert_eq!(read.status().as_u16(), 200);
    assert_eq!(json_body(read).await["status"], "running");
    assert_eq!(created.status().as_u16(), 200);
}

#[tokio::test]
async fn no_certificate_is_empty_object_by_default() {
    let server = TestServer::start(&[]).await;

    let response = server
        .get(&format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"))
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(json_body(response).await, json!({}));
}

#[tokio::test]
async fn no_certificate_can_be_null_fields() {
    let server = TestServer::start(&["--no-cert-response", "null-fields"]).await;

    let response = server
        .get(&format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"))
        .await;

    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(
        json_body(response).await,
        json!({ "tlsType": Value::Null, "expire": Value::Null, "status": Value::Null })
    );
}

#[tokio::test]
async fn no_certificate_can_be_404() {
    let server = TestServer::start(&["--no-cert-response", "not-found"]).await;

    let response = server
        .get(&format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"))
        .await;

    assert_error(response, 404, "no custom TLS certificate is configured").await;
}

#[tokio::test]
async fn api_responses_are_not_cached() {
    let server = TestServer::start(&[]).await;

    let success = server.get("/deployments").await;
    let failure = server
        .raw(Method::GET, &format!("{API}/deployments"))
        .send()
        .await
        .unwrap();

    for response in [success, failure] {
        let cache_control = response
            .headers()
            .get("cache-control")
            .map(|value| value.to_str().unwrap().to_owned());
        assert_eq!(
            cache_control.as_deref(),
            Some("no-store"),
            "status {}",
            response.status()
        );
    }
}

#[tokio::test]
async fn prefix_follows_flag() {
    let server = TestServer::start(&["--prefix", "/platform/api/"]).await;

    let moved = server
        .raw(Method::GET, "/platform/api/deployments")
        .basic_auth(DEFAULT_KEY, Some(platform_sim::DEFAULT_SECRET))
        .send()
        .await
        .unwrap();
    let old = server.get("/deployments").await;

    assert_eq!(moved.status().as_u16(), 200);
    assert_eq!(old.status().as_u16(), 404);
}

#[tokio::test]
async fn serves_static_files_beside_api() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(site.path().join("index.html"), "<title>panel</title>").unwrap();
    let folder = site.path().to_str().unwrap().to_owned();
    let server = TestServer::start(&["--serve", &folder]).await;

    let page = server.raw(Method::GET, "/").send().await.unwrap();
    let api = server.get("/deployments").await;

    assert_eq!(page.status().as_u16(), 200);
    assert_eq!(page.text().await.unwrap(), "<title>panel</title>");
    assert_eq!(api.status().as_u16(), 200);
}
