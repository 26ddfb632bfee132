//! The request budget: calls of each kind left in the current window, as
//! counted by the panel in every tab, and when the next one frees up.

use leptos::prelude::*;

use crate::budget::CallKind;
use crate::components::retry_countdown::format_wait;
use crate::state::Panel;

/// Shows reads and writes left for the connected key.
#[component]
pub fn BudgetMeter() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let window_minutes = move || panel.ledger.limits().window_ms / 60_000;

    view! {
        <section class="card budget" aria-labelledby="budget-heading">
            <h2 id="budget-heading">"Request budget"</h2>
            <p class="card__hint">
                {move || format!(
                    "Calls left in the last {} minutes, counted by this panel across its tabs. Calls made \
                     with the same key elsewhere are not counted.",
                    window_minutes()
                )}
            </p>
            <dl class="budget__list">
                {CallKind::ALL.into_iter().map(|kind| view! { <BudgetLine kind/> }).collect_view()}
            </dl>
        </section>
    }
}

/// Renders one kind of call: calls left, the limit, and when the next frees up.
#[component]
fn BudgetLine(kind: CallKind) -> impl IntoView {
    let panel = expect_context::<Panel>();
    let name = match kind {
        CallKind::Read => "Reads (GET)",
        CallKind::Create => "Creates (POST)",
        CallKind::Replace => "Replaces (PUT)",
        CallKind::Delete => "Deletes (DELETE)",
    };
    let text = move || {
        let limit = panel.ledger.limits().limit_of(kind);
        let Some(left) = panel.remaining(kind) else {
            return String::new();
        };
        let mut text = format!("{left} of {limit} left");
        if let Some(seconds) = panel.seconds_until_free(kind) {
            text.push_str(&format!(", next frees up in {}", format_wait(seconds)));
        }
        text
    };
    let exhausted = move || panel.remaining(kind) == Some(0);

    view! {
        <dt>{name}</dt>
        <dd class:budget__empty=exhausted>{text}</dd>
    }
}
