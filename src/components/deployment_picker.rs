//! The deployment selector: a list from `GET /deployments`, and a field to
//! type an id when the list is refused or incomplete.

use std::time::Duration;

use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::budget::CallKind;
use crate::components::retry_countdown::no_calls_left;
use crate::deployment_id::check_deployment_id;
use crate::error_text::{Operation, describe};
use crate::state::Panel;

/// Time a selection must rest before the deployment opens.
const SELECTION_PAUSE: Duration = Duration::from_millis(600);

/// Lets the operator choose the deployment to manage.
#[component]
pub fn DeploymentPicker() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let (typed_id, set_typed_id) = signal(String::new());
    let (id_problem, set_id_problem) = signal(None::<String>);

    let on_open = move |event: SubmitEvent| {
        event.prevent_default();
        match check_deployment_id(&typed_id.get_untracked()) {
            Ok(deployment_id) => {
                set_id_problem.set(None);
                panel.select_deployment(Some(deployment_id));
            }
            Err(problem) => set_id_problem.set(Some(problem.message())),
        }
    };
    let connected = move || panel.client.with(Option::is_some);
    // Arrow keys on a closed select fire a change for every option passed,
    // and each chosen deployment costs a status read, so a choice counts
    // only once the selection rests for a moment.
    let selection_count = StoredValue::new(0_u64);
    let choose_after_pause = move |value: String| {
        selection_count.update_value(|count| *count += 1);
        let this_selection = selection_count.get_value();
        set_timeout(
            move || {
                if selection_count.get_value() == this_selection {
                    panel.select_deployment((!value.is_empty()).then_some(value));
                }
            },
            SELECTION_PAUSE,
        );
    };

    // Reload list stays focusable while unavailable (aria-disabled, not
    // disabled), so a keyboard user reaches it and hears why it is off.
    let no_reads_left = move || panel.remaining(CallKind::Read) == Some(0);
    let reload_unavailable =
        move || !connected() || panel.deployments_loading.get() || no_reads_left();
    let reload_hint = move || {
        no_reads_left().then(|| {
            no_calls_left(
                "GET",
                "Reload list",
                panel.seconds_until_free(CallKind::Read),
            )
        })
    };

    view! {
        <section class="card" aria-labelledby="deployment-heading">
            <h2 id="deployment-heading">"Deployment"</h2>
            {move || match panel.deployments.get() {
                None if panel.deployments_loading.get() => view! { <p>"Loading deployments…"</p> }.into_any(),
                None if !connected() => view! { <p>"Connect to list your deployments."</p> }.into_any(),
                None => ().into_any(),
                Some(Err(error)) => view! {
                    <p class="notice notice--error" role="alert">{describe(&error, Operation::ListDeployments, &panel.ledger.limits())}</p>
                }
                .into_any(),
                Some(Ok(list)) => {
                    let empty = list.is_empty();
                    view! {
                        <div class="field">
                            <label for="deployment-select">"Deployment"</label>
                            <select
                                id="deployment-select"
                                prop:value=move || panel.deployment_id.get().unwrap_or_default()
                                on:change=move |event| {
                                    let value = event_target_value(&event);
                                    choose_after_pause(value);
                                }
                            >
                                <option value="">"Choose a deployment"</option>
                                {list
                                    .into_iter()
                                    .map(|deployment| {
                                        let label = deployment.option_label();
                                        view! { <option value=deployment.deployment_id>{label}</option> }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        {empty.then(|| view! {
                            <p class="card__hint">
                                "This key sees no deployments. It may be limited to some projects; type the ID below."
                            </p>
                        })}
                    }
                    .into_any()
                }
            }}
            <div class="card__actions">
                <button
                    type="button"
                    class="button"
                    aria-describedby="reload-hint"
                    aria-disabled=move || reload_unavailable().to_string()
                    on:click=move |_| {
                        if !untrack(reload_unavailable) {
                            panel.load_deployments();
                        }
                    }
                >
                    "Reload list"
                </button>
            </div>
            {move || reload_hint().map(|text| view! { <p class="card__hint" id="reload-hint">{text}</p> })}
            <form class="deployment-id" on:submit=on_open novalidate>
                <div class="field">
                    <label for="deployment-id">"Deployment ID"</label>
                    <input
                        id="deployment-id"
                        type="text"
                        spellcheck="false"
                        autocomplete="off"
                        placeholder="ge6a1a75"
                        aria-describedby="deployment-id-hint deployment-id-problem"
                        aria-invalid=move || if id_problem.with(Option::is_some) { "true" } else { "false" }
                        prop:value=typed_id
                        on:input=move |event| set_typed_id.set(event_target_value(&event))
                    />
                </div>
                <p class="card__hint" id="deployment-id-hint">
                    "Not in the list? Type its ID, such as ge6a1a75. The ID is not the deployment's name."
                </p>
                <p class="notice notice--error" id="deployment-id-problem" role="alert">{id_problem}</p>
                <button type="submit" class="button">"Open"</button>
            </form>
        </section>
    }
}
