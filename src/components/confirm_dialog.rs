//! A modal confirmation dialog on the native `<dialog>` element, which traps
//! focus, closes on Escape and returns focus to the opener.

use leptos::html::Dialog;
use leptos::prelude::*;

/// Asks the operator to confirm an action. The dialog is open while `open`
/// is true; Cancel, Escape and a confirmation all set it to false.
#[component]
pub fn ConfirmDialog(
    /// Prefix of the dialog's element ids, unique in the page.
    id: &'static str,
    open: RwSignal<bool>,
    /// Heading and accessible name of the dialog.
    #[prop(into)]
    title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    /// Text of the confirming button, such as "Delete".
    #[prop(into)]
    confirm_label: Signal<String>,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let heading_id = format!("{id}-heading");
    let body_id = format!("{id}-body");
    let (labelled_by, described_by) = (heading_id.clone(), body_id.clone());

    Effect::new(move |_| {
        let Some(element) = dialog.get() else { return };
        if open.get() {
            if !element.open() {
                // Focus goes to the first focusable element, Cancel, so that
                // Enter right after opening does not confirm by accident.
                let _ = element.show_modal();
            }
        } else if element.open() {
            element.close();
        }
    });

    view! {
        <dialog
            class="dialog"
            node_ref=dialog
            aria-labelledby=labelled_by
            aria-describedby=described_by
            on:close=move |_| open.set(false)
        >
            <h2 class="dialog__title" id=heading_id>{move || title.get()}</h2>
            <p class="dialog__body" id=body_id>{move || body.get()}</p>
            <div class="dialog__actions">
                <button type="button" class="button" on:click=move |_| open.set(false)>"Cancel"</button>
                <button
                    type="button"
                    class="button button--danger"
                    on:click=move |_| {
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {move || confirm_label.get()}
                </button>
            </div>
        </dialog>
    }
}
