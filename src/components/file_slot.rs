//! One slot of the upload form: a drop zone with a keyboard-reachable file
//! picker, showing the loaded file's name and size.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{DragEvent, Event, File, HtmlInputElement};

use crate::draft::UploadDraft;
use crate::file_read::{PendingRead, read_file};
use crate::upload_payload::Slot;

/// A drop zone and file picker for the slot `kind`. `problem` is a message about the
/// slot's content from the form's own checks.
#[component]
pub fn FileSlot(kind: Slot, #[prop(into)] problem: Signal<Option<String>>) -> impl IntoView {
    let draft = expect_context::<UploadDraft>();
    let file = draft.file(kind);
    let (dragging, set_dragging) = signal(false);
    let (read_error, set_read_error) = signal(None::<String>);
    let (notice, set_notice) = signal(None::<String>);
    // The read in flight; replacing it aborts the previous one.
    let pending = StoredValue::new_local(None::<PendingRead>);
    let input_id = format!("{}-input", kind.id());
    let hint_id = format!("{}-hint", kind.id());
    let message_id = format!("{}-message", kind.id());

    let accept_files = move |files: Vec<File>| {
        let Some(first) = files.first() else { return };
        set_notice.set((files.len() > 1).then(|| {
            format!(
                "Only one file fits here, so {} was used and the others were ignored.",
                first.name()
            )
        }));
        set_read_error.set(None);
        let read = read_file(first, move |result| match result {
            Ok(loaded) => file.set(Some(loaded)),
            Err(message) => set_read_error.set(Some(message)),
        });
        pending.set_value(read);
    };

    let on_change = move |event: Event| {
        let Some(input) = event
            .target()
            .and_then(|target| target.dyn_into::<HtmlInputElement>().ok())
        else {
            return;
        };
        accept_files(file_list(input.files()));
        // Clearing the input lets the operator pick the same file again.
        input.set_value("");
    };
    let on_drag_over = move |event: DragEvent| {
        event.prevent_default();
        set_dragging.set(true);
    };
    let on_drop = move |event: DragEvent| {
        event.prevent_default();
        set_dragging.set(false);
        accept_files(file_list(
            event.data_transfer().and_then(|transfer| transfer.files()),
        ));
    };
    let remove = move |_| {
        pending.set_value(None);
        file.set(None);
        set_read_error.set(None);
        set_notice.set(None);
    };
    let message = move || read_error.get().or_else(|| problem.get());

    view! {
        <div class="slot" class:slot--dragging=dragging class:slot--invalid=move || message().is_some()>
            <label class="slot__label" for=input_id.clone()>{kind.label()}</label>
            <p class="slot__hint" id=hint_id.clone()>{kind.hint()}</p>
            <div
                class="slot__zone"
                on:dragenter=on_drag_over
                on:dragover=on_drag_over
                on:dragleave=move |_| set_dragging.set(false)
                on:drop=on_drop
            >
                <input
                    class="slot__input"
                    type="file"
                    id=input_id
                    aria-label=kind.label()
                    aria-describedby=format!("{hint_id} {message_id}")
                    aria-invalid=move || if message().is_some() { "true" } else { "false" }
                    on:change=on_change
                />
                <span class="slot__prompt" aria-hidden="true">"Drop the file here, or use the picker."</span>
            </div>
            <div class="slot__status">
                {move || file.get().map(|loaded| view! {
                    <p class="slot__file">
                        <span class="slot__file-name">{loaded.summary()}</span>
                        <button type="button" class="button button--quiet" on:click=remove
                            aria-label=format!("Remove {}", loaded.name)>"Remove"</button>
                    </p>
                })}
                {move || notice.get().map(|text| view! { <p class="slot__notice">{text}</p> })}
                <p class="slot__message" id=message_id>{message}</p>
            </div>
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
