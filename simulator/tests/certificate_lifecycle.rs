//! Creating, replacing, reading and deleting a certificate, and the state
//! file that keeps it across restarts.

mod support;

use std::time::Duration;

use platform_sim::demo_ids::{RUNNING_LONG_LIVED, RUNNING_WITHOUT_CERT, STOPPED};
use reqwest::Method;
use serde_json::{Value, json};
use support::pki::{openssl_output, pki};
use support::{TestServer, assert_error, json_body};

fn chain_upload() -> Value {
    let material = pki();
    json!({ "tlsType": "one-way", "cert": material.rsa_chain(), "key": material.read("leaf.key") })
}

/// Converts `notAfter=May 22 02:43:21 2034 GMT` to `2034-05-22 02:43:21`.
fn expire_from_openssl(line: &str) -> String {
    let text = line.trim().trim_start_matches("notAfter=");
    let parts: Vec<&str> = text.split_whitespace().collect();
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = months
        .iter()
        .position(|name| *name == parts[0])
        .expect("month name")
        + 1;
    let day: u32 = parts[1].parse().expect("day");
    format!("{}-{month:02}-{day:02} {}", parts[3], parts[2])
}

#[tokio::test]
async fn post_returns_pending_with_leaf_not_after() {
    let server = TestServer::start(&[]).await;

    let response = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, &chain_upload())
        .await;

    assert_eq!(response.status().as_u16(), 200);
    let body = json_body(response).await;
    let expected = expire_from_openssl(&openssl_output(&[
        "x509", "-in", "leaf.crt", "-noout", "-enddate",
    ]));
    assert_eq!(body["expire"], json!(expected));
    assert_eq!(body["status"], "pending");
    assert_eq!(body["tlsType"], "one-way");
}

#[tokio::test]
async fn pending_turns_running_after_delay() {
    let server = TestServer::start(&["--pending-seconds", "1"]).await;
    let created = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, &chain_upload())
        .await;
    assert_eq!(created.status().as_u16(), 200);

    let early = json_body(
        server
            .get(&format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"))
            .await,
    )
    .await;
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let later = json_body(
        server
            .get(&format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"))
            .await,
    )
    .await;

    assert_eq!(early["status"], "pending");
    assert_eq!(later["status"], "running");
}

#[tokio::test]
async fn post_on_existing_certificate_says_use_put() {
    let server = TestServer::start(&[]).await;

    let response = server
        .upload(Method::POST, RUNNING_LONG_LIVED, &chain_upload())
        .await;

    assert_error(response, 422, "use PUT to replace it").await;
}

#[tokio::test]
async fn put_without_certificate_says_use_post() {
    let server = TestServer::start(&[]).await;

    let response = server
        .upload(Method::PUT, RUNNING_WITHOUT_CERT, &chain_upload())
        .await;

    assert_error(response, 422, "use POST to create one").await;
}

#[tokio::test]
async fn put_replaces_existing_certificate() {
    let server = TestServer::start(&[]).await;

    let response = server
        .upload(Method::PUT, RUNNING_LONG_LIVED, &chain_upload())
        .await;

    assert_eq!(response.status().as_u16(), 200);
    let body = json_body(response).await;
    assert_eq!(body["status"], "pending");
    assert_ne!(body["expire"], "2034-05-22 02:43:21");
}

#[tokio::test]
async fn delete_returns_204_with_empty_body() {
    let server = TestServer::start(&[]).await;

    let response = server
        .api(
            Method::DELETE,
            &format!("/deployments/{RUNNING_LONG_LIVED}/tls"),
        )
        .send()
        .await
        .unwrap();

    assert_eq!(response.status().as_u16(), 204);
    assert!(response.bytes().await.unwrap().is_empty());
    let after = json_body(
        server
            .get(&format!("/deployments/{RUNNING_LONG_LIVED}/tls"))
            .await,
    )
    .await;
    assert_eq!(after, json!({}));
}

#[tokio::test]
async fn delete_without_certificate_is_rejected() {
    let server = TestServer::start(&[]).await;

    let response = server
        .api(
            Method::DELETE,
            &format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"),
        )
        .send()
        .await
        .unwrap();

    assert_error(response, 422, "no custom TLS certificate to delete").await;
}

#[tokio::test]
async fn writes_on_stopped_deployment_are_rejected() {
    let server = TestServer::start(&[]).await;

    let posted = server.upload(Method::POST, STOPPED, &chain_upload()).await;
    let deleted = server
        .api(Method::DELETE, &format!("/deployments/{STOPPED}/tls"))
        .send()
        .await
        .unwrap();

    assert_error(posted, 422, "is stopped").await;
    assert_error(deleted, 422, "is stopped").await;
}

#[tokio::test]
async fn malformed_json_from_contract_example_is_rejected() {
    let server = TestServer::start(&[]).await;
    // The contract's own example: the quote before the brace that closes `cert` is missing.
    let body = r#"{"tlsType": "one-way", "cert": "-----BEGIN CERTIFICATE-----\nMII...tH6j7afSg==\n-----END CERTIFICATE-----},"key":"-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA5bdg8Rt5A7...AjQzYRdov4inpzw==\n-----END RSA PRIVATE KEY-----""#;

    let response = server
        .api(
            Method::POST,
            &format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"),
        )
        .header("Content-Type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();

    let message = assert_error(response, 400, "malformed JSON").await;
    assert!(
        !message.contains("MII"),
        "message quotes the body: {message}"
    );
}

#[tokio::test]
async fn body_without_json_content_type_is_rejected() {
    let server = TestServer::start(&[]).await;

    let response = server
        .api(
            Method::POST,
            &format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"),
        )
        .header("Content-Type", "text/plain")
        .body(chain_upload().to_string())
        .send()
        .await
        .unwrap();

    assert_error(response, 415, "Content-Type: application/json").await;
}

#[tokio::test]
async fn state_survives_restart() {
    let folder = tempfile::tempdir().unwrap();
    let state_path = folder.path().join("state.json");
    let first = TestServer::start_with_state(&state_path, &[]).await;
    let created = json_body(
        first
            .upload(Method::POST, RUNNING_WITHOUT_CERT, &chain_upload())
            .await,
    )
    .await;
    let deleted = first
        .api(
            Method::DELETE,
            &format!("/deployments/{RUNNING_LONG_LIVED}/tls"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status().as_u16(), 204);
    first.stop().await;

    let second = TestServer::start_with_state(&state_path, &["--pending-seconds", "3600"]).await;
    let kept = json_body(
        second
            .get(&format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"))
            .await,
    )
    .await;
    let removed = json_body(
        second
            .get(&format!("/deployments/{RUNNING_LONG_LIVED}/tls"))
            .await,
    )
    .await;

    assert_eq!(kept["expire"], created["expire"]);
    assert_eq!(kept["tlsType"], "one-way");
    assert_eq!(kept["status"], "pending");
    assert_eq!(removed, json!({}));
}

#[tokio::test]
async fn state_file_holds_no_pem_text() {
    let server = TestServer::start(&[]).await;
    let response = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, &chain_upload())
        .await;
    assert_eq!(response.status().as_u16(), 200);

    let state = std::fs::read_to_string(&server.state_path).unwrap();

    assert!(!state.contains("-----BEGIN"), "state contains PEM armour");
    let key_line = pki().read("leaf.key").lines().nth(1).unwrap().to_owned();
    assert!(!state.contains(&key_line), "state contains key material");
    assert!(
        state.contains("broker.example.test"),
        "state lacks the subject CN"
    );
}
