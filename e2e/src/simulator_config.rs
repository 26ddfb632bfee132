//! The flags `platform-sim` starts with, and the start of its process.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::Result;

use crate::process::ChildGuard;
use crate::simulator::API_KEY;

/// Settings passed to `platform-sim` as command-line flags.
pub struct SimulatorConfig {
    /// Folder served as static files at `/`.
    pub serve: PathBuf,
    /// Seconds a new certificate stays `pending` before it is `running`.
    pub pending_seconds: u32,
    /// Length of the sliding rate-limit window in seconds.
    pub window_seconds: u32,
    /// Read requests (all GETs together) allowed in one window.
    pub read_limit: u32,
    /// Write requests allowed per method in one window.
    pub write_limit: u32,
    /// Whether `POST /__sim/faults` queues faults (`--faults`).
    pub faults: bool,
}

impl SimulatorConfig {
    /// Returns the settings of the panel scenario: 2 s pending, a 120 s window
    /// with 60 reads and 4 writes per method in it, and no fault injection.
    pub fn serving(serve: PathBuf) -> Self {
        Self {
            serve,
            pending_seconds: 2,
            window_seconds: 120,
            read_limit: 60,
            write_limit: 4,
            faults: false,
        }
    }

    /// Returns the platform's published limits: 60 reads and 6 writes per
    /// method in 3600 s, with `pending_seconds` and no fault injection.
    pub fn platform_limits(serve: PathBuf, pending_seconds: u32) -> Self {
        Self {
            serve,
            pending_seconds,
            window_seconds: 3600,
            read_limit: 60,
            write_limit: 6,
            faults: false,
        }
    }
}

/// Starts `platform-sim` with the flags of `config`, writing its output to `log`.
pub(crate) fn spawn(
    binary: &Path,
    config: &SimulatorConfig,
    listen: &str,
    state_path: &Path,
    secret: &str,
    log: File,
) -> Result<ChildGuard> {
    let mut command = Command::new(binary);
    command
        .arg("--listen")
        .arg(listen)
        .arg("--serve")
        .arg(&config.serve)
        .arg("--state")
        .arg(state_path)
        .arg("--key")
        .arg(API_KEY)
        .arg("--secret")
        .arg(secret)
        .arg("--pending-seconds")
        .arg(config.pending_seconds.to_string())
        .arg("--window-seconds")
        .arg(config.window_seconds.to_string())
        .arg("--read-limit")
        .arg(config.read_limit.to_string())
        .arg("--write-limit")
        .arg(config.write_limit.to_string());
    if config.faults {
        command.arg("--faults");
    }
    command
        .stdin(Stdio::null())
        .stdout(log.try_clone()?)
        .stderr(log);
    ChildGuard::spawn("platform-sim", command)
}
