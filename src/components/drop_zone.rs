//! The one drop zone for everything: any mix of certificate, chain, key and
//! client CA files, or pasted PEM text. The checks sort what it receives.

use leptos::prelude::*;
use tls_certs::DropSlot;

use crate::checked_material::CheckedMaterial;
use crate::components::draft_file_list::{DraftFileList, file_list_id};
use crate::components::file_picker::FilePicker;
use crate::components::problem_list::ProblemList;
use crate::draft::UploadDraft;
use crate::material::PASTED_TEXT_NAME;

/// Takes all the material at once and lets the checks sort it into slots.
#[component]
pub fn DropZone() -> impl IntoView {
    let draft = expect_context::<UploadDraft>();
    let checked = expect_context::<Memo<CheckedMaterial>>();
    let pasted_problems = move || checked.with(|checked| checked.problems_of(PASTED_TEXT_NAME));

    view! {
        <div class="drop-zone">
            <span class="slot__label">"Drop all files here"</span>
            <p class="slot__hint" id="drop-zone-hint">
                "Certificate, chain, private key and client CA, as separate files or one combined PEM. \
                 The panel reads their content, sorts them into the slots below and puts the server \
                 certificate first."
            </p>
            <FilePicker
                input_id="drop-zone-input".to_owned()
                label="Certificate and key files"
                described_by=format!("drop-zone-hint {}", file_list_id(None))
                multiple=true
                drop_slot=DropSlot::Any
                invalid=Signal::derive(|| false)
            />
            <DraftFileList target=None/>
            <div class="field">
                <label for="pasted-pem">"Or paste PEM text"</label>
                <textarea
                    id="pasted-pem"
                    class="drop-zone__paste"
                    rows="4"
                    spellcheck="false"
                    autocomplete="off"
                    placeholder="-----BEGIN CERTIFICATE-----"
                    prop:value=move || draft.pasted.get()
                    on:input=move |event| draft.set_pasted(event_target_value(&event))
                ></textarea>
                {move || view! { <ProblemList problems=pasted_problems()/> }}
            </div>
        </div>
    }
}
