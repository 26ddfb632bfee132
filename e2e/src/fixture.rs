//! One test's world: certificate material, a copy of the panel with its own
//! `config.json`, the simulator serving it, and a browser session. A failed
//! scenario leaves a screenshot, the page source and the simulator log in
//! `e2e/artifacts/`.

use std::panic::AssertUnwindSafe;
use std::path::PathBuf;

use anyhow::Result;
use fantoccini::Client;
use futures::FutureExt;
use serde_json::{Map, Value};
use tempfile::TempDir;

use crate::artifacts::save_failure_artifacts;
use crate::browser::{Browser, BrowserOptions};
use crate::locate::{panel_dist, simulator_binary};
use crate::material::Material;
use crate::served_panel::{ServedPanel, config_matching};
use crate::sim_aids::SimAids;
use crate::simulator::{Simulator, SimulatorConfig};

/// Everything a browser test drives and inspects.
pub struct Fixture {
    /// Name used in log lines and artifact file names, such as the test's name.
    pub name: &'static str,
    pub work: TempDir,
    pub material: Material,
    pub panel: ServedPanel,
    pub simulator_binary: PathBuf,
    pub simulator_config: SimulatorConfig,
    pub simulator: Simulator,
    pub aids: SimAids,
    pub browser: Browser,
}

impl Fixture {
    /// Generates material, copies the panel build with a `config.json` of
    /// the simulator's limits plus `panel_settings`, starts the simulator with
    /// the configuration `simulator_config` makes for the served folder, and
    /// opens a browser session with `options`.
    pub async fn start(
        name: &'static str,
        simulator_config: impl FnOnce(PathBuf) -> SimulatorConfig,
        panel_settings: Map<String, Value>,
        options: BrowserOptions,
    ) -> Result<Self> {
        let simulator_binary = simulator_binary()?;
        let dist = panel_dist()?;
        let work = tempfile::tempdir()?;
        let material_dir = work.path().join("material");
        std::fs::create_dir(&material_dir)?;
        let material = Material::generate(&material_dir)?;

        let panel = ServedPanel::copy(&dist, &work.path().join("panel"))?;
        let simulator_config = simulator_config(panel.dir().to_path_buf());
        let mut settings = config_matching(&simulator_config);
        settings.extend(panel_settings);
        panel.write_config(&settings)?;

        let simulator = Simulator::start(&simulator_binary, &simulator_config, work.path()).await?;
        let aids = SimAids::new(simulator.base_url())?;
        let browser = Browser::start_with(work.path(), options).await?;
        Ok(Self {
            name,
            work,
            material,
            panel,
            simulator_binary,
            simulator_config,
            simulator,
            aids,
            browser,
        })
    }

    /// Returns the WebDriver client.
    pub fn client(&self) -> &Client {
        self.browser.client()
    }

    /// Returns the URL of the served panel.
    pub fn panel_url(&self) -> String {
        format!("{}/", self.simulator.base_url())
    }

    /// Prints a step or an observation of the scenario, after the test's name.
    pub fn log(&self, text: &str) {
        eprintln!("[{}] {text}", self.name);
    }

    /// Runs `scenario` and ends the browser session. When the scenario
    /// returns an error or panics, it saves the failure artifacts first and
    /// then panics with the error, which fails the test.
    pub async fn run(mut self, scenario: impl AsyncFnOnce(&mut Fixture) -> Result<()>) {
        let outcome = AssertUnwindSafe(scenario(&mut self)).catch_unwind().await;
        let failure = match outcome {
            Ok(Ok(())) => None,
            Ok(Err(error)) => Some(format!("{error:#}")),
            Err(payload) => Some(format!("panicked: {}", panic_text(payload.as_ref()))),
        };
        if let Some(failure) = failure {
            let log = self.simulator.log_text().ok();
            let (saved, problems) = save_failure_artifacts(
                self.client(),
                self.name,
                Some(self.simulator.secret()),
                log.as_deref(),
            )
            .await;
            for path in &saved {
                eprintln!("[{}] saved {}", self.name, path.display());
            }
            for problem in &problems {
                eprintln!("[{}] could not save an artifact: {problem}", self.name);
            }
            panic!("{failure}");
        }
        let Self { browser, .. } = self;
        browser
            .close()
            .await
            .unwrap_or_else(|error| panic!("{error:#}"));
    }
}

fn panic_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| {
            payload
                .downcast_ref::<&str>()
                .map(|text| (*text).to_owned())
        })
        .unwrap_or_else(|| "non-text panic".to_owned())
}

/// Returns an empty settings map, for tests that need only the simulator's limits.
pub fn no_settings() -> Map<String, Value> {
    Map::new()
}
