//! Typed access to the platform API.

mod client;
mod config_file;
mod error;
mod types;

pub use client::{ApiClient, SaveMode};
pub use config_file::load_config;
pub use error::{ApiError, parse_retry_after, server_message};
pub use types::{CertificateState, Deployment, TlsStatus, TlsType, TlsUpload};
