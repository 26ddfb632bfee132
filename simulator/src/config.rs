//! Command-line configuration of the simulator.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Parser, ValueEnum};

/// Demo credentials, printed at start while the operator keeps them.
pub const DEFAULT_KEY: &str = "demo-key";
pub const DEFAULT_SECRET: &str = "demo-secret";
pub const DEFAULT_RESTRICTED_KEY: &str = "scoped-key";
pub const DEFAULT_RESTRICTED_SECRET: &str = "scoped-secret";

/// Simulator of the platform's REST API for deployments and their TLS certificates.
///
/// Test aids outside the API prefix, without authentication:
/// `GET /__sim/stats` returns request counts by method, route and status,
/// and `DELETE /__sim/stats` resets them. With `--faults`,
/// `POST /__sim/faults` queues faults for the next API responses,
/// `GET /__sim/faults` lists them and `DELETE /__sim/faults` clears them.
#[derive(Debug, Clone, Parser)]
#[command(name = "platform-sim", version, about, long_about)]
pub struct Config {
    /// Address and port to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub listen: SocketAddr,

    /// Folder served at `/` (index.html for `/`), for example the panel's `dist/`.
    #[arg(long, value_name = "DIR")]
    pub serve: Option<PathBuf>,

    /// JSON file that keeps deployments and certificate records across restarts.
    #[arg(long, value_name = "FILE", default_value = "platform-sim-state.json")]
    pub state: PathBuf,

    /// API key with access to every deployment.
    #[arg(long, default_value = DEFAULT_KEY)]
    pub key: String,

    /// Secret of `--key`.
    #[arg(long, default_value = DEFAULT_SECRET)]
    pub secret: String,

    /// API key that may not list deployments and may only reach `--restricted-deployments`.
    #[arg(long, default_value = DEFAULT_RESTRICTED_KEY)]
    pub restricted_key: String,

    /// Secret of `--restricted-key`.
    #[arg(long, default_value = DEFAULT_RESTRICTED_SECRET)]
    pub restricted_secret: String,

    /// Comma-separated deployment IDs that `--restricted-key` may reach.
    #[arg(long, value_delimiter = ',', default_value = "b1f77113,ge6a1a75")]
    pub restricted_deployments: Vec<String>,

    /// Seconds a new or replaced certificate stays `pending` before it is `running`.
    #[arg(long, value_name = "SECONDS", default_value_t = 20)]
    pub pending_seconds: u64,

    /// Length of the sliding rate-limit window, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 3600)]
    pub window_seconds: u64,

    /// GET requests allowed per key within one window.
    #[arg(long, value_name = "N", default_value_t = 60)]
    pub read_limit: usize,

    /// POST, PUT and DELETE requests allowed per key within one window, for each method.
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub write_limit: usize,

    /// Leave out the `Retry-After` header from 429 responses.
    #[arg(long)]
    pub no_retry_after: bool,

    /// Days before its notAfter date from which a certificate is rejected.
    #[arg(long, value_name = "DAYS", default_value_t = 60)]
    pub expiry_margin_days: u32,

    /// Path prefix of the API routes.
    #[arg(long, default_value = "/api/v1")]
    pub prefix: String,

    /// Response of `GET .../tls` for a deployment without a custom certificate.
    #[arg(long, value_enum, default_value_t = NoCertResponse::Empty)]
    pub no_cert_response: NoCertResponse,

    /// Enable the test aid `/__sim/faults`, which injects faults into API
    /// responses (404 otherwise).
    #[arg(long)]
    pub faults: bool,
}

/// Shape of `GET .../tls` when a deployment has no custom certificate,
/// because the platform's documentation leaves it open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NoCertResponse {
    /// 200 with `{}`.
    Empty,
    /// 200 with `{"tlsType":null,"expire":null,"status":null}`.
    NullFields,
    /// 404 with a JSON message.
    NotFound,
}

impl Config {
    /// Returns the prefix with one leading slash and no trailing slash,
    /// or an empty string when the API sits at the root.
    pub fn normalized_prefix(&self) -> String {
        let trimmed = self.prefix.trim_matches('/');
        if trimmed.is_empty() {
            String::new()
        } else {
            format!("/{trimmed}")
        }
    }

    /// Tells whether the main key and secret are the built-in demo values.
    pub fn uses_default_credentials(&self) -> bool {
        self.key == DEFAULT_KEY && self.secret == DEFAULT_SECRET
    }
}
