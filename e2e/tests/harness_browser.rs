//! The UI helpers find controls by accessible name in real headless Chromium.
//!
//! The fixture page mimics the panel's markup patterns (labels by `for`, by
//! wrapping and by `aria-label`, a section named by `aria-labelledby`, late
//! rendering and a button that enables itself later) without the panel.

use e2e::actions;
use e2e::artifacts::save_failure_artifacts;
use e2e::browser::Browser;
use e2e::ui::{self, names};
use fantoccini::Locator;

const FIXTURE: &str = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>fixture</title>
<style>.visually-hidden { position: absolute; opacity: 0; width: 1px; height: 1px; }</style>
</head><body>
<main>
<section><h2>Connection</h2>
  <label for="key">API key</label><input id="key" type="text">
  <label>API secret <input id="secret" type="password"></label>
  <label><input type="checkbox" id="remember"> Remember for this tab</label>
  <button id="connect" disabled>Connect</button>
  <p id="connected"></p>
</section>
<section><h2>Deployment</h2>
  <label for="deployment">Deployment</label>
  <select id="deployment"><option value="">Choose a deployment</option></select>
  <p id="chosen"></p>
</section>
<section aria-labelledby="tls-heading"><h2 id="tls-heading">TLS certificate</h2>
  <dl><dt>Type</dt><dd>one-way</dd><dt>Status</dt><dd> pending </dd></dl>
  <button type="button" aria-label="Refresh status">&#8635;</button>
  <button type="button" id="delete">Delete certificate</button>
  <dialog id="confirm"><h2>Delete the TLS certificate?</h2>
    <button id="confirm-delete">Delete</button><button>Cancel</button></dialog>
</section>
<section><h2>Upload certificate</h2>
  <fieldset><legend>TLS type</legend>
    <label><input type="radio" name="tls" value="one-way" checked> one-way</label>
    <label><input type="radio" name="tls" value="two-way"> two-way</label>
  </fieldset>
  <input type="file" class="visually-hidden" aria-label="Certificate chain" id="chain">
  <span id="chain-name"></span>
  <div role="alert">Wrong Properties: the key does not match</div>
</section>
<div role="status" id="status"></div>
</main>
<script>
  setTimeout(() => { document.getElementById('connect').disabled = false; }, 400);
  setTimeout(() => {
    const option = new Option('edge (b1f77113) · running', 'b1f77113');
    document.getElementById('deployment').add(option);
  }, 300);
  document.getElementById('connect').addEventListener('click', () => {
    const key = document.getElementById('key').value;
    document.getElementById('connected').textContent = 'Connected as ' + key;
    document.getElementById('status').textContent = 'Connected';
  });
  document.getElementById('deployment').addEventListener('change', (event) => {
    document.getElementById('chosen').textContent = 'Chosen ' + event.target.value;
  });
  document.getElementById('chain').addEventListener('change', (event) => {
    const file = event.target.files[0];
    document.getElementById('chain-name').textContent = file.name + ' (' + file.size + ' bytes)';
  });
  document.getElementById('delete').addEventListener('click', () => {
    document.getElementById('confirm').showModal();
  });
  document.getElementById('confirm-delete').addEventListener('click', () => {
    document.getElementById('confirm').close();
    document.getElementById('status').textContent = 'Certificate deleted';
  });
</script>
</body></html>"#;

#[tokio::test]
async fn helpers_drive_fixture_by_accessible_name() {
    let work = tempfile::tempdir().unwrap();
    let page = work.path().join("fixture.html");
    std::fs::write(&page, FIXTURE).unwrap();
    let upload = work.path().join("server-chain.pem");
    std::fs::write(
        &upload,
        "not a certificate, only bytes for the file input\n",
    )
    .unwrap();

    let browser = Browser::start(work.path()).await.unwrap();
    let client = browser.client();
    client
        .goto(&format!("file://{}", page.display()))
        .await
        .unwrap();

    // Labels by `for` and by wrapping, and a button that is disabled at first.
    actions::fill(client, names::API_KEY, "e2e-key")
        .await
        .unwrap();
    actions::fill(client, names::API_SECRET, "typed")
        .await
        .unwrap();
    let secret_type = actions::field(client, names::API_SECRET)
        .await
        .unwrap()
        .attr("type")
        .await
        .unwrap();
    assert_eq!(secret_type.as_deref(), Some("password"));
    let remember = actions::field(client, names::REMEMBER_FOR_TAB)
        .await
        .unwrap();
    assert_eq!(
        remember.attr("type").await.unwrap().as_deref(),
        Some("checkbox")
    );
    actions::click_button(client, names::CONNECT).await.unwrap();
    let connection =
        actions::wait_for_text(client, names::CONNECTION_SECTION, "Connected as e2e-key")
            .await
            .unwrap();
    assert!(connection.contains("API key"), "{connection}");
    assert_eq!(actions::status_text(client).await.unwrap(), "Connected");

    // An option that appears late, selected by value.
    actions::select_value(client, names::DEPLOYMENT_SELECT, "b1f77113")
        .await
        .unwrap();
    actions::wait_for_text(client, names::DEPLOYMENT_SECTION, "Chosen b1f77113")
        .await
        .unwrap();

    // A section named by aria-labelledby, and its definition list.
    let status = actions::definition(client, names::CERTIFICATE_SECTION, names::TERM_STATUS).await;
    assert_eq!(status.unwrap().as_deref(), Some("pending"));
    let missing =
        actions::definition(client, names::CERTIFICATE_SECTION, names::TERM_EXPIRES).await;
    assert_eq!(missing.unwrap(), None);
    actions::button(client, names::REFRESH_STATUS)
        .await
        .unwrap();

    // Radios in a fieldset, a visually hidden file input, and an inline alert.
    actions::choose_radio(client, names::TLS_TYPE_LEGEND, names::TWO_WAY)
        .await
        .unwrap();
    let one_way = client
        .find(Locator::XPath(&ui::radio_xpath(
            names::TLS_TYPE_LEGEND,
            names::ONE_WAY,
        )))
        .await
        .unwrap();
    assert!(
        !one_way.is_selected().await.unwrap(),
        "one-way is still checked"
    );
    actions::load_file(client, names::CHAIN_SLOT, &upload)
        .await
        .unwrap();
    let upload_text =
        actions::wait_for_text(client, names::UPLOAD_SECTION, "server-chain.pem (49 bytes)")
            .await
            .unwrap();
    assert!(
        !upload_text.contains("Connected"),
        "upload region leaked into others: {upload_text}"
    );
    let alert = actions::alert_in(client, names::UPLOAD_SECTION)
        .await
        .unwrap();
    assert_eq!(
        alert.as_deref(),
        Some("Wrong Properties: the key does not match")
    );
    assert_eq!(
        actions::alert_in(client, names::CONNECTION_SECTION)
            .await
            .unwrap(),
        None
    );

    // A modal dialog and a button scoped to it.
    actions::click_button(client, names::DELETE_CERTIFICATE)
        .await
        .unwrap();
    let dialog_xpath = ui::open_dialog_xpath(names::DELETE_DIALOG_HEADING);
    let dialog = actions::find_displayed(client, &dialog_xpath, "delete dialog")
        .await
        .unwrap();
    dialog
        .find(Locator::XPath(&ui::button_xpath(
            ".//",
            names::CONFIRM_DELETE,
        )))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let open_dialogs = client
        .find_all(Locator::XPath(&dialog_xpath))
        .await
        .unwrap();
    assert!(open_dialogs.is_empty(), "the dialog is still open");
    assert_eq!(
        actions::status_text(client).await.unwrap(),
        "Certificate deleted"
    );

    browser.close().await.unwrap();
}

#[tokio::test]
async fn session_opens_data_url() {
    let work = tempfile::tempdir().unwrap();
    let browser = Browser::start(work.path()).await.unwrap();
    let client = browser.client();
    client
        .goto("data:text/html,<section><h2>Upload certificate</h2><p>ready</p></section>")
        .await
        .unwrap();
    let text = actions::text_of_region(client, names::UPLOAD_SECTION)
        .await
        .unwrap();
    assert_eq!(text, "Upload certificate\nready");
    browser.close().await.unwrap();
}

#[tokio::test]
async fn failure_artifacts_leave_out_pem_and_secret() {
    let work = tempfile::tempdir().unwrap();
    let browser = Browser::start(work.path()).await.unwrap();
    let client = browser.client();
    client
        .goto(
            "data:text/html,<p>shown-secret-123</p><pre>-----BEGIN CERTIFICATE-----%0AMIIB%0A\
             -----END CERTIFICATE-----</pre><p>after the block</p>",
        )
        .await
        .unwrap();
    let log = "listening\nrejected -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    let (saved, problems) = save_failure_artifacts(
        client,
        "harness_artifacts",
        Some("shown-secret-123"),
        Some(log),
    )
    .await;
    browser.close().await.unwrap();

    assert!(problems.is_empty(), "{problems:?}");
    let file_names: Vec<String> = saved
        .iter()
        .map(|path| path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(saved.len(), 3, "{file_names:?}");
    let png = std::fs::read(&saved[0]).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "the screenshot is not a PNG");
    let page = std::fs::read_to_string(&saved[1]).unwrap();
    assert!(
        page.contains("after the block"),
        "the page source is incomplete"
    );
    assert!(
        !page.contains("-----BEGIN"),
        "the page source keeps PEM text"
    );
    assert!(
        !page.contains("shown-secret-123"),
        "the page source keeps the secret"
    );
    let stored_log = std::fs::read_to_string(&saved[2]).unwrap();
    assert!(
        stored_log.starts_with("listening\n"),
        "the log copy is incomplete"
    );
    assert!(
        !stored_log.contains("-----BEGIN"),
        "the log copy keeps PEM text"
    );

    for path in saved {
        std::fs::remove_file(path).unwrap();
    }
}
