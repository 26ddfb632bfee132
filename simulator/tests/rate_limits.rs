//! Sliding-window rate limits per key and method, with a window of a few seconds.

mod support;

use std::time::Duration;

use platform_sim::demo_ids::{RUNNING_LONG_LIVED, RUNNING_WITHOUT_CERT};
use platform_sim::{DEFAULT_KEY, DEFAULT_RESTRICTED_KEY, DEFAULT_RESTRICTED_SECRET};
use reqwest::Method;
use serde_json::json;
use support::{API, TestServer, assert_error};

#[tokio::test]
async fn reads_over_limit_get_429_with_retry_after() {
    let server = TestServer::start(&["--window-seconds", "2", "--read-limit", "2"]).await;
    for _ in 0..2 {
        assert_eq!(server.get("/deployments").await.status().as_u16(), 200);
    }

    let limited = server
        .get(&format!("/deployments/{RUNNING_WITHOUT_CERT}/tls"))
        .await;

    let retry_after: u64 = limited
        .headers()
        .get("retry-after")
        .expect("Retry-After header")
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=2).contains(&retry_after), "Retry-After {retry_after}");
    assert_error(limited, 429, "rate limit exceeded").await;
}

#[tokio::test]
async fn window_frees_slot_after_retry_after() {
    let server = TestServer::start(&["--window-seconds", "1", "--read-limit", "1"]).await;
    assert_eq!(server.get("/deployments").await.status().as_u16(), 200);
    let limited = server.get("/deployments").await;
    assert_eq!(limited.status().as_u16(), 429);
    let retry_after: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();

    tokio::time::sleep(Duration::from_secs(retry_after) + Duration::from_millis(100)).await;

    assert_eq!(server.get("/deployments").await.status().as_u16(), 200);
}

#[tokio::test]
async fn retry_after_can_be_left_out() {
    let server = TestServer::start(&["--read-limit", "1", "--no-retry-after"]).await;
    server.get("/deployments").await;

    let limited = server.get("/deployments").await;

    assert!(limited.headers().get("retry-after").is_none());
    assert_error(limited, 429, "rate limit exceeded").await;
}

#[tokio::test]
async fn rejected_writes_count_against_their_method() {
    let server = TestServer::start(&["--write-limit", "1"]).await;
    let invalid = json!({ "tlsType": "one-way", "cert": "x", "key": "y" });

    let first = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, &invalid)
        .await;
    let second = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, &invalid)
        .await;
    let other_method = server
        .upload(Method::PUT, RUNNING_LONG_LIVED, &invalid)
        .await;

    assert_eq!(first.status().as_u16(), 422);
    assert_error(second, 429, "1 POST requests").await;
    assert_eq!(other_method.status().as_u16(), 422);
}

#[tokio::test]
async fn failed_authentication_is_not_counted() {
    let server = TestServer::start(&["--read-limit", "1"]).await;
    for _ in 0..3 {
        let response = server
            .raw(Method::GET, &format!("{API}/deployments"))
            .basic_auth(DEFAULT_KEY, Some("wrong"))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 401);
    }

    assert_eq!(server.get("/deployments").await.status().as_u16(), 200);
}

#[tokio::test]
async fn forbidden_requests_are_counted_per_key() {
    let server = TestServer::start(&["--read-limit", "1"]).await;
    let restricted_list = || {
        server
            .raw(Method::GET, &format!("{API}/deployments"))
            .basic_auth(DEFAULT_RESTRICTED_KEY, Some(DEFAULT_RESTRICTED_SECRET))
            .send()
    };

    let forbidden = restricted_list().await.unwrap();
    let limited = restricted_list().await.unwrap();
    let other_key = server.get("/deployments").await;

    assert_eq!(forbidden.status().as_u16(), 403);
    assert_eq!(limited.status().as_u16(), 429);
    assert_eq!(other_key.status().as_u16(), 200);
}
