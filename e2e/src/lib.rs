//! Harness for end-to-end tests of the release panel.
//!
//! The tests start `platform-sim` serving the built panel on loopback, make
//! certificate material with the `openssl` command line, and drive headless
//! Chromium through chromedriver. Every child process sits behind a guard
//! that ends it when the test ends, whether the test passed or not.

pub mod actions;
pub mod artifacts;
pub mod browser;
pub mod browser_log;
pub mod budget;
pub mod card;
pub mod countdown;
pub mod fixture;
pub mod locate;
pub mod material;
pub mod page_storage;
pub mod panel_steps;
pub mod process;
pub mod redact;
pub mod served_panel;
pub mod sim_aids;
pub mod simulator;
pub mod simulator_config;
pub mod ui;
pub mod wait;
