//! Locations of the simulator binary and the built panel.

use std::path::{Path, PathBuf};

use anyhow::{Result, bail};

/// Returns the workspace root, the parent of this crate's folder.
pub fn workspace_root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir
        .parent()
        .expect("the e2e crate sits inside the workspace")
        .to_path_buf()
}

/// Returns the `platform-sim` binary: `PLATFORM_SIM_BIN` when set, otherwise
/// `target/debug/platform-sim` under the workspace root.
pub fn simulator_binary() -> Result<PathBuf> {
    let path = env_path("PLATFORM_SIM_BIN")
        .unwrap_or_else(|| workspace_root().join("target/debug/platform-sim"));
    if !path.is_file() {
        bail!(
            "simulator binary not found at {}; run scripts/test.sh, which builds it, \
             or set PLATFORM_SIM_BIN to the built platform-sim",
            path.display()
        );
    }
    Ok(path)
}

/// Returns the panel's release build: `PANEL_DIST` when set, otherwise `dist/`
/// under the workspace root. The folder must contain `index.html`.
pub fn panel_dist() -> Result<PathBuf> {
    let path = env_path("PANEL_DIST").unwrap_or_else(|| workspace_root().join("dist"));
    if !path.join("index.html").is_file() {
        bail!(
            "panel build not found: {} has no index.html; run scripts/test.sh, which builds it \
             with trunk, or set PANEL_DIST to the built folder",
            path.display()
        );
    }
    Ok(path)
}

/// Returns the chromedriver binary: `CHROMEDRIVER` when set, otherwise
/// `/usr/bin/chromedriver`.
pub fn chromedriver_binary() -> PathBuf {
    env_path("CHROMEDRIVER").unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
}

/// The Chromium binary that chromedriver starts.
pub const CHROMIUM_BINARY: &str = "/usr/bin/chromium";

fn env_path(name: &str) -> Option<PathBuf> {
    std::env::var_os(name)
        .filter(|value| !value.is_empty())
        .map(PathBuf::from)
}
