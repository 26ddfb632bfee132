//! The status card: the chosen deployment's certificate as the platform
//! reports it, with refresh and delete.

use leptos::prelude::*;

use crate::api::{ApiError, CertificateState, TlsStatus};
use crate::budget::CallKind;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::retry_countdown::{clock_time_utc, no_calls_left};
use crate::error_text::{Operation, describe};
use crate::expiry::{Expiry, Urgency};
use crate::state::Panel;

/// Shows tlsType, status and expiry of the chosen deployment's certificate.
#[component]
pub fn StatusCard() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let confirm_open = RwSignal::new(false);
    let (delete_error, set_delete_error) = signal(None::<ApiError>);

    let delete_certificate = Action::new_local(move |deployment_id: &String| {
        let deployment_id = deployment_id.clone();
        let client = panel.client.get_untracked();
        async move {
            let Some(client) = client else { return };
            panel.writes_in_flight.update(|count| *count += 1);
            panel.announce("Deleting the certificate…");
            let result = client.delete_certificate(&deployment_id).await;
            panel
                .writes_in_flight
                .update(|count| *count = count.saturating_sub(1));
            match result {
                Ok(()) => {
                    set_delete_error.set(None);
                    panel.show_written_certificate(CertificateState::Missing);
                    panel.announce(
                        "Certificate deleted. The deployment has no custom certificate now.",
                    );
                }
                Err(error) => {
                    // The alert in the card describes the failure, so the status
                    // line at the top no longer claims progress.
                    panel.announce("");
                    panel.note_error(&error);
                    // The delete may have been applied although no response
                    // arrived, so the card reads the status before anything else.
                    let status_unknown = error.leaves_write_outcome_unknown();
                    set_delete_error.set(Some(error));
                    if status_unknown {
                        panel.refresh_certificate();
                    }
                }
            }
        }
    });

    let has_certificate = move || {
        panel
            .certificate
            .with(|state| matches!(state, Some(Ok(CertificateState::Present(_)))))
    };
    let connected = move || panel.client.with(Option::is_some);
    let status_known = move || panel.certificate.with(|state| matches!(state, Some(Ok(_))));
    // The time shows the operator how fresh the status is, for example
    // before deciding whether a write that got no answer was applied.
    let status_as_of = move || {
        let received_at = panel.status_received_at.get()?;
        status_known().then(|| format!("Status as of {} UTC.", clock_time_utc(received_at as f64)))
    };
    let reads_left = move || panel.remaining(CallKind::Read).unwrap_or_default();
    let deletes_left = move || panel.remaining(CallKind::Delete).unwrap_or_default();
    let busy = move || panel.certificate_loading.get() || delete_certificate.pending().get();
    let deployment_id = move || panel.deployment_id.get().unwrap_or_default();
    // Refresh status stays focusable while unavailable, like Delete below.
    let refresh_unavailable = move || !connected() || busy() || reads_left() == 0;
    let refresh_hint = move || {
        (connected() && reads_left() == 0).then(|| {
            no_calls_left(
                "GET",
                "Refresh status",
                panel.seconds_until_free(CallKind::Read),
            )
        })
    };
    // Delete stays focusable while unavailable (aria-disabled, not disabled),
    // so a keyboard user reaches it and hears why it is off.
    let delete_unavailable_reason = move || {
        if !connected() {
            Some("Connect to delete the certificate.".to_owned())
        } else if delete_certificate.pending().get() {
            Some("Deleting the certificate…".to_owned())
        } else if busy() {
            Some("Wait for the current request to finish.".to_owned())
        } else if !status_known() {
            Some("The certificate status is not known. Use Refresh status to read it.".to_owned())
        } else if !has_certificate() {
            Some(
                "Nothing to delete: the deployment uses the platform's default certificate."
                    .to_owned(),
            )
        } else if deletes_left() == 0 {
            Some(no_calls_left(
                "DELETE",
                "Delete",
                panel.seconds_until_free(CallKind::Delete),
            ))
        } else {
            None
        }
    };
    let confirm_body = Signal::derive(move || {
        let id = deployment_id();
        let name = panel.deployments.with(|deployments| match deployments {
            Some(Ok(list)) => list
                .iter()
                .find(|deployment| deployment.deployment_id == id)
                .and_then(|deployment| deployment.deployment_name.clone()),
            _ => None,
        });
        let deployment = match name {
            Some(name) => format!("Deployment {name} ({id})"),
            None => format!("Deployment {id}"),
        };
        let limits = panel.ledger.limits();
        format!(
            "{deployment} will go back to the platform's default certificate. This uses one of the \
             {} deletes allowed in {} minutes and cannot be undone.",
            limits.write_limit,
            limits.window_ms / 60_000
        )
    });

    view! {
        <section class="card status-card" aria-labelledby="status-heading" aria-busy=move || busy().to_string()>
            <h2 id="status-heading">"TLS certificate"</h2>
            <p class="card__subtitle">"Deployment " <code>{deployment_id}</code></p>
            <div class="status-card__body">
                {move || match panel.certificate.get() {
                    None if !connected() => view! { <p>"Connect to see the certificate."</p> }.into_any(),
                    None => view! { <p>"Loading the certificate status…"</p> }.into_any(),
                    Some(Ok(CertificateState::Missing)) => {
                        view! { <p class="status-card__empty">"No custom certificate"</p> }.into_any()
                    }
                    Some(Ok(CertificateState::Present(status))) => view! { <StatusDetails status/> }.into_any(),
                    Some(Err(error)) => view! {
                        <p class="notice notice--error" role="alert">
                            {describe(&error, Operation::ReadCertificate, &panel.ledger.limits())}
                        </p>
                    }
                    .into_any(),
                }}
            </div>
            {move || status_as_of().map(|text| view! { <p class="card__hint">{text}</p> })}
            {move || delete_error.get().map(|error| view! {
                <p class="notice notice--error" role="alert">{describe(&error, Operation::DeleteCertificate, &panel.ledger.limits())}</p>
            })}
            <div class="card__actions">
                <button
                    type="button"
                    class="button"
                    aria-describedby="refresh-hint"
                    aria-disabled=move || refresh_unavailable().to_string()
                    on:click=move |_| {
                        if !untrack(refresh_unavailable) {
                            panel.refresh_certificate();
                        }
                    }
                >
                    "Refresh status"
                </button>
                <button
                    type="button"
                    class="button button--danger"
                    aria-describedby="delete-hint"
                    aria-disabled=move || delete_unavailable_reason().is_some().to_string()
                    on:click=move |_| {
                        if untrack(delete_unavailable_reason).is_none() {
                            confirm_open.set(true);
                        }
                    }
                >
                    "Delete certificate"
                </button>
            </div>
            {move || refresh_hint().map(|text| view! { <p class="card__hint" id="refresh-hint">{text}</p> })}
            {move || delete_unavailable_reason().map(|text| view! { <p class="card__hint" id="delete-hint">{text}</p> })}
            <ConfirmDialog
                id="confirm-delete"
                open=confirm_open
                title="Delete the TLS certificate?"
                body=confirm_body
                confirm_label="Delete"
                on_confirm=Callback::new(move |()| {
                    if let Some(deployment_id) = panel.deployment_id.get_untracked() {
                        delete_certificate.dispatch_local(deployment_id);
                    }
                })
            />
        </section>
    }
}

/// Renders the fields of a configured certificate.
#[component]
fn StatusDetails(status: TlsStatus) -> impl IntoView {
    let now_seconds = (js_sys::Date::now() / 1000.0) as i64;
    let expiry = Expiry::read(status.expire.as_deref(), now_seconds);
    let urgency_class = match &expiry {
        Expiry::Known {
            urgency: Urgency::Expired,
            ..
        } => "expiry expiry--expired",
        Expiry::Known {
            urgency: Urgency::Near,
            ..
        } => "expiry expiry--near",
        _ => "expiry",
    };
    let advice = match &expiry {
        Expiry::Known {
            urgency: Urgency::Near,
            ..
        } => "; upload a renewed certificate soon",
        Expiry::Known {
            urgency: Urgency::Expired,
            ..
        } => "; clients reject it, upload a valid one",
        _ => "",
    };
    let expires_text = match &expiry {
        Expiry::Known { .. } => format!(
            "{} UTC ({}{advice})",
            status.expire.as_deref().unwrap_or_default().trim(),
            expiry.days_left_text().unwrap_or_default()
        ),
        Expiry::Unreadable(raw) => format!("{raw} (format not recognised)"),
        Expiry::Missing => "unknown".to_owned(),
    };
    let state = status
        .status
        .clone()
        .unwrap_or_else(|| "unknown".to_owned());
    let state_class = format!(
        "badge badge--{}",
        if state == "running" || state == "pending" {
            state.as_str()
        } else {
            "other"
        }
    );

    view! {
        <dl class="status-card__fields">
            <dt>"Type"</dt>
            <dd>{status.tls_type.clone().unwrap_or_else(|| "unknown".to_owned())}</dd>
            <dt>"Status"</dt>
            <dd><span class=state_class>{state.clone()}</span></dd>
            <dt>"Expires"</dt>
            <dd class=urgency_class>{expires_text}</dd>
            {status.cn.clone().map(|cn| view! { <dt>"Common name"</dt><dd>{cn}</dd> })}
        </dl>
        {(state == "pending").then(|| view! {
            <p class="card__hint">"The platform is applying the certificate; this card checks again shortly."</p>
        })}
    }
}
