//! Leptos panel that manages the TLS certificate of a cloud MQTT deployment.

use leptos::prelude::*;

/// Mounts the panel into the document body.
pub fn mount() {
    mount_to_body(|| view! { <p>"TLS panel"</p> });
}
