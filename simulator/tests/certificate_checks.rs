//! The 422 checks of uploaded certificate material, and the inputs a TLS
//! server can really serve, which must pass.

mod support;

use platform_sim::demo_ids::RUNNING_WITHOUT_CERT;
use reqwest::Method;
use serde_json::{Value, json};
use support::pki::pki;
use support::{TestServer, assert_error, json_body};

const ROOMY_LIMITS: [&str; 4] = ["--read-limit", "1000", "--write-limit", "1000"];

fn one_way(cert: &str, key: &str) -> Value {
    json!({ "tlsType": "one-way", "cert": cert, "key": key })
}

fn two_way(cert: &str, key: &str, cacert: &str) -> Value {
    json!({ "tlsType": "two-way", "cert": cert, "key": key, "cacert": cacert })
}

/// Posts `body` to a fresh simulator and asserts a 422 whose message contains `fragment`.
async fn assert_rejected(body: Value, fragment: &str) -> String {
    let server = TestServer::start(&ROOMY_LIMITS).await;
    let response = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, &body)
        .await;
    assert_error(response, 422, fragment).await
}

/// Posts `body` to a fresh simulator and asserts that it is stored as pending.
async fn assert_accepted(body: Value) {
    let server = TestServer::start(&ROOMY_LIMITS).await;
    let response = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, &body)
        .await;
    let status = response.status().as_u16();
    let reply = json_body(response).await;
    assert_eq!(status, 200, "rejected: {reply}");
    assert_eq!(reply["status"], "pending");
}

#[tokio::test]
async fn rejects_unknown_tls_type() {
    let material = pki();
    let mut body = one_way(&material.rsa_chain(), &material.read("leaf.key"));
    body["tlsType"] = json!("oneway");

    assert_rejected(body, "tlsType 'oneway' is invalid").await;
}

#[tokio::test]
async fn rejects_missing_tls_type() {
    let material = pki();
    let body = json!({ "cert": material.rsa_chain(), "key": material.read("leaf.key") });

    assert_rejected(body, "tlsType is missing").await;
}

#[tokio::test]
async fn rejects_missing_cert() {
    let body = json!({ "tlsType": "one-way", "key": pki().read("leaf.key") });

    assert_rejected(body, "cert is missing").await;
}

#[tokio::test]
async fn rejects_empty_key() {
    let body = one_way(&pki().rsa_chain(), "  \n");

    assert_rejected(body, "key is empty").await;
}

#[tokio::test]
async fn rejects_two_way_without_client_ca() {
    let material = pki();
    let body = json!({
        "tlsType": "two-way",
        "cert": material.rsa_chain(),
        "key": material.read("leaf.key"),
    });

    assert_rejected(body, "cacert is missing").await;
}

#[tokio::test]
async fn rejects_client_ca_on_one_way() {
    let material = pki();
    let body = two_way(
        &material.rsa_chain(),
        &material.read("leaf.key"),
        &material.read("root.crt"),
    );
    let mut body = body;
    body["tlsType"] = json!("one-way");

    assert_rejected(body, "cacert must be omitted for a one-way certificate").await;
}

#[tokio::test]
async fn rejects_cert_without_certificate() {
    let body = one_way("just some text\n", &pki().read("leaf.key"));

    assert_rejected(body, "cert contains no PEM certificate").await;
}

#[tokio::test]
async fn rejects_cert_that_does_not_parse() {
    let material = pki();
    let broken = material.read("leaf.crt").replacen("MII", "M!I", 1);
    let body = one_way(&broken, &material.read("leaf.key"));

    assert_rejected(body, "cert could not be parsed").await;
}

#[tokio::test]
async fn rejects_private_key_in_cert() {
    let material = pki();
    let cert = material.rsa_chain() + &material.read("leaf.key");
    let body = one_way(&cert, &material.read("leaf.key"));

    assert_rejected(body, "cert contains a private key").await;
}

#[tokio::test]
async fn rejects_certificate_in_key_slot() {
    let material = pki();
    let body = one_way(&material.rsa_chain(), &material.read("leaf.crt"));

    assert_rejected(body, "key contains a certificate but no private key").await;
}

#[tokio::test]
async fn rejects_encrypted_pkcs8_key() {
    let material = pki();
    let key = material.read("leaf-encrypted.key");
    assert!(key.contains("ENCRYPTED PRIVATE KEY"));
    let body = one_way(&material.rsa_chain(), &key);

    let message = assert_rejected(body, "key is encrypted with a passphrase").await;

    assert!(message.contains("openssl pkey"), "no command in: {message}");
}

#[tokio::test]
async fn rejects_key_with_legacy_encryption_header() {
    let material = pki();
    let key = material.read("leaf-legacy-encrypted.key");
    assert!(key.contains("Proc-Type: 4,ENCRYPTED"));
    let body = one_way(&material.rsa_chain(), &key);

    assert_rejected(body, "key is encrypted with a passphrase").await;
}

#[tokio::test]
async fn rejects_key_that_does_not_match() {
    let material = pki();
    let body = one_way(&material.rsa_chain(), &material.read("other.key"));

    assert_rejected(body, "key does not match the certificate").await;
}

#[tokio::test]
async fn rejects_rsa_4096_key() {
    let material = pki();
    let body = one_way(&material.read("rsa4096.crt"), &material.read("rsa4096.key"));

    assert_rejected(body, "key algorithm RSA 4096 is not supported").await;
}

#[tokio::test]
async fn rejects_ed25519_key() {
    let material = pki();
    let body = one_way(&material.read("ed25519.crt"), &material.read("ed25519.key"));

    assert_rejected(body, "key algorithm Ed25519 is not supported").await;
}

#[tokio::test]
async fn rejects_leaf_signed_by_ca_of_other_algorithm() {
    let material = pki();
    let cert = material.read("ec-leaf-under-rsa.crt") + &material.read("inter.crt");
    let body = one_way(&cert, &material.read("ec-leaf.key"));

    let message = assert_rejected(body, "differs from the key algorithm of its issuer").await;

    assert!(
        message.contains("ECDSA P-256"),
        "leaf algorithm missing: {message}"
    );
    assert!(
        message.contains("RSA 2048"),
        "issuer algorithm missing: {message}"
    );
}

#[tokio::test]
async fn rejects_expired_certificate() {
    let material = pki();
    let body = one_way(
        &material.read("leaf-expired.crt"),
        &material.read("leaf.key"),
    );

    assert_rejected(body, "certificate expired on 2021-01-01 00:00:00 UTC").await;
}

#[tokio::test]
async fn rejects_certificate_not_valid_yet() {
    let material = pki();
    let body = one_way(
        &material.read("leaf-future.crt"),
        &material.read("leaf.key"),
    );

    assert_rejected(body, "valid from 2040-01-01 00:00:00 UTC").await;
}

#[tokio::test]
async fn rejects_certificate_inside_expiry_margin() {
    let material = pki();
    let body = one_way(
        &material.read("leaf-30-days.crt"),
        &material.read("leaf.key"),
    );

    assert_rejected(body, "within 60 days from now").await;
}

#[tokio::test]
async fn expiry_margin_follows_flag() {
    let material = pki();
    let server = TestServer::start(&["--expiry-margin-days", "10"]).await;
    let body = one_way(
        &material.read("leaf-30-days.crt"),
        &material.read("leaf.key"),
    );

    let response = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, &body)
        .await;

    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn rejects_client_ca_that_does_not_parse() {
    let material = pki();
    let body = two_way(
        &material.rsa_chain(),
        &material.read("leaf.key"),
        "not a certificate",
    );

    assert_rejected(body, "cacert contains no PEM certificate").await;
}

#[tokio::test]
async fn rejects_client_ca_that_is_not_a_ca() {
    let material = pki();
    let body = two_way(
        &material.rsa_chain(),
        &material.read("leaf.key"),
        &material.read("leaf.crt"),
    );

    assert_rejected(body, "is not a CA certificate").await;
}

#[tokio::test]
async fn rejects_nul_characters() {
    let material = pki();
    let utf16_like: String = material
        .read("leaf.crt")
        .chars()
        .flat_map(|character| [character, '\0'])
        .collect();
    let body = one_way(&utf16_like, &material.read("leaf.key"));

    assert_rejected(body, "cert contains NUL characters").await;
}

#[tokio::test]
async fn accepts_chain_with_intermediate() {
    let material = pki();

    assert_accepted(one_way(&material.rsa_chain(), &material.read("leaf.key"))).await;
}

#[tokio::test]
async fn accepts_pkcs1_rsa_key() {
    let material = pki();
    let key = material.read("leaf-pkcs1.key");
    assert!(key.contains("BEGIN RSA PRIVATE KEY"));

    assert_accepted(one_way(&material.rsa_chain(), &key)).await;
}

#[tokio::test]
async fn accepts_sec1_ec_key_after_parameters() {
    let material = pki();
    let key = material.read("ec-leaf.key");
    assert!(key.starts_with("-----BEGIN EC PARAMETERS-----"));
    let cert = material.read("ec-leaf.crt") + &material.read("ec-root.crt");

    assert_accepted(one_way(&cert, &key)).await;
}

#[tokio::test]
async fn accepts_sec1_ec_key_without_parameters() {
    let material = pki();
    let key = material.read("p384.key");
    assert!(key.starts_with("-----BEGIN EC PRIVATE KEY-----"));

    assert_accepted(one_way(&material.read("p384.crt"), &key)).await;
}

#[tokio::test]
async fn accepts_self_signed_rsa_1024_leaf() {
    let material = pki();

    assert_accepted(one_way(
        &material.read("rsa1024.crt"),
        &material.read("rsa1024.key"),
    ))
    .await;
}

#[tokio::test]
async fn accepts_crlf_line_endings() {
    let material = pki();
    let cert = material.rsa_chain().replace('\n', "\r\n");
    let key = material.read("leaf.key").replace('\n', "\r\n");

    assert_accepted(one_way(&cert, &key)).await;
}

#[tokio::test]
async fn accepts_text_around_blocks() {
    let material = pki();
    let dump = support::pki::openssl_output(&["x509", "-in", "leaf.crt", "-text"]);
    let cert = format!(
        "Bag Attributes\n    localKeyID: 01 02 03\nsubject=CN=broker.example.test\n\
         issuer=CN=Test Intermediate CA\n{dump}{}",
        material.read("inter.crt")
    );
    let key = format!(
        "Bag Attributes\n    localKeyID: 01 02 03\nKey Attributes: <No Attributes>\n{}",
        material.read("leaf.key")
    );

    assert_accepted(one_way(&cert, &key)).await;
}

#[tokio::test]
async fn accepts_two_way_with_client_ca() {
    let material = pki();
    let body = two_way(
        &material.rsa_chain(),
        &material.read("leaf.key"),
        &material.read("root.crt"),
    );

    assert_accepted(body).await;
}
