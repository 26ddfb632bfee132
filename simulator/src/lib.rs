//! Simulator of the platform's REST API for the TLS certificates of cloud
//! MQTT deployments: deployments, TLS certificate records, HTTP Basic
//! authentication, per-key rate limits and certificate checks with OpenSSL.
//!
//! Integration tests run it in process:
//!
//! ```no_run
//! # async fn example() {
//! use clap::Parser;
//! let config = platform_sim::Config::parse_from(["platform-sim", "--state", "/tmp/state.json"]);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
//! tokio::spawn(platform_sim::serve(config, listener));
//! # }
//! ```

mod access_log;
mod app;
mod auth;
mod checks;
mod clock;
mod config;
mod demo;
mod error;
mod faults;
mod model;
mod rate_limit;
mod request_body;
mod routes;
mod server;
mod stats;
mod store;

pub use config::{
    Config, DEFAULT_KEY, DEFAULT_RESTRICTED_KEY, DEFAULT_RESTRICTED_SECRET, DEFAULT_SECRET,
    NoCertResponse,
};
pub use server::{ServeError, Simulator, serve};
pub use store::StoreError;

/// IDs of the demo deployments of a fresh state.
pub mod demo_ids {
    pub use crate::demo::{
        RUNNING_EXPIRING_SOON, RUNNING_LONG_LIVED, RUNNING_WITHOUT_CERT, SERVERLESS, STARTING,
        STOPPED,
    };
}
