//! The page: connection, deployment, certificate status and upload form.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::load_config;
use crate::components::connection_form::ConnectionForm;
use crate::components::deployment_picker::DeploymentPicker;
use crate::components::live_region::LiveRegion;
use crate::components::status_card::StatusCard;
use crate::components::upload_form::UploadForm;
use crate::credentials::Credentials;
use crate::draft::UploadDraft;
use crate::state::Panel;

/// The whole panel.
#[component]
pub fn App() -> impl IntoView {
    let panel = Panel::new();
    provide_context(panel);
    provide_context(UploadDraft::new());

    // The configuration decides the API address, so it is read before
    // credentials kept for this tab reconnect.
    spawn_local(async move {
        let (config, problem) = load_config().await;
        panel.config.set(config);
        panel.config_problem.set(problem);
        if let Some(credentials) = Credentials::load_from_session() {
            panel.connect(credentials, true);
        }
    });

    view! {
        <header class="page-header">
            <h1>"TLS certificates"</h1>
            <p>"Upload, replace and remove the TLS certificate of your MQTT deployments."</p>
        </header>
        <main class="page">
            {move || panel.config_problem.get().map(|problem| view! {
                <p class="notice notice--warning" role="alert">{problem}</p>
            })}
            <LiveRegion/>
            <ConnectionForm/>
            <DeploymentPicker/>
            <Show when=move || panel.deployment_id.with(Option::is_some)>
                <StatusCard/>
                <UploadForm/>
            </Show>
        </main>
    }
}
