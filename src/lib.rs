//! Leptos panel that manages the TLS certificate of a cloud MQTT deployment.
//!
//! Pure logic has no browser dependency and is covered by native unit tests:
//! configuration, error texts, expiry dates, id checks, the rate-limit
//! ledger, and the certificate checks of the `tls-certs` crate. The
//! components and the API client run in the browser.

pub mod api;
pub mod budget;
pub mod checked_material;
pub mod components;
pub mod config;
pub mod credentials;
pub mod deployment_id;
pub mod draft;
pub mod error_text;
pub mod expiry;
pub mod file_read;
pub mod loaded_file;
pub mod material;
pub mod pending_follow;
pub mod state;

/// Mounts the panel into the document body.
pub fn mount() {
    // A panic then shows its message in the browser console.
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(components::app::App);
}
