//! Helpers shared by the integration tests: a simulator running in process
//! on 127.0.0.1:0 and an HTTP client with the demo credentials.
// Each test binary uses a different part of this module.
#![allow(dead_code)]

pub mod pki;

use std::path::{Path, PathBuf};

use clap::Parser;
use platform_sim::{Config, DEFAULT_KEY, DEFAULT_SECRET};
use reqwest::{Method, RequestBuilder, Response};
use serde_json::Value;
use tempfile::TempDir;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub const API: &str = "/api/v1";

/// A running simulator. Dropping it stops the server task.
pub struct TestServer {
    pub origin: String,
    pub state_path: PathBuf,
    client: reqwest::Client,
    task: Option<JoinHandle<()>>,
    // Keeps the state folder alive while the server runs.
    _state_folder: Option<TempDir>,
}

impl TestServer {
    /// Starts a simulator with a fresh state file and the extra `flags`.
    pub async fn start(flags: &[&str]) -> Self {
        let folder = tempfile::tempdir().expect("temp folder");
        let state_path = folder.path().join("state.json");
        let mut server = Self::start_with_state(&state_path, flags).await;
        server._state_folder = Some(folder);
        server
    }

    /// Starts a simulator on `state_path`, which the caller keeps alive.
    pub async fn start_with_state(state_path: &Path, flags: &[&str]) -> Self {
        let state = state_path.to_str().expect("UTF-8 temp path");
        let mut arguments = vec!["platform-sim", "--state", state];
        arguments.extend_from_slice(flags);
        let config = Config::try_parse_from(arguments).expect("valid test flags");

        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let address = listener.local_addr().expect("local address");
        let task = tokio::spawn(async move {
            platform_sim::serve(config, listener)
                .await
                .expect("simulator runs");
        });

        Self {
            origin: format!("http://{address}"),
            state_path: state_path.to_owned(),
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .expect("HTTP client"),
            task: Some(task),
            _state_folder: None,
        }
    }

    /// Stops the server and waits until its task has ended.
    pub async fn stop(mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
            let _ = task.await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.origin, path)
    }

    /// Builds a request to `API + path` with the demo credentials.
    pub fn api(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, self.url(&format!("{API}{path}")))
            .basic_auth(DEFAULT_KEY, Some(DEFAULT_SECRET))
    }

    /// Builds a request to any path, without credentials.
    pub fn raw(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub async fn get(&self, path: &str) -> Response {
        self.api(Method::GET, path).send().await.expect("GET sent")
    }

    /// Sends `body` as JSON with `method` to `/deployments/{id}/tls`.
    pub async fn upload(&self, method: Method, id: &str, body: &Value) -> Response {
        self.api(method, &format!("/deployments/{id}/tls"))
            .json(body)
            .send()
            .await
            .expect("upload sent")
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
    }
}

/// Reads a JSON body, failing the test with the status and raw text when it is not JSON.
pub async fn json_body(response: Response) -> Value {
    let status = response.status();
    let text = response.text().await.expect("body read");
    serde_json::from_str(&text)
        .unwrap_or_else(|error| panic!("status {status}: body is not JSON ({error}): {text}"))
}

/// Asserts a JSON error with `status` whose message contains `fragment`, and
/// returns the message.
pub async fn assert_error(response: Response, status: u16, fragment: &str) -> String {
    let actual = response.status().as_u16();
    let body = json_body(response).await;
    let message = body["message"].as_str().unwrap_or_default().to_owned();
    assert_eq!(actual, status, "unexpected status, message: {message}");
    assert!(
        message.contains(fragment),
        "message does not contain {fragment:?}: {message}"
    );
    message
}
