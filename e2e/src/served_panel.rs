//! A copy of the panel's release build with its own `config.json`, so that a
//! test can point the panel at another API address or give it the
//! simulator's short limits without touching the shared build.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use serde_json::{Map, Value, json};

use crate::simulator::SimulatorConfig;

/// A folder holding a copy of the built panel.
pub struct ServedPanel {
    dir: PathBuf,
}

impl ServedPanel {
    /// Copies every file of `dist` into `dir`, which must not exist yet.
    pub fn copy(dist: &Path, dir: &Path) -> Result<Self> {
        copy_tree(dist, dir)
            .with_context(|| format!("failed to copy {} to {}", dist.display(), dir.display()))?;
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    /// Returns the folder to pass to the simulator's `--serve`.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Replaces `config.json`. The panel reads it at every page load, so the
    /// next load or reload uses it.
    pub fn write_config(&self, config: &Map<String, Value>) -> Result<()> {
        let path = self.dir.join("config.json");
        let text = serde_json::to_string_pretty(config)?;
        std::fs::write(&path, text).with_context(|| format!("failed to write {}", path.display()))
    }
}

/// Returns the panel settings that match the limits of `simulator`, so that
/// the panel's own count of calls agrees with the simulator's.
pub fn config_matching(simulator: &SimulatorConfig) -> Map<String, Value> {
    let value = json!({
        "readLimit": simulator.read_limit,
        "writeLimit": simulator.write_limit,
        "windowSeconds": simulator.window_seconds,
    });
    match value {
        Value::Object(map) => map,
        _ => unreachable!("json! of an object literal is an object"),
    }
}

fn copy_tree(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}
