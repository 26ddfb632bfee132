//! Selectors that find the panel's controls the way a user does: by role
//! and accessible name (label text, `aria-label`, legend, heading or button
//! text). Every name and XPath the tests rely on is here, so aligning the
//! tests with a changed panel touches this file only. The actions that use
//! them live in `actions`.

/// Accessible names of the panel's sections and controls.
pub mod names {
    pub const CONNECTION_SECTION: &str = "Connection";
    pub const API_KEY: &str = "API key";
    pub const API_SECRET: &str = "API secret";
    pub const REMEMBER_FOR_TAB: &str = "Remember for this tab";
    pub const CONNECT: &str = "Connect";
    pub const DISCONNECT: &str = "Disconnect";

    pub const DEPLOYMENT_SECTION: &str = "Deployment";
    pub const DEPLOYMENT_SELECT: &str = "Deployment";
    pub const RELOAD_LIST: &str = "Reload list";
    pub const DEPLOYMENT_ID: &str = "Deployment ID";
    pub const OPEN: &str = "Open";

    pub const CERTIFICATE_SECTION: &str = "TLS certificate";
    pub const TERM_TYPE: &str = "Type";
    pub const TERM_STATUS: &str = "Status";
    pub const TERM_EXPIRES: &str = "Expires";
    pub const NO_CERTIFICATE: &str = "No custom certificate";
    pub const REFRESH_STATUS: &str = "Refresh status";
    pub const DELETE_CERTIFICATE: &str = "Delete certificate";
    pub const DELETE_DIALOG_HEADING: &str = "Delete the TLS certificate?";
    pub const CONFIRM_DELETE: &str = "Delete";
    pub const CANCEL: &str = "Cancel";

    pub const UPLOAD_SECTION: &str = "Upload certificate";
    pub const TLS_TYPE_LEGEND: &str = "TLS type";
    pub const ONE_WAY: &str = "one-way";
    pub const TWO_WAY: &str = "two-way";
    pub const CHAIN_SLOT: &str = "Certificate chain";
    pub const KEY_SLOT: &str = "Private key";
    pub const CLIENT_CA_SLOT: &str = "Client CA certificate";
    pub const SHARED_DROP_ZONE: &str = "Certificate and key files";
    pub const CREATE: &str = "Create certificate";
    pub const REPLACE: &str = "Replace certificate";
    pub const REPLACE_DIALOG_HEADING: &str = "Replace the live certificate?";
    pub const CONFIRM_REPLACE: &str = "Replace";
    /// The dialog of a create whose files were added for another deployment.
    pub const CREATE_DIALOG_HEADING: &str = "Create the certificate with these files?";
    pub const CONFIRM_CREATE: &str = "Create";

    pub const CERTIFICATE_SAVED: &str = "Certificate saved";
    /// The status line once a read finds that a pending certificate runs.
    pub const CERTIFICATE_RUNNING: &str = "The certificate is running now.";
    pub const TOO_MANY_REQUESTS: &str = "Too many requests";

    pub const TERM_COMMON_NAME: &str = "Common name";

    pub const BUDGET_SECTION: &str = "Request budget";
    pub const BUDGET_READS: &str = "Reads (GET)";
    pub const BUDGET_CREATES: &str = "Creates (POST)";
    pub const BUDGET_REPLACES: &str = "Replaces (PUT)";
    pub const BUDGET_DELETES: &str = "Deletes (DELETE)";

    /// Text of the connection section once connected with `key`.
    pub fn connected_as(key: &str) -> String {
        format!("Connected as {key}")
    }
}

/// Fixed parts of the panel's messages that the tests look for.
pub mod messages {
    pub const AUTH_FAILED: &str = "Authentication failed:";
    pub const LIST_FORBIDDEN: &str =
        "This API key may not list deployments. Type the deployment ID below instead.";
    pub const DEPLOYMENT_FORBIDDEN: &str = "This API key has no access to this deployment.";
    pub const NOT_FOUND: &str = "Deployment not found.";
    pub const ID_NOT_NAME: &str =
        "TLS calls need the deployment ID (such as ge6a1a75), not its name";
    pub const REJECTED_WITH_MESSAGE: &str = "The platform rejected the certificate: ";
    pub const REJECTED_WITHOUT_MESSAGE: &str =
        "The platform rejected the certificate material without saying why.";
    /// The fixed part of a 429 alert before the time Save is allowed again.
    pub const NEXT_TRY_AT: &str = "The next try is allowed at ";
    pub const SERVER_FAILED: &str = "The platform failed with HTTP ";
    pub const NOT_ANSWERED: &str = "The platform did not answer within ";
    pub const UNREACHABLE: &str = "The API cannot be reached from this page:";
    pub const NOT_CREDENTIALS: &str = "This is not a problem with the key or secret.";
    pub const FORMAT_NOT_RECOGNISED: &str = "(format not recognised)";
    pub const EXPIRY_UNKNOWN: &str = "unknown";
    pub const CERTIFICATE_DELETED: &str = "Certificate deleted.";
    pub const AUTOMATIC_CHECKS_STOPPED: &str = "Automatic status checks stopped";
}

/// Returns `text` as an XPath 1.0 string literal, using `concat()` when the
/// text contains both quote characters.
pub fn literal(text: &str) -> String {
    if !text.contains('\'') {
        format!("'{text}'")
    } else if !text.contains('"') {
        format!("\"{text}\"")
    } else {
        let parts: Vec<String> = text.split('\'').map(|part| format!("'{part}'")).collect();
        format!("concat({})", parts.join(", \"'\", "))
    }
}

/// Returns an XPath predicate that matches a form control whose accessible
/// name is `label`:
/// its `aria-label`, a `<label for>` pointing at its id, a wrapping `<label>`
/// whose own text or first non-control child reads `label`, or an element
/// referenced by `aria-labelledby`.
pub fn labelled(label: &str) -> String {
    let l = literal(label);
    format!(
        "[@aria-label={l} \
         or @id=//label[normalize-space()={l}]/@for \
         or ancestor::label[normalize-space(text()[normalize-space()][1])={l} \
            or normalize-space(*[not(self::input or self::select or self::textarea)][1])={l}] \
         or @aria-labelledby=//*[normalize-space()={l}]/@id]"
    )
}

/// Returns the XPath of an `<input>`, `<select>` or `<textarea>` labelled `label`.
pub fn control_xpath(label: &str) -> String {
    format!(
        "//*[self::input or self::select or self::textarea]{}",
        labelled(label)
    )
}

/// Returns the XPath of a button whose text or `aria-label` is `name`, below `scope`
/// (`//` for the whole page, `.//` inside an element).
pub fn button_xpath(scope: &str, name: &str) -> String {
    let n = literal(name);
    format!("{scope}*[self::button or @role='button'][normalize-space()={n} or @aria-label={n}]")
}

/// Returns the XPath of the innermost section, form, fieldset, dialog or region named `name` by
/// `aria-label`, by `aria-labelledby`, or by a heading or legend inside it.
pub fn region_xpath(name: &str) -> String {
    let n = literal(name);
    format!(
        "(//*[self::section or self::form or self::fieldset or self::dialog or self::article \
              or @role='region' or @role='dialog' or @role='group']\
            [@aria-label={n} or @aria-labelledby=//*[normalize-space()={n}]/@id \
             or .//*[self::h1 or self::h2 or self::h3 or self::h4 or self::legend]\
                [normalize-space()={n}]])[last()]"
    )
}

/// Returns the XPath of a radio button labelled `label` inside the fieldset whose legend is `legend`.
pub fn radio_xpath(legend: &str, label: &str) -> String {
    format!(
        "//fieldset[legend[normalize-space()={}]]//input[@type='radio']{}",
        literal(legend),
        labelled(label)
    )
}

/// Returns the XPath of a `<label>` whose whole text is `label`.
pub fn label_xpath(label: &str) -> String {
    format!("//label[normalize-space()={}]", literal(label))
}

/// Returns the XPath of the `<option>` with `value` in the `<select>` labelled `label`.
pub fn option_xpath(label: &str, value: &str) -> String {
    format!("{}/option[@value={}]", control_xpath(label), literal(value))
}

/// Returns the XPath of a file input labelled `label`.
pub fn file_input_xpath(label: &str) -> String {
    format!("//input[@type='file']{}", labelled(label))
}

/// Returns the XPath, relative to an element, of the `<dd>` that follows the `<dt>` reading `term`.
pub fn definition_xpath(term: &str) -> String {
    format!(
        ".//dt[normalize-space()={}]/following-sibling::dd[1]",
        literal(term)
    )
}

/// Returns the XPath of an open `<dialog>` (or `role=dialog`) that contains the heading `heading`.
pub fn open_dialog_xpath(heading: &str) -> String {
    let h = literal(heading);
    format!(
        "//*[(self::dialog and @open) or @role='dialog' or @role='alertdialog']\
           [.//*[self::h1 or self::h2 or self::h3][normalize-space()={h}]]"
    )
}

/// An element with `role="alert"` inside an element.
pub const ALERT_XPATH: &str = ".//*[@role='alert']";

/// An element with `role="timer"` inside an element, such as the countdown
/// after a 429.
pub const TIMER_XPATH: &str = ".//*[@role='timer']";

/// The page's live region with `role="status"`.
pub const STATUS_XPATH: &str = "//*[@role='status']";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_quotes_plain_text() {
        assert_eq!(literal("API key"), "'API key'");
    }

    #[test]
    fn literal_uses_double_quotes_around_apostrophe() {
        assert_eq!(literal("operator's key"), "\"operator's key\"");
    }

    #[test]
    fn literal_concatenates_mixed_quotes() {
        assert_eq!(literal(r#"a'b"c"#), r#"concat('a', "'", 'b"c')"#);
    }
}
