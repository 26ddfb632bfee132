//! The page's polite live region, which announces successes and progress.
//! Errors use `role="alert"` next to the control they concern instead.

use leptos::prelude::*;

use crate::state::Panel;

/// Renders a visible status line that screen readers announce when it changes.
#[component]
pub fn LiveRegion() -> impl IntoView {
    let panel = expect_context::<Panel>();
    view! {
        <div class="live-region" role="status" aria-live="polite" aria-atomic="true">
            {move || panel.announcement.get()}
        </div>
    }
}
