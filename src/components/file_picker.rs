//! A drop area with a keyboard-reachable file picker. Files dropped on it
//! or chosen with it are read with `FileReader` and added to the draft.

use leptos::prelude::*;
use tls_certs::DropSlot;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Event, File, HtmlInputElement};

use crate::draft::UploadDraft;
use crate::file_read::{PendingRead, read_files};
use crate::state::Panel;

/// Renders a drop area for `drop_slot`. The native file input carries the
/// accessible name `label`, so keyboard and screen reader users reach the
/// picker directly. The visible button is its `<label>`.
#[component]
pub fn FilePicker(
    input_id: String,
    label: &'static str,
    /// Ids of the elements that describe the input.
    described_by: String,
    multiple: bool,
    drop_slot: DropSlot,
    #[prop(into)] invalid: Signal<bool>,
) -> impl IntoView {
    let draft = expect_context::<UploadDraft>();
    let panel = expect_context::<Panel>();
    let (dragging, set_dragging) = signal(false);
    let (read_errors, set_read_errors) = signal(Vec::<String>::new());
    let (notice, set_notice) = signal(None::<String>);
    // Reads in flight; a new drop aborts them, so a late result for
    // replaced files never lands.
    let pending = StoredValue::new_local(Vec::<PendingRead>::new());

    let accept = move |mut files: Vec<File>| {
        if files.is_empty() {
            return;
        }
        set_notice.set(None);
        if !multiple && files.len() > 1 {
            set_notice.set(Some(format!(
                "Only one file fits here, so {} was used. Drop several files on \"Drop all files here\" \
                 instead, and the panel sorts them.",
                files[0].name()
            )));
            files.truncate(1);
        }
        set_read_errors.set(Vec::new());
        pending.set_value(Vec::new());
        let reads = read_files(files, move |loaded, errors| {
            set_read_errors.set(errors);
            if !loaded.is_empty() {
                draft.add(loaded, drop_slot, panel.deployment_id.get_untracked());
            }
        });
        pending.set_value(reads);
    };

    let on_change = move |event: Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        accept(file_list(input.files()));
        // Clearing the input lets the operator choose the same file again.
        input.set_value("");
    };
    let on_drag_over = move |event: DragEvent| {
        event.prevent_default();
        set_dragging.set(true);
    };
    let on_drop = move |event: DragEvent| {
        event.prevent_default();
        set_dragging.set(false);
        accept(file_list(
            event.data_transfer().and_then(|transfer| transfer.files()),
        ));
    };
    let button_text = if multiple {
        "Choose files"
    } else {
        "Choose a file"
    };

    view! {
        <div
            class="picker"
            class:picker--dragging=dragging
            class:picker--invalid=move || invalid.get()
            on:dragenter=on_drag_over
            on:dragover=on_drag_over
            on:dragleave=move |_| set_dragging.set(false)
            on:drop=on_drop
        >
            <input
                class="picker__input"
                type="file"
                id=input_id.clone()
                multiple=multiple
                aria-label=label
                aria-describedby=described_by
                aria-invalid=move || invalid.get().to_string()
                on:change=on_change
            />
            <label class="button picker__button" for=input_id aria-hidden="true">{button_text}</label>
            <span class="picker__prompt" aria-hidden="true">"or drop here"</span>
            {move || notice.get().map(|text| view! { <p class="picker__notice">{text}</p> })}
            {move || {
                let errors = read_errors.get();
                (!errors.is_empty()).then(|| view! {
                    <ul class="picker__errors">
                        {errors.into_iter().map(|error| view! { <li>{error}</li> }).collect_view()}
                    </ul>
                })
            }}
        </div>
    }
}

fn file_list(files: Option<web_sys::FileList>) -> Vec<File> {
    let Some(files) = files else {
        return Vec::new();
    };
    (0..files.length())
        .filter_map(|index| files.get(index))
        .collect()
}
