//! The upload form: TLS type, the three file slots, and Save, which sends
//! `POST` when the deployment has no certificate and `PUT` when it has one.

use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::api::{ApiError, CertificateState, SaveMode, TlsType, TlsUpload};
use crate::budget::CallKind;
use crate::components::file_slot::FileSlot;
use crate::components::retry_countdown::{RetryCountdown, format_wait};
use crate::draft::UploadDraft;
use crate::error_text::{Operation, describe};
use crate::state::Panel;
use crate::upload_payload::{LocalProblem, Slot, build_upload};

/// A failed save, with the time the next try is allowed after a 429, in
/// milliseconds since the epoch.
#[derive(Clone, Debug, PartialEq)]
struct SaveFailure {
    error: ApiError,
    retry_at_ms: Option<f64>,
}

/// The form that uploads a certificate to the chosen deployment.
#[component]
pub fn UploadForm() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let draft = expect_context::<UploadDraft>();
    let (attempted, set_attempted) = signal(false);
    let (failure, set_failure) = signal(None::<SaveFailure>);

    let mode = Memo::new(move |_| {
        panel.certificate.with(|state| match state {
            Some(Ok(CertificateState::Present(_))) => Some(SaveMode::Replace),
            Some(Ok(CertificateState::Missing)) => Some(SaveMode::Create),
            _ => None,
        })
    });
    let checked = Memo::new(move |_| {
        let files =
            [Slot::Certificate, Slot::Key, Slot::ClientCa].map(|slot| draft.file(slot).get());
        build_upload(
            draft.tls_type.get(),
            files[0].as_ref(),
            files[1].as_ref(),
            files[2].as_ref(),
        )
    });
    // A missing file is reported only after a save attempt, while a file
    // with unusable content is reported as soon as it is loaded.
    let problem_of = move |slot: Slot| {
        Signal::derive(move || {
            let problems: Vec<LocalProblem> = checked.get().err().unwrap_or_default();
            let has_file = draft.file(slot).with(Option::is_some);
            problems
                .into_iter()
                .find(|problem| problem.slot == slot && (has_file || attempted.get()))
                .map(|problem| problem.message)
        })
    };

    let save_certificate = Action::new_local(move |request: &(String, TlsUpload, SaveMode)| {
        let (deployment_id, upload, mode) = request.clone();
        let client = panel.client.get_untracked();
        async move {
            let Some(client) = client else { return };
            panel.writes_in_flight.update(|count| *count += 1);
            let result = client.save_certificate(&deployment_id, &upload, mode).await;
            panel
                .writes_in_flight
                .update(|count| *count = count.saturating_sub(1));
            match result {
                Ok(status) => {
                    set_failure.set(None);
                    set_attempted.set(false);
                    let state_word = status
                        .status
                        .clone()
                        .unwrap_or_else(|| "unknown".to_owned());
                    panel.show_written_certificate(CertificateState::Present(status));
                    // The key is not needed once the platform has it, so it
                    // leaves the page's memory.
                    draft.file(Slot::Key).set(None);
                    panel.announce(format!(
                        "Certificate saved. The platform reports it as {state_word}. The private key \
                         was removed from this page."
                    ));
                }
                Err(error) => {
                    panel.note_error(&error);
                    // A dropped connection, a timeout or a server failure can
                    // hide a write that was applied.
                    let outcome_unknown = matches!(
                        error,
                        ApiError::Timeout { .. } | ApiError::Server { .. } | ApiError::Network
                    );
                    let retry_at_ms = matches!(error, ApiError::RateLimited { .. })
                        .then(|| untrack(|| panel.next_free_at(call_kind(mode))))
                        .flatten()
                        .map(|at| at as f64);
                    set_failure.set(Some(SaveFailure { error, retry_at_ms }));
                    // After a timeout or a server failure the write may have
                    // been applied, so the status is read before anything else.
                    if outcome_unknown {
                        panel.refresh_certificate();
                    }
                }
            }
        }
    });

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        set_attempted.set(true);
        if save_certificate.pending().get_untracked() {
            return;
        }
        let (Some(deployment_id), Some(mode)) =
            (panel.deployment_id.get_untracked(), mode.get_untracked())
        else {
            return;
        };
        match checked.get_untracked() {
            Ok(upload) => {
                set_failure.set(None);
                save_certificate.dispatch_local((deployment_id, upload, mode));
            }
            Err(problems) => panel.announce(format!(
                "Not sent: {}",
                problems
                    .iter()
                    .map(|problem| problem.message.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            )),
        }
    };

    let connected = move || panel.client.with(Option::is_some);
    let writes_left = move || mode.get().and_then(|mode| panel.remaining(call_kind(mode)));
    let out_of_writes = move || writes_left() == Some(0);
    let save_label = move || match mode.get() {
        Some(SaveMode::Replace) => "Replace certificate",
        _ => "Create certificate",
    };
    let save_hint = move || match (connected(), mode.get()) {
        (false, _) => "Connect to save.".to_owned(),
        (true, None) => "Waiting for the certificate status before saving.".to_owned(),
        (true, Some(mode)) => {
            let kind = call_kind(mode);
            format!(
                "Sends {}. {} of {} left in this window.",
                kind.method(),
                writes_left().unwrap_or_default(),
                panel.ledger.limits().limit_of(kind)
            )
        }
    };
    let two_way = move || draft.tls_type.get() == TlsType::TwoWay;

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
                <FileSlot kind=Slot::Certificate problem=problem_of(Slot::Certificate)/>
                <FileSlot kind=Slot::Key problem=problem_of(Slot::Key)/>
                <Show when=two_way>
                    <FileSlot kind=Slot::ClientCa problem=problem_of(Slot::ClientCa)/>
                </Show>
                <div class="upload-form__error" role="alert">
                    {move || failure.get().map(|failure| {
                        let deadline_ms = matches!(failure.error, ApiError::RateLimited { .. })
                            .then_some(failure.retry_at_ms);
                        view! {
                            <div class="notice notice--error">
                                <p>{describe(&failure.error, Operation::SaveCertificate, &panel.ledger.limits())}</p>
                                {deadline_ms.map(|deadline_ms| view! { <p><RetryCountdown deadline_ms/></p> })}
                            </div>
                        }
                    })}
                </div>
                <div class="card__actions">
                    <button
                        type="submit"
                        class="button button--primary"
                        disabled=move || {
                            !connected() || mode.get().is_none() || out_of_writes() || save_certificate.pending().get()
                        }
                        aria-busy=move || save_certificate.pending().get().to_string()
                    >
                        {save_label}
                    </button>
                </div>
                <p class="card__hint">{save_hint}</p>
                {move || out_of_writes().then(|| {
                    let method = mode.get().map(call_kind).map(CallKind::method).unwrap_or_default();
                    let wait = mode
                        .get()
                        .and_then(|mode| panel.next_free_at(call_kind(mode)))
                        .map(|free_at| format_wait(((free_at - panel.clock.get()).max(0) as u64).div_ceil(1000)));
                    view! {
                        <p class="notice notice--warning">
                            {format!("No {method} left in this window, so Save is off.")}
                            {wait.map(|wait| format!(" It is available again in {wait}."))}
                        </p>
                    }
                })}
            </form>
        </section>
    }
}

/// The rate-limited kind of call that a save sends.
fn call_kind(mode: SaveMode) -> CallKind {
    match mode {
        SaveMode::Create => CallKind::Create,
        SaveMode::Replace => CallKind::Replace,
    }
}

/// One radio button of the TLS type choice.
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
                on:change=move |_| draft.tls_type.set(value)
            />
            <label for=id>{value.as_str()}</label>
        </div>
    }
}
