//! Component tests in a real browser: files dropped as real `File` objects
//! go through `FileReader` and the certificate checks, and the platform's
//! 422 and 429 responses render inline. The platform is played by a
//! replacement of `window.fetch`, so the panel's own API client, error
//! mapping and rendering all run.

use std::time::Duration;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use tls_panel::api::{ApiClient, ApiError, CertificateState, TlsStatus};
use tls_panel::budget::{CallKind, Limits};
use tls_panel::components::deployment_picker::DeploymentPicker;
use tls_panel::components::status_card::StatusCard;
use tls_panel::components::upload_form::UploadForm;
use tls_panel::config::PanelConfig;
use tls_panel::credentials::Credentials;
use tls_panel::draft::UploadDraft;
use tls_panel::state::Panel;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{
    DataTransfer, DragEvent, DragEventInit, File, FilePropertyBag, HtmlButtonElement, HtmlElement,
    HtmlInputElement,
};

wasm_bindgen_test_configure!(run_in_browser);

// Throwaway material made by tests/fixtures/make-fixtures.sh, valid until 2126.
const SERVER_PEM: &str = include_str!("fixtures/server.pem");
const SERVER_RENEWED_PEM: &str = include_str!("fixtures/server-renewed.pem");
const INTERMEDIATE_PEM: &str = include_str!("fixtures/intermediate.pem");
const SERVER_KEY: &str = include_str!("fixtures/server.key");
const OTHER_KEY: &str = include_str!("fixtures/other.key");
const CLIENT_CA_PEM: &str = include_str!("fixtures/client-ca.pem");
const OTHER_CA_PEM: &str = include_str!("fixtures/other-ca.pem");
const ROOT_PEM: &str = include_str!("fixtures/root.pem");

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Mounts `view` into a fresh container and returns the container.
fn mount_in_container<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> HtmlElement {
    let container: HtmlElement = document().create_element("div").unwrap().unchecked_into();
    document().body().unwrap().append_child(&container).unwrap();
    leptos::mount::mount_to(container.clone(), view).forget();
    container
}

fn make_file(name: &str, text: &str) -> File {
    let parts = js_sys::Array::of1(&js_sys::JsString::from(text));
    let options = FilePropertyBag::new();
    options.set_type("application/x-pem-file");
    File::new_with_str_sequence_and_options(&parts, name, &options).unwrap()
}

fn find(container: &HtmlElement, selector: &str) -> HtmlElement {
    container
        .query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

/// Drops `files` on the element, as a browser does for a drag from the desktop.
fn drop_files(target: &HtmlElement, files: &[File]) {
    let transfer = DataTransfer::new().unwrap();
    for file in files {
        transfer.items().add_with_file(file).unwrap();
    }
    let init = DragEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    init.set_data_transfer(Some(&transfer));
    let event = DragEvent::new_with_event_init_dict("drop", &init).unwrap();
    target.dispatch_event(&event).unwrap();
}

/// Waits up to three seconds for `condition`, checking every 20 ms.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..150 {
        if condition() {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// Replaces `window.fetch` with a function that responds to every request with
/// `status`, `body` and `headers` (a JS object literal).
fn answer_fetch_with(status: u16, body: &str, headers: &str) {
    let source = format!(
        "window.fetch = () => Promise.resolve(new Response({body:?}, {{ status: {status}, headers: {headers} }}));"
    );
    js_sys::eval(&source).unwrap();
}

/// Replaces `window.fetch` with a function that counts its calls and returns
/// a 500 response to each.
fn count_fetches() {
    js_sys::eval(
        "window.__fetchCount = 0; window.fetch = () => { window.__fetchCount += 1; \
         return Promise.resolve(new Response('{}', { status: 500 })); };",
    )
    .unwrap();
}

/// Returns how many times `window.fetch` was called since `count_fetches`.
fn fetch_count() -> Option<f64> {
    js_sys::eval("window.__fetchCount").unwrap().as_f64()
}

/// Returns a panel connected with `key`. Each test uses its own key, because the
/// rate-limit ledger in localStorage outlives a test.
fn connected_panel(key: &str) -> Panel {
    let panel = Panel::new();
    let credentials = Credentials {
        key: key.into(),
        secret: "component-secret".into(),
    };
    panel.client.set(Some(ApiClient::new(
        &PanelConfig::default(),
        credentials,
        panel.ledger,
    )));
    panel.deployment_id.set(Some("b1f77113".into()));
    panel.certificate.set(Some(Ok(CertificateState::Missing)));
    panel
}

/// Mounts the upload form of a connected deployment that has no certificate.
fn mount_form(key: &str) -> (HtmlElement, UploadDraft) {
    mount_form_for(connected_panel(key))
}

/// Mounts the upload form with `panel` and a new, empty draft.
fn mount_form_for(panel: Panel) -> (HtmlElement, UploadDraft) {
    let draft = UploadDraft::new();
    let container = mount_in_container(move || {
        provide_context(panel);
        provide_context(draft);
        view! { <UploadForm/> }
    });
    (container, draft)
}

fn text_of(container: &HtmlElement) -> String {
    container.text_content().unwrap_or_default()
}

fn save_button(container: &HtmlElement) -> HtmlButtonElement {
    find(container, "button[type='submit']").unchecked_into()
}

/// Returns whether Save is marked unavailable. It uses `aria-disabled` in place of
/// `disabled`, so that it stays in the Tab order.
fn save_unavailable(container: &HtmlElement) -> bool {
    save_button(container)
        .get_attribute("aria-disabled")
        .as_deref()
        == Some("true")
}

#[wasm_bindgen_test]
fn rejected_credentials_end_the_session_in_the_status_line() {
    let panel = connected_panel("key-for-401");
    panel.announce("Connected as key-for-401.");
    panel.note_error(&ApiError::Unauthorized);
    assert!(
        panel.client.with_untracked(Option::is_none),
        "the session ends"
    );
    assert_eq!(
        panel.announcement.get_untracked(),
        "Not connected: authentication failed. Enter the API key and secret again."
    );
}

#[wasm_bindgen_test]
async fn read_with_no_budget_left_is_not_sent() {
    let panel = connected_panel("key-for-spent-reads");
    panel.ledger.set_limits(Limits {
        read_limit: 1,
        ..Limits::default()
    });
    let client = panel.client.get_untracked().unwrap();
    panel.ledger.record(client.key_id(), CallKind::Read);
    count_fetches();

    let result = client.certificate("b1f77113").await;

    assert_eq!(fetch_count(), Some(0.0), "nothing reaches the platform");
    let Err(ApiError::RateLimited {
        retry_after_seconds: Some(seconds),
        not_sent: true,
        ..
    }) = result
    else {
        panic!("expected a request stopped by the panel's count, got {result:?}");
    };
    let window_seconds = (Limits::default().window_ms / 1000) as u64;
    assert!(
        seconds <= window_seconds && seconds + 5 >= window_seconds,
        "the read frees up when the recorded one leaves the window, not in {seconds} s"
    );
}

#[wasm_bindgen_test]
async fn form_follows_live_tls_type_until_picked() {
    let panel = connected_panel("key-for-live-type");
    let live = |tls_type: &str| {
        Some(Ok(CertificateState::Present(TlsStatus {
            tls_type: Some(tls_type.into()),
            ..TlsStatus::default()
        })))
    };
    panel.certificate.set(live("two-way"));
    let (container, _draft) = mount_form_for(panel);
    let radio = |value: &str| -> HtmlInputElement {
        find(
            &container,
            &format!("input[name='tls-type'][value='{value}']"),
        )
        .unchecked_into()
    };
    wait_until("the live two-way type", || radio("two-way").checked()).await;

    radio("one-way").click();
    assert!(radio("one-way").checked());
    panel.certificate.set(live("two-way"));
    TimeoutFuture::new(50).await;
    assert!(
        radio("one-way").checked(),
        "the operator's pick stays when another live status arrives"
    );
}

#[wasm_bindgen_test]
async fn same_file_on_two_slots_keeps_notes_apart() {
    let (container, draft) = mount_form("key-for-same-name");
    drop_files(
        &find(&container, "input[aria-label='Private key']"),
        &[make_file("server.key", SERVER_KEY)],
    );
    drop_files(
        &find(&container, "input[aria-label='Certificate chain']"),
        &[make_file("server.key", SERVER_KEY)],
    );
    wait_until("both files to load", move || {
        draft.files.with_untracked(|files| files.len() == 2)
    })
    .await;

    let shown = text_of(&container);
    assert!(shown.contains("server.key (2)"), "form shows: {shown}");
    assert_eq!(
        shown.matches("so the copy was dropped").count(),
        1,
        "the duplicate note is listed once, under the copy: {shown}"
    );
    find(&container, "button[aria-label='Remove server.key (2)']");
}

#[wasm_bindgen_test]
async fn dropped_file_is_read_into_slot() {
    let (container, draft) = mount_form("key-for-slot-drop");
    let input = find(&container, "input[aria-label='Certificate chain']");

    drop_files(&input, &[make_file("server-chain.pem", SERVER_PEM)]);

    wait_until("the slot to hold the file", move || {
        draft.files.with_untracked(|files| !files.is_empty())
    })
    .await;
    let files = draft.files.get_untracked();
    assert_eq!(files[0].file.name, "server-chain.pem");
    assert_eq!(files[0].file.bytes, SERVER_PEM.as_bytes());
    let summary = format!(
        "server-chain.pem, {:.1} KB",
        SERVER_PEM.len() as f64 / 1000.0
    );
    assert!(
        text_of(&container).contains(&summary),
        "form shows: {}",
        text_of(&container)
    );
}

#[wasm_bindgen_test]
async fn mixed_drop_is_sorted_into_slots_and_previewed() {
    let (container, draft) = mount_form("key-for-mixed-drop");
    let zone = find(&container, "input[aria-label='Certificate and key files']");

    // The intermediate comes first and the key is mixed in, as operators drop them.
    drop_files(
        &zone,
        &[
            make_file("intermediate.pem", INTERMEDIATE_PEM),
            make_file("server.key", SERVER_KEY),
            make_file("server.pem", SERVER_PEM),
        ],
    );

    wait_until("three files to load", move || {
        draft.files.with_untracked(|files| files.len() == 3)
    })
    .await;
    let chain_summary = find(&container, "#slot-certificate-placed")
        .text_content()
        .unwrap_or_default();
    assert_eq!(
        chain_summary,
        "Will send 2 certificates, in this order: mqtt.fixture.test, then Fixture Intermediate CA."
    );
    let key_summary = find(&container, "#slot-key-placed")
        .text_content()
        .unwrap_or_default();
    assert_eq!(
        key_summary,
        "Will send the RSA 2048 key from server.key, which matches the server certificate."
    );
    let preview = find(&container, "section[aria-labelledby='preview-heading']")
        .text_content()
        .unwrap_or_default();
    assert!(
        preview.contains("Server certificate from server.pem"),
        "preview: {preview}"
    );
    assert!(
        preview.contains("Intermediate CA from intermediate.pem"),
        "preview: {preview}"
    );
    assert!(
        preview.contains("DNS") || preview.contains("mqtt.fixture.test"),
        "preview: {preview}"
    );
    assert!(preview.contains("SHA-256"), "preview: {preview}");
    assert!(
        !save_unavailable(&container),
        "valid material must enable Save"
    );
}

#[wasm_bindgen_test]
async fn mismatched_key_blocks_save_before_any_request() {
    answer_fetch_with(500, "fetch must not be called", "{}");
    let (container, draft) = mount_form("key-for-mismatch");
    let zone = find(&container, "input[aria-label='Certificate and key files']");

    drop_files(
        &zone,
        &[
            make_file("server.pem", SERVER_PEM),
            make_file("other.key", OTHER_KEY),
        ],
    );

    wait_until("two files to load", move || {
        draft.files.with_untracked(|files| files.len() == 2)
    })
    .await;
    let shown = text_of(&container);
    assert!(
        shown.contains("does not match the server certificate"),
        "form shows: {shown}"
    );
    assert!(shown.contains("Blocks saving"), "form shows: {shown}");
    assert!(
        save_unavailable(&container),
        "a mismatched key must disable Save"
    );

    let save = save_button(&container);
    assert!(
        !save.has_attribute("disabled"),
        "Save stays in the Tab order"
    );
    count_fetches();
    save.focus().unwrap();
    save.click();
    TimeoutFuture::new(200).await;
    assert_eq!(
        fetch_count(),
        Some(0.0),
        "an unavailable Save sends nothing"
    );
}

#[wasm_bindgen_test]
async fn key_slot_keeps_first_of_several_files() {
    let (container, draft) = mount_form("key-for-key-slot");
    let input = find(&container, "input[aria-label='Private key']");

    drop_files(
        &input,
        &[
            make_file("first.key", SERVER_KEY),
            make_file("second.key", OTHER_KEY),
        ],
    );

    wait_until("the slot to hold the file", move || {
        draft.files.with_untracked(|files| !files.is_empty())
    })
    .await;
    let files = draft.files.get_untracked();
    assert_eq!(files.len(), 1);
    assert_eq!(files[0].file.name, "first.key");
    assert!(
        text_of(&container).contains("first.key was used"),
        "form shows: {}",
        text_of(&container)
    );
}

/// Drops a chain and its key on their slots and waits until both are read.
async fn load_valid_material(container: &HtmlElement, draft: UploadDraft) {
    drop_files(
        &find(container, "input[aria-label='Certificate chain']"),
        &[make_file(
            "chain.pem",
            &format!("{SERVER_PEM}{INTERMEDIATE_PEM}"),
        )],
    );
    drop_files(
        &find(container, "input[aria-label='Private key']"),
        &[make_file("server.key", SERVER_KEY)],
    );
    wait_until("both files to load", move || {
        draft.files.with_untracked(|files| files.len() == 2)
    })
    .await;
}

/// Mounts the upload form for a connected deployment with valid material
/// loaded, and submits it.
async fn submit_loaded_form(key: &str) -> (HtmlElement, UploadDraft) {
    let (container, draft) = mount_form(key);
    load_valid_material(&container, draft).await;

    let save = save_button(&container);
    assert_eq!(save.text_content().as_deref(), Some("Create certificate"));
    wait_until("Save to be enabled", || !save_unavailable(&container)).await;
    save.click();
    (container, draft)
}

#[wasm_bindgen_test]
async fn rejection_message_renders_inline_and_files_stay() {
    answer_fetch_with(
        422,
        r#"{"message":"deployment is stopped; start it first"}"#,
        "{}",
    );
    let (container, draft) = submit_loaded_form("key-for-422").await;

    let alert = find(&container, "[role='alert']");
    wait_until("the inline 422 message", || {
        !alert.text_content().unwrap_or_default().is_empty()
    })
    .await;
    let text = alert.text_content().unwrap();
    assert!(
        text.starts_with(
            "The platform rejected the certificate: deployment is stopped; start it first. Nothing was changed."
        ),
        "alert reads: {text}"
    );
    assert_eq!(
        draft.files.get_untracked().len(),
        2,
        "the files must stay after a 422"
    );
}

#[wasm_bindgen_test]
async fn rate_limit_renders_inline_with_retry_time() {
    answer_fetch_with(
        429,
        r#"{"message":"rate limited"}"#,
        "{ 'Retry-After': '90' }",
    );
    let (container, draft) = submit_loaded_form("key-for-429").await;

    let alert = find(&container, "[role='alert']");
    wait_until("the inline 429 message", || {
        !alert.text_content().unwrap_or_default().is_empty()
    })
    .await;
    let text = alert.text_content().unwrap();
    assert!(text.contains("Too many requests"), "alert reads: {text}");
    assert!(
        text.contains("The next try is allowed at ") && text.ends_with(" UTC."),
        "the alert says when in fixed words: {text}"
    );
    let countdown = find(&container, "[role='timer']");
    assert!(
        !alert.contains(Some(&countdown)),
        "the ticking countdown must stay outside the alert"
    );
    let first_tick = countdown.text_content().unwrap();
    assert!(
        first_tick == "Try again in 1:30." || first_tick == "Try again in 1:29.",
        "countdown reads: {first_tick}"
    );
    assert_eq!(
        draft.files.get_untracked().len(),
        2,
        "the files must stay after a 429"
    );
    assert!(
        save_unavailable(&container),
        "Save must stay off until the wait ends"
    );
    let stored = web_sys::window().unwrap().local_storage().unwrap().unwrap();
    let ledger_text = stored
        .get_item("tls-panel.ledger")
        .unwrap()
        .unwrap_or_default();
    assert!(
        ledger_text.contains("POST"),
        "the ledger holds the call: {ledger_text}"
    );
    assert!(
        !ledger_text.contains("key-for-429"),
        "the ledger must not hold the key"
    );
    assert!(
        !ledger_text.contains("component-secret"),
        "the ledger must not hold the secret"
    );

    // The countdown moves on by itself, and the alert does not change.
    gloo_timers::future::sleep(Duration::from_millis(2100)).await;
    assert_ne!(
        countdown.text_content().unwrap(),
        first_tick,
        "the countdown did not move"
    );
    assert_eq!(
        alert.text_content().unwrap(),
        text,
        "the alert changed, so a screen reader would read it again"
    );
}

#[wasm_bindgen_test]
async fn successful_save_clears_form() {
    answer_fetch_with(
        200,
        r#"{"tlsType":"one-way","expire":"2126-11-10 20:17:34","status":"pending"}"#,
        "{ 'Content-Type': 'application/json' }",
    );
    let (container, draft) = submit_loaded_form("key-for-success").await;

    wait_until("the files to leave the form", move || {
        draft.files.with_untracked(Vec::is_empty)
    })
    .await;
    assert!(
        draft.pasted.get_untracked().is_empty(),
        "no pasted text stays"
    );
    let form_text = text_of(&container);
    assert!(
        form_text.contains("The form was cleared, so the private key is no longer in this page."),
        "form shows: {form_text}"
    );
    assert!(
        !form_text.contains("Blocks saving"),
        "an empty form after a save lists no problems: {form_text}"
    );
    assert!(
        !form_text.contains("What will be sent"),
        "no preview of the sent files stays: {form_text}"
    );
}

#[wasm_bindgen_test]
async fn unclear_ca_moves_to_client_ca() {
    let (container, draft) = mount_form("key-for-unclear-ca");
    find(&container, "#tls-type-two-way").click();
    wait_until("the client CA slot", || {
        container
            .query_selector("input[aria-label='Client CA certificate']")
            .ok()
            .flatten()
            .is_some()
    })
    .await;
    drop_files(
        &find(&container, "input[aria-label='Client CA certificate']"),
        &[make_file("client-ca.pem", CLIENT_CA_PEM)],
    );
    drop_files(
        &find(&container, "input[aria-label='Certificate and key files']"),
        &[
            make_file("server.pem", SERVER_PEM),
            make_file("intermediate.pem", INTERMEDIATE_PEM),
            make_file("server.key", SERVER_KEY),
            make_file("other-ca.pem", OTHER_CA_PEM),
        ],
    );
    wait_until("five files to load", move || {
        draft.files.with_untracked(|files| files.len() == 5)
    })
    .await;
    assert!(
        save_unavailable(&container),
        "an unclear CA must block Save"
    );

    find(
        &container,
        "button[aria-label='Use other-ca.pem as the client CA']",
    )
    .click();

    wait_until("Save to be enabled", || !save_unavailable(&container)).await;
    let client_ca = find(&container, "#slot-client-ca-placed")
        .text_content()
        .unwrap_or_default();
    assert!(
        client_ca.contains("Fixture Client CA"),
        "client CA slot: {client_ca}"
    );
    assert!(
        client_ca.contains("Fixture Other CA"),
        "client CA slot: {client_ca}"
    );
}

#[wasm_bindgen_test]
async fn files_carried_to_another_deployment_are_flagged() {
    let panel = connected_panel("key-for-carry-over");
    let (container, draft) = mount_form_for(panel);
    drop_files(
        &find(&container, "input[aria-label='Certificate chain']"),
        &[make_file("server.pem", SERVER_PEM)],
    );
    wait_until("the file to load", move || {
        draft.files.with_untracked(|files| files.len() == 1)
    })
    .await;
    assert!(
        !text_of(&container).contains("were added while deployment"),
        "no warning for the same deployment"
    );

    panel.deployment_id.set(Some("ge6a1a75".into()));

    wait_until("the carry-over warning", || {
        text_of(&container).contains("were added while deployment b1f77113")
    })
    .await;
    assert!(
        text_of(&container).contains("Check that they belong to ge6a1a75"),
        "form shows: {}",
        text_of(&container)
    );
}

#[wasm_bindgen_test]
async fn carried_over_files_need_confirmation_before_create() {
    let panel = connected_panel("key-for-carry-confirm");
    let (container, draft) = mount_form_for(panel);
    load_valid_material(&container, draft).await;
    count_fetches();

    panel.deployment_id.set(Some("ge6a1a75".into()));
    wait_until("Save to be enabled", || !save_unavailable(&container)).await;
    save_button(&container).click();

    let dialog: web_sys::HtmlDialogElement = find(&container, "dialog").unchecked_into();
    wait_until("the confirmation dialog to open", || dialog.open()).await;
    let heading = find(&container, "dialog h2")
        .text_content()
        .unwrap_or_default();
    assert_eq!(heading, "Create the certificate with these files?");
    let body = find(&container, "dialog p")
        .text_content()
        .unwrap_or_default();
    assert!(
        body.contains("added while deployment b1f77113"),
        "dialog says: {body}"
    );
    assert!(
        body.contains("saved to deployment ge6a1a75"),
        "dialog says: {body}"
    );
    assert_eq!(
        fetch_count(),
        Some(0.0),
        "nothing is sent before the confirmation"
    );

    let cancel = dialog
        .query_selector_all("button")
        .unwrap()
        .item(0)
        .unwrap()
        .unchecked_into::<HtmlElement>();
    assert_eq!(cancel.text_content().as_deref(), Some("Cancel"));
    cancel.click();
    wait_until("the dialog to close", || !dialog.open()).await;
    assert_eq!(fetch_count(), Some(0.0), "Cancel sends nothing");
    assert_eq!(draft.files.with_untracked(Vec::len), 2, "the files stay");
}

/// Returns the fieldset whose legend is `legend`, as a screen reader user
/// finds a group by its name.
fn fieldset_by_legend(container: &HtmlElement, legend: &str) -> Option<HtmlElement> {
    let fieldsets = container.query_selector_all("fieldset").unwrap();
    (0..fieldsets.length())
        .filter_map(|index| fieldsets.item(index))
        .map(|node| node.unchecked_into::<HtmlElement>())
        .find(|fieldset| {
            fieldset
                .query_selector("legend")
                .unwrap()
                .and_then(|found| found.text_content())
                .as_deref()
                == Some(legend)
        })
}

/// Returns the radio buttons in `group` with the text of their labels.
fn radios_with_labels(group: &HtmlElement) -> Vec<(HtmlInputElement, String)> {
    let inputs = group.query_selector_all("input[type='radio']").unwrap();
    (0..inputs.length())
        .filter_map(|index| inputs.item(index))
        .map(|node| {
            let input: HtmlInputElement = node.unchecked_into();
            let label = group
                .query_selector(&format!("label[for='{}']", input.id()))
                .unwrap()
                .and_then(|label| label.text_content())
                .unwrap_or_default();
            (input, label)
        })
        .collect()
}

#[wasm_bindgen_test]
async fn renewed_leaf_is_chosen_in_radio_group() {
    const QUESTION: &str = "Which certificate is the server certificate?";
    let panel = connected_panel("key-for-leaf-choice");
    let (container, draft) = mount_form_for(panel);
    drop_files(
        &find(&container, "input[aria-label='Certificate and key files']"),
        &[
            make_file("server.pem", SERVER_PEM),
            make_file("server-renewed.pem", SERVER_RENEWED_PEM),
            make_file("intermediate.pem", INTERMEDIATE_PEM),
            make_file("server.key", SERVER_KEY),
        ],
    );
    wait_until("the question to appear", || {
        fieldset_by_legend(&container, QUESTION).is_some()
    })
    .await;
    assert!(
        save_unavailable(&container),
        "an open question must block Save"
    );
    assert!(
        panel
            .announcement
            .get_untracked()
            .contains("Several certificates could be the server certificate"),
        "announced: {}",
        panel.announcement.get_untracked()
    );

    let group = fieldset_by_legend(&container, QUESTION).unwrap();
    let radios = radios_with_labels(&group);
    assert_eq!(radios.len(), 2, "group: {:?}", group.text_content());
    // One name makes the buttons one group, which the arrow keys move through.
    assert!(
        radios
            .iter()
            .all(|(input, _)| input.name() == "leaf-choice")
    );
    assert!(radios.iter().all(|(input, _)| !input.checked()));
    for (_, label) in &radios {
        assert!(label.contains("CN=mqtt.fixture.test"), "label: {label}");
        assert!(label.contains("for mqtt.fixture.test"), "label: {label}");
        assert!(label.contains("SHA-256 "), "label: {label}");
    }
    let (renewed, renewed_label) = radios
        .iter()
        .find(|(_, label)| label.ends_with("from server-renewed.pem"))
        .cloned()
        .expect("an option for server-renewed.pem");
    assert!(
        renewed_label.contains("expires 2127-"),
        "label: {renewed_label}"
    );

    let shown = text_of(&container);
    assert!(
        shown.contains("is compared with the server certificate once you choose it"),
        "the key line points to the open question: {shown}"
    );
    renewed.focus().unwrap();
    renewed.click();

    wait_until("Save to be enabled", || !save_unavailable(&container)).await;
    assert!(renewed.checked());
    assert_eq!(
        panel.announcement.get_untracked(),
        "Server certificate chosen. The checks ran again with it.",
        "the status line no longer asks the answered question"
    );
    assert!(
        renewed.is_connected(),
        "the check after the choice must keep the radio buttons in place"
    );
    assert_eq!(
        document().active_element(),
        Some(renewed.clone().unchecked_into()),
        "the chosen radio button must keep the focus"
    );
    let leaf = find(&container, "ol.preview__chain > li")
        .text_content()
        .unwrap_or_default();
    assert!(
        leaf.starts_with("Server certificate from server-renewed.pem"),
        "first in chain: {leaf}"
    );
    let chain_summary = find(&container, "#slot-certificate-placed")
        .text_content()
        .unwrap_or_default();
    assert_eq!(
        chain_summary,
        "Will send 2 certificates, in this order: mqtt.fixture.test, then Fixture Intermediate CA."
    );

    // New material clears the choice, so the question is open again.
    drop_files(
        &find(&container, "input[aria-label='Certificate and key files']"),
        &[make_file("root.pem", ROOT_PEM)],
    );
    wait_until("five files to load", move || {
        draft.files.with_untracked(|files| files.len() == 5)
    })
    .await;
    assert_eq!(draft.leaf_choice.get_untracked(), None);
    wait_until("Save to be disabled", || save_unavailable(&container)).await;
    let group = fieldset_by_legend(&container, QUESTION).expect("the question again");
    assert!(
        radios_with_labels(&group)
            .iter()
            .all(|(input, _)| !input.checked())
    );
}

/// Finds the button whose text is `name`.
fn button_named(container: &HtmlElement, name: &str) -> HtmlElement {
    let buttons = container.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|index| buttons.item(index))
        .map(|node| node.unchecked_into::<HtmlElement>())
        .find(|button| button.text_content().unwrap_or_default().trim() == name)
        .unwrap_or_else(|| panic!("no button named {name:?}"))
}

/// Returns the text of the element that describes `control` through aria-describedby.
/// When no element has that id, the control has no description and this returns "".
fn description_of(control: &HtmlElement) -> String {
    let id = control
        .get_attribute("aria-describedby")
        .expect("the control names its description");
    document()
        .get_element_by_id(&id)
        .and_then(|element| element.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn unavailable_delete_keeps_focus_and_reason() {
    let panel = connected_panel("key-for-delete-hint");
    panel.ledger.set_limits(Limits {
        write_limit: 1,
        ..Limits::default()
    });
    let container = mount_in_container(move || {
        provide_context(panel);
        view! { <StatusCard/> }
    });
    let delete = || button_named(&container, "Delete certificate");
    let dialog_open = || container.query_selector("dialog[open]").unwrap().is_some();
    TimeoutFuture::new(50).await;

    assert_eq!(
        delete().get_attribute("aria-disabled").as_deref(),
        Some("true")
    );
    assert!(
        !delete().has_attribute("disabled"),
        "Delete stays in the Tab order"
    );
    assert!(
        description_of(&delete()).contains("Nothing to delete"),
        "the hint says why: {:?}",
        description_of(&delete())
    );
    delete().click();
    TimeoutFuture::new(50).await;
    assert!(!dialog_open(), "an unavailable Delete opens no dialog");

    panel
        .certificate
        .set(Some(Ok(CertificateState::Present(TlsStatus {
            tls_type: Some("one-way".into()),
            ..TlsStatus::default()
        }))));
    wait_until("Delete to be available", || {
        delete().get_attribute("aria-disabled").as_deref() == Some("false")
    })
    .await;
    assert_eq!(description_of(&delete()), "");
    delete().click();
    wait_until("the delete dialog to open", dialog_open).await;
    button_named(&container, "Cancel").click();
    wait_until("the delete dialog to close", || !dialog_open()).await;

    let client = panel.client.get_untracked().unwrap();
    panel.ledger.record(client.key_id(), CallKind::Delete);
    wait_until("Delete to be off with no delete left", || {
        delete().get_attribute("aria-disabled").as_deref() == Some("true")
    })
    .await;
    let hint = description_of(&delete());
    assert!(
        hint.starts_with("No DELETE left in this window. Delete is available again in "),
        "the hint names the wait: {hint:?}"
    );

    panel.certificate.set(Some(Err(ApiError::Network)));
    wait_until("the hint to follow the unknown status", || {
        description_of(&delete())
            == "The certificate status is not known. Use Refresh status to read it."
    })
    .await;
}

#[wasm_bindgen_test]
async fn stale_failure_advice_updates() {
    answer_fetch_with(503, "{}", "{}");
    let panel = connected_panel("key-for-503");
    let (container, draft) = mount_form_for(panel);
    load_valid_material(&container, draft).await;
    wait_until("Save to be enabled", || !save_unavailable(&container)).await;
    save_button(&container).click();

    let alert = find(&container, "[role='alert']");
    let alert_text = || alert.text_content().unwrap_or_default();
    wait_until("the 503 message", || alert_text().contains("HTTP 503")).await;
    // The panel reads the status after the failure, and that read fails too.
    wait_until("the status read to end", || {
        !panel.certificate_loading.get_untracked()
    })
    .await;
    assert!(
        !alert_text().contains("has answered a status read since then"),
        "no read has succeeded yet: {}",
        alert_text()
    );

    answer_fetch_with(
        200,
        r#"{"tlsType":"one-way","expire":"2126-11-10 20:17:34","status":"running"}"#,
        "{ 'Content-Type': 'application/json' }",
    );
    panel.refresh_certificate();
    wait_until("the advice to point at the card", || {
        alert_text().contains(
            "The platform has answered a status read since then: check the TLS certificate card \
             before saving again.",
        )
    })
    .await;
    assert!(
        alert_text().starts_with("The platform failed with HTTP 503"),
        "the failure itself stays: {}",
        alert_text()
    );

    // A later write that the platform accepts, such as a delete from the
    // status card, ends the message about the earlier state.
    panel.show_written_certificate(CertificateState::Missing);
    wait_until("the stale failure to go", || alert_text().is_empty()).await;
    assert_eq!(draft.files.get_untracked().len(), 2, "the files stay");
}

#[wasm_bindgen_test]
async fn read_buttons_show_wait_when_off() {
    let panel = connected_panel("key-for-refresh-hint");
    panel.ledger.set_limits(Limits {
        read_limit: 1,
        ..Limits::default()
    });
    let container = mount_in_container(move || {
        provide_context(panel);
        view! {
            <DeploymentPicker/>
            <StatusCard/>
        }
    });
    let refresh = || button_named(&container, "Refresh status");
    let reload = || button_named(&container, "Reload list");
    let unavailable = |button: HtmlElement| button.get_attribute("aria-disabled");
    TimeoutFuture::new(50).await;
    assert_eq!(unavailable(refresh()).as_deref(), Some("false"));
    assert_eq!(unavailable(reload()).as_deref(), Some("false"));

    let client = panel.client.get_untracked().unwrap();
    panel.ledger.record(client.key_id(), CallKind::Read);
    wait_until("Refresh status to be off", || {
        unavailable(refresh()).as_deref() == Some("true")
    })
    .await;
    assert!(
        !refresh().has_attribute("disabled"),
        "Refresh status stays in the Tab order"
    );
    let hint = description_of(&refresh());
    assert!(
        hint.starts_with("No GET left in this window. Refresh status is available again in "),
        "the hint names the wait: {hint:?}"
    );
    assert_eq!(unavailable(reload()).as_deref(), Some("true"));
    let hint = description_of(&reload());
    assert!(
        hint.starts_with("No GET left in this window. Reload list is available again in "),
        "the hint names the wait: {hint:?}"
    );

    count_fetches();
    refresh().click();
    reload().click();
    TimeoutFuture::new(100).await;
    assert_eq!(fetch_count(), Some(0.0), "unavailable buttons send nothing");
}

#[wasm_bindgen_test]
async fn status_card_shows_status_time() {
    let panel = connected_panel("key-for-status-time");
    let container = mount_in_container(move || {
        provide_context(panel);
        view! { <StatusCard/> }
    });
    TimeoutFuture::new(50).await;
    assert!(
        !text_of(&container).contains("Status as of"),
        "no time is shown for a status that no read or write returned"
    );

    panel.show_written_certificate(CertificateState::Present(TlsStatus {
        tls_type: Some("one-way".into()),
        status: Some("pending".into()),
        ..TlsStatus::default()
    }));
    wait_until("the time of the status", || {
        text_of(&container).contains("Status as of ")
    })
    .await;
    let card_text = text_of(&container);
    let time = card_text
        .split("Status as of ")
        .nth(1)
        .and_then(|rest| rest.split(" UTC.").next())
        .unwrap_or_default();
    let parts: Vec<&str> = time.split(':').collect();
    assert!(
        parts.len() == 3 && parts.iter().all(|part| part.len() == 2),
        "the time reads HH:MM:SS: {time:?}"
    );
}
