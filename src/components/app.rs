//! The page: connection, deployment, certificate status and upload form.

use leptos::prelude::*;
use leptos::task::spawn_local;

use std::time::Duration;

use crate::api::load_config;
use crate::budget::now_ms;
use crate::components::budget_meter::BudgetMeter;
use crate::components::connection_form::ConnectionForm;
use crate::components::deployment_picker::DeploymentPicker;
use crate::components::live_region::LiveRegion;
use crate::components::status_card::StatusCard;
use crate::components::upload_form::UploadForm;
use crate::credentials::Credentials;
use crate::draft::UploadDraft;
use crate::state::Panel;

/// Renders the whole panel.
#[component]
pub fn App() -> impl IntoView {
    let panel = Panel::new();
    provide_context(panel);
    provide_context(UploadDraft::new());

    // The configuration decides the API address, so it is read before
    // credentials kept for this tab reconnect.
    spawn_local(async move {
        let (config, problem) = load_config().await;
        panel.apply_config(config, problem);
        if let Some(credentials) = Credentials::load_from_session() {
            panel.connect(credentials, true);
        }
    });

    let ticker =
        set_interval_with_handle(move || panel.clock.set(now_ms()), Duration::from_secs(1));
    if let Ok(ticker) = ticker {
        on_cleanup(move || ticker.clear());
    }
    warn_before_leaving_during_writes(panel);

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
            <Show when=move || panel.client.with(Option::is_some)>
                <BudgetMeter/>
            </Show>
            <DeploymentPicker/>
            <Show when=move || panel.deployment_id.with(Option::is_some)>
                <StatusCard/>
                <UploadForm/>
            </Show>
        </main>
    }
}

/// Makes the browser ask before the page closes or reloads while a write is
/// in flight, because the operator would not learn whether it was applied.
fn warn_before_leaving_during_writes(panel: Panel) {
    let handle = window_event_listener(
        leptos::ev::beforeunload,
        move |event: web_sys::BeforeUnloadEvent| {
            if panel.writes_in_flight.get_untracked() > 0 {
                event.prevent_default();
                event.set_return_value("A certificate change is still being sent.");
            }
        },
    );
    on_cleanup(move || handle.remove());
}
