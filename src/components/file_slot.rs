//! One slot of the upload form: its files, and what the checks placed in it.

use leptos::prelude::*;

use crate::checked_material::CheckedMaterial;
use crate::components::draft_file_list::{DraftFileList, file_list_id};
use crate::components::file_picker::FilePicker;
use crate::draft::UploadDraft;
use crate::material::Slot;

/// Renders a drop area and picker for the slot `kind`, the files put on it,
/// and a one-line summary of what the checks placed in the slot.
#[component]
pub fn FileSlot(kind: Slot) -> impl IntoView {
    let draft = expect_context::<UploadDraft>();
    let checked = expect_context::<Memo<CheckedMaterial>>();
    let hint_id = format!("{}-hint", kind.id());
    let placed_id = format!("{}-placed", kind.id());
    let has_blocking_problem = Signal::derive(move || {
        let names: Vec<String> = draft
            .files_on(Some(kind))
            .into_iter()
            .map(|entry| entry.file.name)
            .collect();
        checked.with(|checked| {
            checked.0.problems.iter().any(|problem| {
                problem.is_blocking()
                    && problem
                        .source
                        .as_ref()
                        .is_some_and(|source| names.contains(source))
            })
        })
    });
    let placed = move || checked.with(|checked| placed_summary(kind, &checked.0));

    view! {
        <div class="slot">
            <span class="slot__label" id=format!("{}-label", kind.id())>{kind.label()}</span>
            <p class="slot__hint" id=hint_id.clone()>{kind.hint()}</p>
            <FilePicker
                input_id=format!("{}-input", kind.id())
                label=kind.label()
                described_by=format!("{hint_id} {} {placed_id}", file_list_id(Some(kind)))
                multiple=kind.takes_several_files()
                drop_slot=kind.drop_slot()
                invalid=has_blocking_problem
            />
            <DraftFileList target=Some(kind)/>
            <p class="slot__placed" id=placed_id aria-live="polite">{placed}</p>
        </div>
    }
}

/// Describes what the checks put in `kind`, such as "Will send 2
/// certificates, in this order: mqtt.example.test, then Example
/// Intermediate CA."
fn placed_summary(kind: Slot, analysis: &tls_certs::Analysis) -> String {
    // Until the material can be sent, the slot describes what it found, not
    // what it will send.
    let verb = if analysis.can_send() {
        "Will send"
    } else {
        "Found"
    };
    let names = |certificates: &[tls_certs::CertificatePreview]| {
        certificates
            .iter()
            .map(|certificate| common_name(&certificate.subject))
            .collect::<Vec<_>>()
            .join(", then ")
    };
    match kind {
        Slot::Certificate if !analysis.chain.is_empty() => {
            let count = analysis.chain.len();
            let noun = if count == 1 {
                "certificate"
            } else {
                "certificates"
            };
            format!(
                "{verb} {count} {noun}, in this order: {}.",
                names(&analysis.chain)
            )
        }
        Slot::Key => match &analysis.key {
            Some(key) => format!(
                "{verb} the {} key from {}{}.",
                key.algorithm,
                key.source,
                match key.matches_leaf {
                    Some(true) => ", which matches the server certificate",
                    Some(false) => ", which does not match the server certificate",
                    None => "",
                }
            ),
            None => String::new(),
        },
        Slot::ClientCa if !analysis.client_ca.is_empty() => {
            format!("{verb} as client CA: {}.", names(&analysis.client_ca))
        }
        _ => String::new(),
    }
}

/// Returns the common name of a subject written with the common name first,
/// or the whole subject when it has none.
pub fn common_name(subject: &str) -> String {
    subject
        .strip_prefix("CN=")
        .map(|rest| rest.split(", ").next().unwrap_or(rest).to_owned())
        .unwrap_or_else(|| subject.to_owned())
}
