//! Component tests in a real browser: files dropped as real `File` objects
//! go through `FileReader`, and the platform's 422 and 429 answers render
//! inline. The platform is played by a replacement of `window.fetch`, so the
//! panel's own API client, error mapping and rendering all run.

use std::time::Duration;

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use tls_panel::api::{ApiClient, CertificateState};
use tls_panel::components::file_slot::FileSlot;
use tls_panel::components::upload_form::UploadForm;
use tls_panel::config::PanelConfig;
use tls_panel::credentials::Credentials;
use tls_panel::draft::UploadDraft;
use tls_panel::state::Panel;
use tls_panel::upload_payload::Slot;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{DataTransfer, DragEvent, DragEventInit, File, FilePropertyBag, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const CERT_PEM: &str =
    "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----\n";
const KEY_PEM: &str =
    "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49\n-----END PRIVATE KEY-----\n";

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

/// Waits up to two seconds for `condition`, checking every 20 ms.
async fn wait_until(what: &str, condition: impl Fn() -> bool) {
    for _ in 0..100 {
        if condition() {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// Replaces `window.fetch` with a function that answers every request with
/// `status`, `body` and `headers` (a JS object literal).
fn answer_fetch_with(status: u16, body: &str, headers: &str) {
    let source = format!(
        "window.fetch = () => Promise.resolve(new Response({body:?}, {{ status: {status}, headers: {headers} }}));"
    );
    js_sys::eval(&source).unwrap();
}

/// A panel connected with `key`. Each test uses its own key, because the
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

#[wasm_bindgen_test]
async fn dropped_file_is_read_into_slot() {
    let draft = UploadDraft::new();
    let container = mount_in_container(move || {
        provide_context(draft);
        view! { <FileSlot kind=Slot::Certificate problem=Signal::derive(|| None::<String>)/> }
    });
    let input = find(&container, "input[aria-label='Certificate chain']");

    drop_files(&input, &[make_file("server-chain.pem", CERT_PEM)]);

    let slot = draft.file(Slot::Certificate);
    wait_until("the slot to hold the file", move || {
        slot.with_untracked(Option::is_some)
    })
    .await;
    let loaded = slot.get_untracked().unwrap();
    assert_eq!(loaded.name, "server-chain.pem");
    assert_eq!(loaded.bytes, CERT_PEM.as_bytes());
    let shown = container.text_content().unwrap_or_default();
    let summary = format!("server-chain.pem, {} bytes", CERT_PEM.len());
    assert!(shown.contains(&summary), "slot shows: {shown}");
}

#[wasm_bindgen_test]
async fn dropping_several_files_on_one_slot_says_which_was_used() {
    let draft = UploadDraft::new();
    let container = mount_in_container(move || {
        provide_context(draft);
        view! { <FileSlot kind=Slot::Key problem=Signal::derive(|| None::<String>)/> }
    });
    let input = find(&container, "input[aria-label='Private key']");

    drop_files(
        &input,
        &[
            make_file("first.key", KEY_PEM),
            make_file("second.key", KEY_PEM),
        ],
    );

    let slot = draft.file(Slot::Key);
    wait_until("the slot to hold the file", move || {
        slot.with_untracked(Option::is_some)
    })
    .await;
    assert_eq!(slot.get_untracked().unwrap().name, "first.key");
    let shown = container.text_content().unwrap_or_default();
    assert!(shown.contains("first.key was used"), "slot shows: {shown}");
}

/// Mounts the upload form for a connected deployment with both files loaded,
/// and submits it.
async fn submit_loaded_form(key: &str) -> (HtmlElement, UploadDraft) {
    let panel = connected_panel(key);
    let draft = UploadDraft::new();
    let container = mount_in_container(move || {
        provide_context(panel);
        provide_context(draft);
        view! { <UploadForm/> }
    });
    drop_files(
        &find(&container, "input[aria-label='Certificate chain']"),
        &[make_file("chain.pem", CERT_PEM)],
    );
    drop_files(
        &find(&container, "input[aria-label='Private key']"),
        &[make_file("server.key", KEY_PEM)],
    );
    let key_slot = draft.file(Slot::Key);
    wait_until("both files to load", move || {
        key_slot.with_untracked(Option::is_some)
    })
    .await;

    let save = find(&container, "button[type='submit']");
    assert_eq!(save.text_content().as_deref(), Some("Create certificate"));
    save.click();
    (container, draft)
}

#[wasm_bindgen_test]
async fn rejection_message_renders_inline_and_files_stay() {
    answer_fetch_with(
        422,
        r#"{"message":"the private key does not match the certificate"}"#,
        "{}",
    );
    let (container, draft) = submit_loaded_form("key-for-422").await;

    let alert = find(&container, "[role='alert']");
    wait_until("the inline 422 message", || {
        !alert.text_content().unwrap_or_default().is_empty()
    })
    .await;
    assert_eq!(
        alert.text_content().unwrap(),
        "The platform rejected the certificate: the private key does not match the certificate"
    );
    assert!(draft.file(Slot::Certificate).get_untracked().is_some());
    assert!(draft.file(Slot::Key).get_untracked().is_some());
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
        text.contains("Try again in 1:30") || text.contains("Try again in 1:29"),
        "alert reads: {text}"
    );
    assert!(
        draft.file(Slot::Key).get_untracked().is_some(),
        "the key must stay after a 429"
    );
    let save: web_sys::HtmlButtonElement =
        find(&container, "button[type='submit']").unchecked_into();
    assert!(save.disabled(), "Save must stay off until the wait ends");
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

    // The countdown moves on by itself.
    gloo_timers::future::sleep(Duration::from_millis(2100)).await;
    let later = alert.text_content().unwrap();
    assert_ne!(later, text, "the countdown did not move");
}
