//! The upload form: TLS type, the three file slots, and Save, which sends
//! `POST` when the deployment has no certificate and `PUT` when it has one.

use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::api::{ApiError, CertificateState, SaveMode, TlsType, TlsUpload};
use crate::budget::{CallKind, now_ms};
use crate::checked_material::check_draft;
use crate::components::confirm_dialog::ConfirmDialog;
use crate::components::drop_zone::DropZone;
use crate::components::file_slot::FileSlot;
use crate::components::leaf_choice::LeafChoice;
use crate::components::material_preview::MaterialPreview;
use crate::components::retry_countdown::{RetryCountdown, format_wait, retry_time};
use crate::draft::UploadDraft;
use crate::error_text::{Operation, describe};
use crate::material::{Slot, replacement_concerns, upload_from};
use crate::state::Panel;

/// A failed save, with the time the next try is allowed after a 429, in
/// milliseconds since the epoch.
#[derive(Clone, Debug, PartialEq)]
struct SaveFailure {
    error: ApiError,
    retry_at_ms: Option<f64>,
    /// When the failure arrived, in milliseconds since the epoch.
    at_ms: i64,
}

/// Renders the form that uploads a certificate to the chosen deployment.
#[component]
pub fn UploadForm() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let draft = expect_context::<UploadDraft>();
    let checked = check_draft(panel, draft);
    provide_context(checked);
    let (failure, set_failure) = signal(None::<SaveFailure>);
    // The last success, shown beside Save as well as in the page's live
    // region at the top, which can be far from the button.
    let (saved, set_saved) = signal(None::<String>);
    let confirm_open = RwSignal::new(false);
    let (concerns, set_concerns) = signal(Vec::<String>::new());
    // The mode of the save that waits for confirmation, which names the dialog.
    let (confirming_mode, set_confirming_mode) = signal(SaveMode::Replace);
    // The request waiting for the operator's confirmation.
    let awaiting_confirmation = StoredValue::new(None::<(String, TlsUpload, SaveMode)>);

    // A failure message describes the material and the deployment's state
    // at the time. So it goes when the operator changes the files, the pasted
    // text, the TLS type or the leaf choice, and when a later write is accepted.
    Effect::new(move |previous: Option<()>| {
        panel.accepted_writes.track();
        draft.files.track();
        draft.pasted.track();
        draft.tls_type.track();
        draft.leaf_choice.track();
        if previous.is_some() {
            set_failure.set(None);
        }
    });

    let mode = Memo::new(move |_| {
        panel.certificate.with(|state| match state {
            Some(Ok(CertificateState::Present(_))) => Some(SaveMode::Replace),
            Some(Ok(CertificateState::Missing)) => Some(SaveMode::Create),
            _ => None,
        })
    });

    // A replacement keeps the live tlsType unless the operator picks another.
    Effect::new(move |_| {
        let live = panel.certificate.with(|state| match state {
            Some(Ok(CertificateState::Present(status))) => {
                status.tls_type.as_deref().and_then(TlsType::parse)
            }
            _ => None,
        });
        if let Some(live) = live {
            draft.follow_live_tls_type(live);
        }
    });

    let save_certificate = Action::new_local(move |request: &(String, TlsUpload, SaveMode)| {
        let (deployment_id, upload, mode) = request.clone();
        let client = panel.client.get_untracked();
        async move {
            let Some(client) = client else { return };
            panel.writes_in_flight.update(|count| *count += 1);
            panel.announce("Saving the certificate…");
            let result = client.save_certificate(&deployment_id, &upload, mode).await;
            panel
                .writes_in_flight
                .update(|count| *count = count.saturating_sub(1));
            match result {
                Ok(status) => {
                    set_failure.set(None);
                    let state_word = status
                        .status
                        .clone()
                        .unwrap_or_else(|| "unknown".to_owned());
                    panel.show_written_certificate(CertificateState::Present(status));
                    // The platform has the material now, so the form empties:
                    // the private key leaves the page's memory, and the next
                    // drop starts a new set instead of mixing with this one.
                    draft.clear_after_save();
                    // The text beside Save leaves out the status, which the
                    // card and the status line keep up to date.
                    let cleared =
                        "The form was cleared, so the private key is no longer in this page.";
                    set_saved.set(Some(format!("Certificate saved. {cleared}")));
                    panel.announce(format!(
                        "Certificate saved. The platform reports it as {state_word}. {cleared}"
                    ));
                }
                Err(error) => {
                    set_saved.set(None);
                    // The alert under the form describes the failure, so the status
                    // line at the top no longer claims progress.
                    panel.announce("");
                    panel.note_error(&error);
                    // A dropped connection, a timeout or a server failure can
                    // hide a write that was applied, and a rejection can come
                    // from a change made elsewhere, such as another client
                    // deleting the certificate. Either way the card is stale.
                    let status_unknown = error.leaves_write_outcome_unknown()
                        || matches!(error, ApiError::Rejected { .. });
                    let retry_at_ms = matches!(error, ApiError::RateLimited { .. })
                        .then(|| untrack(|| panel.next_free_at(call_kind(mode))))
                        .flatten()
                        .map(|at| at as f64);
                    set_failure.set(Some(SaveFailure {
                        error,
                        retry_at_ms,
                        at_ms: now_ms(),
                    }));
                    // The status is read before the operator may send again.
                    if status_unknown {
                        panel.refresh_certificate();
                    }
                }
            }
        }
    });

    // Nothing entered is lost when another deployment opens, so the form
    // points out material that was added for a different one, and saving
    // it requires confirmation.
    let carried_over = move || {
        let has_files = draft.files.with(|files| !files.is_empty());
        let added_for = draft.added_for.get();
        (has_files && added_for.is_some() && added_for != panel.deployment_id.get())
            .then(|| added_for.unwrap_or_default())
    };

    let connected = move || panel.client.with(Option::is_some);
    let writes_left = move || mode.get().and_then(|mode| panel.remaining(call_kind(mode)));
    let out_of_writes = move || writes_left() == Some(0);
    let can_send = move || checked.with(|checked| checked.0.can_send());
    // Save stays focusable while unavailable (aria-disabled, not disabled), so
    // a keyboard user reaches it and hears the hint that explains why.
    let save_unavailable = move || {
        // While the status is being read, the choice between POST and PUT
        // may still change, so Save waits for it.
        !connected()
            || mode.get().is_none()
            || out_of_writes()
            || !can_send()
            || save_certificate.pending().get()
            || panel.certificate_loading.get()
    };

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        if untrack(save_unavailable) {
            return;
        }
        if save_certificate.pending().get_untracked() {
            return;
        }
        let (Some(deployment_id), Some(mode)) =
            (panel.deployment_id.get_untracked(), mode.get_untracked())
        else {
            return;
        };
        let tls_type = draft.tls_type.get_untracked();
        let analysis = checked.get_untracked().0;
        let Some(payload) = analysis.payload() else {
            return;
        };
        let request = (deployment_id, upload_from(tls_type, payload), mode);
        let live = panel.certificate.with_untracked(|state| match state {
            Some(Ok(CertificateState::Present(status))) => Some(status.clone()),
            _ => None,
        });
        let mut found = match (mode, live) {
            (SaveMode::Replace, Some(live)) => replacement_concerns(&live, &analysis, tls_type),
            _ => Vec::new(),
        };
        if let Some(earlier) = untrack(carried_over) {
            found.push(format!(
                "These files were added while deployment {earlier} was open, and they will be \
                 saved to deployment {}.",
                request.0
            ));
        }
        if !found.is_empty() {
            set_concerns.set(found);
            set_confirming_mode.set(mode);
            awaiting_confirmation.set_value(Some(request));
            confirm_open.set(true);
            return;
        }
        set_failure.set(None);
        set_saved.set(None);
        save_certificate.dispatch_local(request);
    };
    let confirm_replacement = Callback::new(move |()| {
        if let Some(request) = awaiting_confirmation
            .try_update_value(Option::take)
            .flatten()
        {
            set_failure.set(None);
            set_saved.set(None);
            save_certificate.dispatch_local(request);
        }
    });

    // The alert's text is a memo, so the alert is rendered again, and read
    // out again, only when its words change.
    let failure_text = Memo::new(move |_| {
        failure.get().map(|failure| {
            let mut text = describe(
                &failure.error,
                Operation::SaveCertificate,
                &panel.ledger.limits(),
            );
            if matches!(failure.error, ApiError::RateLimited { .. }) {
                text.push(' ');
                text.push_str(&retry_time(failure.retry_at_ms));
            }
            // After a failure whose outcome is unknown, the advice to read the
            // status goes stale once a read succeeds.
            let read_since = panel
                .status_received_at
                .get()
                .is_some_and(|read_at| read_at > failure.at_ms);
            if failure.error.leaves_write_outcome_unknown() && read_since {
                text.push_str(
                    " The platform has answered a status read since then: check the TLS \
                     certificate card before saving again.",
                );
            }
            text
        })
    });
    let blocking_count = move || checked.with(|checked| checked.0.blocking_problems().count());
    let save_label = move || match mode.get() {
        Some(SaveMode::Replace) => "Replace certificate",
        _ => "Create certificate",
    };
    let save_hint = move || match (connected(), mode.get()) {
        _ if save_certificate.pending().get() => {
            "Sending the certificate. Wait for the platform's answer.".to_owned()
        }
        (false, _) => "Connect to save.".to_owned(),
        (true, None) => "The certificate status is not known yet. Use Refresh status to read it \
                         before saving."
            .to_owned(),
        (true, Some(mode)) => {
            let kind = call_kind(mode);
            let budget = format!(
                "Sends {}. {} of {} left in this window.",
                kind.method(),
                writes_left().unwrap_or_default(),
                panel.ledger.limits().limit_of(kind)
            );
            let empty = draft.is_empty();
            match blocking_count() {
                0 if can_send() => budget,
                // An empty form lists no problems to fix, so it asks for files.
                count if empty || count == 0 => {
                    format!("Add the certificate chain and its private key to save. {budget}")
                }
                1 => format!("Fix the problem marked \"Blocks saving\" to save. {budget}"),
                count => {
                    format!("Fix the {count} problems marked \"Blocks saving\" to save. {budget}")
                }
            }
        }
    };
    let two_way = move || draft.tls_type.get() == TlsType::TwoWay;
    let deployment_stopped = move || {
        let chosen = panel.deployment_id.get();
        panel.deployments.with(|deployments| match deployments {
            Some(Ok(list)) => list.iter().any(|deployment| {
                Some(&deployment.deployment_id) == chosen.as_ref()
                    && deployment.status.as_deref() == Some("stopped")
            }),
            _ => false,
        })
    };

    view! {
        <section class="card" aria-labelledby="upload-heading">
            <h2 id="upload-heading">"Upload certificate"</h2>
            <form class="upload-form" on:submit=on_submit novalidate>
                <fieldset class="tls-type">
                    <legend>"TLS type"</legend>
                    <TlsTypeOption value=TlsType::OneWay/>
                    <TlsTypeOption value=TlsType::TwoWay/>
                    <p class="card__hint">
                        "one-way: clients verify the server. two-way: the server also verifies client \
                         certificates against the client CA."
                    </p>
                </fieldset>
                {move || carried_over().map(|earlier| view! {
                    <p class="notice notice--warning">
                        {format!(
                            "These files were added while deployment {earlier} was open. Check that they \
                             belong to {} before saving.",
                            panel.deployment_id.get().unwrap_or_default()
                        )}
                    </p>
                })}
                <DropZone/>
                <FileSlot kind=Slot::Certificate/>
                <FileSlot kind=Slot::Key/>
                <Show when=two_way>
                    <FileSlot kind=Slot::ClientCa/>
                </Show>
                <LeafChoice/>
                <MaterialPreview/>
                <div class="upload-form__error" role="alert">
                    {move || failure_text.get().map(|text| view! { <p class="notice notice--error">{text}</p> })}
                </div>
                // The countdown stays outside the alert, which would otherwise
                // be read out again at every tick. The timer role is not live.
                // Only a 429 sets retry_at_ms.
                {move || failure.get().and_then(|failure| failure.retry_at_ms).map(|deadline_ms| view! {
                    <p class="upload-form__countdown" role="timer"><RetryCountdown deadline_ms/></p>
                })}
                <div class="card__actions">
                    <button
                        type="submit"
                        class="button button--primary"
                        aria-describedby="save-hint"
                        aria-disabled=move || save_unavailable().to_string()
                        aria-busy=move || save_certificate.pending().get().to_string()
                    >
                        {save_label}
                    </button>
                </div>
                <p class="card__hint" id="save-hint">{save_hint}</p>
                {move || saved.get().map(|text| view! { <p class="upload-form__saved">{text}</p> })}
                {move || deployment_stopped().then(|| view! {
                    <p class="notice notice--warning">
                        "This deployment is stopped. The platform may reject certificate changes until it \
                         runs again, so start it first to avoid spending a write."
                    </p>
                })}
                {move || out_of_writes().then(|| {
                    let method = mode.get().map(call_kind).map(CallKind::method).unwrap_or_default();
                    let wait = mode
                        .get()
                        .and_then(|mode| panel.seconds_until_free(call_kind(mode)))
                        .map(format_wait);
                    view! {
                        <p class="notice notice--warning">
                            {format!("No {method} left in this window, so Save is off.")}
                            {wait.map(|wait| format!(" It is available again in {wait}."))}
                        </p>
                    }
                })}
            </form>
            <ConfirmDialog
                id="confirm-replacement"
                open=confirm_open
                title=Signal::derive(move || match confirming_mode.get() {
                    SaveMode::Replace => "Replace the live certificate?".to_owned(),
                    SaveMode::Create => "Create the certificate with these files?".to_owned(),
                })
                body=Signal::derive(move || concerns.get().join(" "))
                confirm_label=Signal::derive(move || match confirming_mode.get() {
                    SaveMode::Replace => "Replace".to_owned(),
                    SaveMode::Create => "Create".to_owned(),
                })
                on_confirm=confirm_replacement
            />
        </section>
    }
}

/// Returns the rate-limited kind of call that a save sends.
fn call_kind(mode: SaveMode) -> CallKind {
    match mode {
        SaveMode::Create => CallKind::Create,
        SaveMode::Replace => CallKind::Replace,
    }
}

/// Renders one radio button of the TLS type choice.
#[component]
fn TlsTypeOption(value: TlsType) -> impl IntoView {
    let draft = expect_context::<UploadDraft>();
    let id = format!("tls-type-{}", value.as_str());
    view! {
        <div class="tls-type__option">
            <input
                type="radio"
                name="tls-type"
                id=id.clone()
                value=value.as_str()
                prop:checked=move || draft.tls_type.get() == value
                on:click=move |_| draft.choose_tls_type(value)
            />
            <label for=id>{value.as_str()}</label>
        </div>
    }
}
