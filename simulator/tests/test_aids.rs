//! The test aids under `/__sim/`: request counts and injected faults.

mod support;

use std::time::{Duration, Instant};

use platform_sim::demo_ids::{RUNNING_LONG_LIVED, RUNNING_WITHOUT_CERT};
use reqwest::Method;
use serde_json::{Value, json};
use support::{API, TestServer, assert_error, json_body};

const TLS_ROUTE: &str = "/api/v1/deployments/{id}/tls";

async fn queue_fault(server: &TestServer, rule: Value) {
    let response = server
        .raw(Method::POST, "/__sim/faults")
        .json(&rule)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    assert_eq!(
        status,
        200,
        "fault not queued: {}",
        response.text().await.unwrap()
    );
}

fn long_lived_tls() -> String {
    format!("/deployments/{RUNNING_LONG_LIVED}/tls")
}

#[tokio::test]
async fn stats_count_requests_by_route_and_status() {
    let server = TestServer::start(&[]).await;
    server.get("/deployments").await;
    server.get(&long_lived_tls()).await;
    server
        .raw(Method::GET, &format!("{API}{}", long_lived_tls()))
        .send()
        .await
        .unwrap();

    let stats = json_body(
        server
            .raw(Method::GET, "/__sim/stats")
            .send()
            .await
            .unwrap(),
    )
    .await;

    assert_eq!(stats["total"], 3);
    assert_eq!(stats["byMethod"]["GET"], 3);
    let tls = &stats["requests"][format!("GET {TLS_ROUTE}")];
    assert_eq!(tls["total"], 2);
    assert_eq!(tls["byStatus"], json!({ "200": 1, "401": 1 }));
    assert_eq!(
        stats["requests"]["GET /api/v1/deployments"]["byStatus"]["200"],
        1
    );
}

#[tokio::test]
async fn stats_reset_to_zero() {
    let server = TestServer::start(&[]).await;
    server.get("/deployments").await;

    let reset = server
        .raw(Method::DELETE, "/__sim/stats")
        .send()
        .await
        .unwrap();
    let stats = json_body(
        server
            .raw(Method::GET, "/__sim/stats")
            .send()
            .await
            .unwrap(),
    )
    .await;

    assert_eq!(reset.status().as_u16(), 204);
    assert_eq!(stats["total"], 0);
    assert_eq!(stats["requests"], json!({}));
}

#[tokio::test]
async fn fault_routes_are_404_without_flag() {
    let server = TestServer::start(&[]).await;

    let queued = server
        .raw(Method::POST, "/__sim/faults")
        .json(&json!({ "kind": "hang" }))
        .send()
        .await
        .unwrap();
    let cleared = server
        .raw(Method::DELETE, "/__sim/faults")
        .send()
        .await
        .unwrap();

    assert_error(queued, 404, "--faults").await;
    assert_error(cleared, 404, "--faults").await;
}

#[tokio::test]
async fn latency_delays_normal_response() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(
        &server,
        json!({ "method": "GET", "route": TLS_ROUTE, "kind": "latency", "ms": 400 }),
    )
    .await;

    let started = Instant::now();
    let response = server.get(&long_lived_tls()).await;

    assert!(
        started.elapsed() >= Duration::from_millis(400),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(json_body(response).await["status"], "running");
}

#[tokio::test]
async fn hang_sends_no_response() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(&server, json!({ "kind": "hang" })).await;

    let hung = server
        .api(Method::GET, &long_lived_tls())
        .timeout(Duration::from_millis(500))
        .send()
        .await;
    let next = server.get(&long_lived_tls()).await;

    let error = hung.expect_err("a hung request gets no response");
    assert!(error.is_timeout(), "not a timeout: {error}");
    assert_eq!(next.status().as_u16(), 200);
}

#[tokio::test]
async fn drop_closes_connection_without_response() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(&server, json!({ "method": "DELETE", "kind": "drop" })).await;

    let dropped = server
        .api(Method::DELETE, &long_lived_tls())
        .timeout(Duration::from_secs(10))
        .send()
        .await;
    let stats = json_body(
        server
            .raw(Method::GET, "/__sim/stats")
            .send()
            .await
            .unwrap(),
    )
    .await;

    let error = dropped.expect_err("a dropped request gets no response");
    assert!(!error.is_timeout(), "timed out instead of closing: {error}");
    assert_eq!(
        stats["requests"][format!("DELETE {TLS_ROUTE}")]["byStatus"]["dropped"],
        1
    );
}

#[tokio::test]
async fn html_error_mimics_proxy_page() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(&server, json!({ "kind": "html-error", "status": 502 })).await;
    queue_fault(&server, json!({ "kind": "html-error", "status": 500 })).await;

    let bad_gateway = server.get(&long_lived_tls()).await;
    let internal = server.get(&long_lived_tls()).await;

    assert_eq!(bad_gateway.status().as_u16(), 502);
    assert_eq!(bad_gateway.headers()["content-type"], "text/html");
    assert!(
        bad_gateway
            .text()
            .await
            .unwrap()
            .contains("<h1>502 Bad Gateway</h1>")
    );
    assert_eq!(internal.status().as_u16(), 500);
}

#[tokio::test]
async fn too_many_requests_without_retry_after() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(&server, json!({ "kind": "too-many-requests" })).await;

    let response = server.get(&long_lived_tls()).await;

    assert!(response.headers().get("retry-after").is_none());
    assert_error(response, 429, "rate limit exceeded").await;
}

#[tokio::test]
async fn unprocessable_with_plain_text_body() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(
        &server,
        json!({ "method": "POST", "kind": "unprocessable-text" }),
    )
    .await;

    let response = server
        .upload(
            Method::POST,
            RUNNING_WITHOUT_CERT,
            &json!({ "tlsType": "one-way" }),
        )
        .await;

    assert_eq!(response.status().as_u16(), 422);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    assert_eq!(response.text().await.unwrap(), "Wrong Properties");
}

#[tokio::test]
async fn unprocessable_with_empty_body() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(
        &server,
        json!({ "method": "PUT", "kind": "unprocessable-empty" }),
    )
    .await;

    let response = server
        .upload(
            Method::PUT,
            RUNNING_LONG_LIVED,
            &json!({ "tlsType": "one-way" }),
        )
        .await;

    assert_eq!(response.status().as_u16(), 422);
    assert!(response.bytes().await.unwrap().is_empty());
}

#[tokio::test]
async fn extra_fields_add_cn_to_success_body() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(
        &server,
        json!({ "route": TLS_ROUTE, "kind": "extra-fields", "cn": "factory.example.com" }),
    )
    .await;

    let body = json_body(server.get(&long_lived_tls()).await).await;

    assert_eq!(body["cn"], "factory.example.com");
    assert_eq!(body["expire"], "2034-05-22 02:43:21");
    assert!(
        body.as_object().unwrap().len() > 4,
        "no unknown fields: {body}"
    );
}

#[tokio::test]
async fn expire_can_be_missing() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(&server, json!({ "kind": "expire-missing" })).await;

    let body = json_body(server.get(&long_lived_tls()).await).await;

    assert!(body.get("expire").is_none(), "{body}");
    assert_eq!(body["status"], "running");
}

#[tokio::test]
async fn expire_can_have_odd_format() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(
        &server,
        json!({ "kind": "expire-odd", "value": 2031878601 }),
    )
    .await;
    queue_fault(&server, json!({ "kind": "expire-odd" })).await;

    let number = json_body(server.get(&long_lived_tls()).await).await;
    let text = json_body(server.get(&long_lived_tls()).await).await;

    assert_eq!(number["expire"], 2031878601);
    assert_eq!(text["expire"], "22/05/2034 2:43 AM");
}

#[tokio::test]
async fn fault_applies_count_times_to_matching_requests() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(
        &server,
        json!({ "method": "GET", "route": TLS_ROUTE, "count": 2, "kind": "html-error" }),
    )
    .await;

    let other_route = server.get("/deployments").await;
    let first = server.get(&long_lived_tls()).await;
    let second = server.get(&long_lived_tls()).await;
    let third = server.get(&long_lived_tls()).await;

    assert_eq!(other_route.status().as_u16(), 200);
    assert_eq!(first.status().as_u16(), 502);
    assert_eq!(second.status().as_u16(), 502);
    assert_eq!(third.status().as_u16(), 200);
}

#[tokio::test]
async fn clearing_faults_restores_normal_responses() {
    let server = TestServer::start(&["--faults"]).await;
    queue_fault(&server, json!({ "count": 5, "kind": "html-error" })).await;

    let cleared = server
        .raw(Method::DELETE, "/__sim/faults")
        .send()
        .await
        .unwrap();
    let response = server.get(&long_lived_tls()).await;

    assert_eq!(cleared.status().as_u16(), 204);
    assert_eq!(response.status().as_u16(), 200);
}

#[tokio::test]
async fn invalid_fault_rule_is_rejected() {
    let server = TestServer::start(&["--faults"]).await;

    let unknown_kind = server
        .raw(Method::POST, "/__sim/faults")
        .json(&json!({ "kind": "explode" }))
        .send()
        .await
        .unwrap();
    let wrong_status = server
        .raw(Method::POST, "/__sim/faults")
        .json(&json!({ "kind": "html-error", "status": 404 }))
        .send()
        .await
        .unwrap();

    assert_error(unknown_kind, 400, "fault rule is invalid").await;
    assert_error(wrong_status, 422, "html-error takes 500 to 599").await;
}

#[tokio::test]
async fn shutdown_ends_hung_requests() {
    use clap::Parser;

    let folder = tempfile::tempdir().unwrap();
    let state = folder.path().join("state.json");
    let config = platform_sim::Config::try_parse_from([
        "platform-sim",
        "--faults",
        "--state",
        state.to_str().unwrap(),
    ])
    .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let origin = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let simulator = platform_sim::Simulator::new(config).unwrap();
    let server = tokio::spawn(simulator.run(listener, async {
        let _ = stopped.await;
    }));
    let client = reqwest::Client::new();
    client
        .post(format!("{origin}/__sim/faults"))
        .json(&json!({ "kind": "hang" }))
        .send()
        .await
        .unwrap();
    let hung = tokio::spawn(
        client
            .get(format!("{origin}{API}/deployments"))
            .basic_auth(
                platform_sim::DEFAULT_KEY,
                Some(platform_sim::DEFAULT_SECRET),
            )
            .timeout(Duration::from_secs(20))
            .send(),
    );
    tokio::time::sleep(Duration::from_millis(200)).await;

    stop.send(()).unwrap();
    let finished = tokio::time::timeout(Duration::from_secs(10), server).await;
    let response = hung
        .await
        .unwrap()
        .expect("hung request gets an answer at shutdown");

    assert!(finished.is_ok(), "server did not stop within 10 seconds");
    assert_error(response, 503, "shutting down").await;
}
