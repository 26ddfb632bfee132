//! The connection section: the operator's API key and secret.

use leptos::prelude::*;
use web_sys::SubmitEvent;

use crate::credentials::Credentials;
use crate::state::Panel;

/// Asks for the API key and secret, or shows the connected key.
#[component]
pub fn ConnectionForm() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let (key, set_key) = signal(String::new());
    let (secret, set_secret) = signal(String::new());
    let (remember, set_remember) = signal(false);
    let (missing, set_missing) = signal(None::<&'static str>);

    let on_submit = move |event: SubmitEvent| {
        event.prevent_default();
        let (key_text, secret_text) = (
            key.get_untracked().trim().to_owned(),
            secret.get_untracked(),
        );
        if key_text.is_empty() || secret_text.is_empty() {
            set_missing.set(Some("Enter both the API key and the API secret."));
            return;
        }
        set_missing.set(None);
        panel.connect(
            Credentials {
                key: key_text,
                secret: secret_text,
            },
            remember.get_untracked(),
        );
        // The secret now lives in the client only.
        set_secret.set(String::new());
    };
    let problem = move || {
        missing
            .get()
            .map(str::to_owned)
            .or_else(|| panel.auth_problem.get())
    };

    let connected_status = NodeRef::<leptos::html::P>::new();
    Effect::new(move |_| {
        if let Some(element) = connected_status.get() {
            let _ = element.focus();
        }
    });

    view! {
        <section class="card" aria-labelledby="connection-heading">
            <h2 id="connection-heading">"Connection"</h2>
            {move || match panel.client.get() {
                Some(client) => view! {
                    <div class="connection__active">
                        // The form that had focus is gone, so focus moves here
                        // and a screen reader reads the new state.
                        <p tabindex="-1" node_ref=connected_status>
                            "Connected as " <strong>{client.key().to_owned()}</strong>
                        </p>
                        <button type="button" class="button" on:click=move |_| panel.disconnect()>"Disconnect"</button>
                    </div>
                }
                .into_any(),
                None => view! {
                    <form class="connection__form" on:submit=on_submit novalidate>
                        <div class="field">
                            <label for="api-key">"API key"</label>
                            <input id="api-key" type="text" autocomplete="username" spellcheck="false"
                                prop:value=key on:input=move |event| set_key.set(event_target_value(&event))/>
                        </div>
                        <div class="field">
                            <label for="api-secret">"API secret"</label>
                            <input id="api-secret" type="password" autocomplete="current-password"
                                prop:value=secret on:input=move |event| set_secret.set(event_target_value(&event))/>
                        </div>
                        <div class="field field--inline">
                            <input id="remember" type="checkbox" aria-describedby="remember-hint"
                                prop:checked=remember
                                on:change=move |event| set_remember.set(event_target_checked(&event))/>
                            <label for="remember">"Remember for this tab"</label>
                        </div>
                        <p class="card__hint" id="remember-hint">
                            "Unchecked, the key and secret stay in this page's memory only. Checked, they are \
                             kept in this tab's session storage until the tab closes. They are never saved \
                             anywhere else."
                        </p>
                        <p class="notice notice--error" role="alert">{problem}</p>
                        <button type="submit" class="button button--primary">"Connect"</button>
                    </form>
                }
                .into_any(),
            }}
        </section>
    }
}
