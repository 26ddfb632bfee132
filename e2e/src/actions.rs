//! Actions on the page through the selectors of [`crate::ui`], each waiting
//! a bounded time for the page to render what it needs.

use std::path::Path;

use anyhow::{Context, Result, bail};
use fantoccini::actions::{InputSource, MOUSE_BUTTON_LEFT, MouseActions, PointerAction};
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};

use crate::ui::{
    ALERT_XPATH, STATUS_XPATH, TIMER_XPATH, button_xpath, control_xpath, definition_xpath,
    file_input_xpath, label_xpath, option_xpath, radio_xpath, region_xpath,
};
use crate::wait::{DEFAULT_TIMEOUT, Seen, wait_until};

/// Waits until `xpath` matches a displayed element and returns the first one.
pub async fn find_displayed(client: &Client, xpath: &str, description: &str) -> Result<Element> {
    wait_until(description, DEFAULT_TIMEOUT, async || {
        for element in client.find_all(Locator::XPath(xpath)).await? {
            if element.is_displayed().await? {
                return Ok(Seen::Done(element));
            }
        }
        Ok(Seen::NotYet(format!("no displayed match for {xpath}")))
    })
    .await
}

/// Waits until `xpath` matches any element, displayed or not, and returns it.
/// File inputs are often visually hidden behind a styled label.
pub async fn find_present(client: &Client, xpath: &str, description: &str) -> Result<Element> {
    wait_until(description, DEFAULT_TIMEOUT, async || {
        match client
            .find_all(Locator::XPath(xpath))
            .await?
            .into_iter()
            .next()
        {
            Some(element) => Ok(Seen::Done(element)),
            None => Ok(Seen::NotYet(format!("no match for {xpath}"))),
        }
    })
    .await
}

/// Waits for the displayed button named `name`.
pub async fn button(client: &Client, name: &str) -> Result<Element> {
    find_displayed(
        client,
        &button_xpath("//", name),
        &format!("button {name:?}"),
    )
    .await
}

/// Waits until the button named `name` is displayed and enabled, then clicks it.
pub async fn click_button(client: &Client, name: &str) -> Result<()> {
    let xpath = button_xpath("//", name);
    let element = wait_until(
        &format!("enabled button {name:?}"),
        DEFAULT_TIMEOUT,
        async || {
            for element in client.find_all(Locator::XPath(&xpath)).await? {
                if element.is_displayed().await? && is_enabled(&element).await? {
                    return Ok(Seen::Done(element));
                }
            }
            Ok(Seen::NotYet(format!(
                "no displayed, enabled match for {xpath}"
            )))
        },
    )
    .await?;
    element
        .click()
        .await
        .with_context(|| format!("failed to click button {name:?}"))
}

/// Double-clicks the displayed, enabled button named `name` with the
/// pointer: two presses and releases with no pause, as one gesture.
pub async fn double_click_button(client: &Client, name: &str) -> Result<()> {
    let element = button(client, name).await?;
    if !is_enabled(&element).await? {
        bail!("button {name:?} is disabled, so a double click would test nothing");
    }
    let press = PointerAction::Down {
        button: MOUSE_BUTTON_LEFT,
    };
    let release = PointerAction::Up {
        button: MOUSE_BUTTON_LEFT,
    };
    let mouse = MouseActions::new("mouse".to_owned())
        .then(PointerAction::MoveToElement {
            element,
            duration: None,
            x: 0.0,
            y: 0.0,
        })
        .then(press.clone())
        .then(release.clone())
        .then(press)
        .then(release);
    client
        .perform_actions(mouse)
        .await
        .with_context(|| format!("failed to double-click button {name:?}"))?;
    client.release_actions().await?;
    Ok(())
}

/// Returns true when `element` is neither `disabled` nor `aria-disabled="true"`.
pub async fn is_enabled(element: &Element) -> Result<bool> {
    let aria_disabled = element.attr("aria-disabled").await?;
    Ok(element.is_enabled().await? && aria_disabled.as_deref() != Some("true"))
}

/// Waits for the displayed form control labelled `label`.
pub async fn field(client: &Client, label: &str) -> Result<Element> {
    find_displayed(client, &control_xpath(label), &format!("field {label:?}")).await
}

/// Replaces the value of the text field labelled `label` by typing `value`.
pub async fn fill(client: &Client, label: &str, value: &str) -> Result<()> {
    let element = field(client, label).await?;
    element.clear().await?;
    element
        .send_keys(value)
        .await
        .with_context(|| format!("failed to type into field {label:?}"))
}

/// Waits for the section or region named `name`.
pub async fn region(client: &Client, name: &str) -> Result<Element> {
    find_displayed(client, &region_xpath(name), &format!("region {name:?}")).await
}

/// Returns the rendered text of the region named `name`.
pub async fn text_of_region(client: &Client, name: &str) -> Result<String> {
    Ok(region(client, name).await?.text().await?)
}

/// Waits until the region named `name` shows `needle` and returns its text.
pub async fn wait_for_text(client: &Client, name: &str, needle: &str) -> Result<String> {
    let description = format!("{needle:?} in region {name:?}");
    wait_until(&description, DEFAULT_TIMEOUT, async || {
        let text = text_of_region(client, name).await?;
        Ok(if text.contains(needle) {
            Seen::Done(text)
        } else {
            Seen::NotYet(format!("region text {text:?}"))
        })
    })
    .await
}

/// Returns the `<dd>` text for `term` in the region named `name`, or `None`
/// when the region has no such term.
pub async fn definition(client: &Client, name: &str, term: &str) -> Result<Option<String>> {
    let region = region(client, name).await?;
    match region
        .find_all(Locator::XPath(&definition_xpath(term)))
        .await?
        .first()
    {
        Some(value) => Ok(Some(value.text().await?.trim().to_owned())),
        None => Ok(None),
    }
}

/// Returns the text of the first displayed `role="alert"` element inside the
/// region named `name`, or `None` when there is none.
pub async fn alert_in(client: &Client, name: &str) -> Result<Option<String>> {
    let region = region(client, name).await?;
    for alert in region.find_all(Locator::XPath(ALERT_XPATH)).await? {
        let text = alert.text().await?;
        if alert.is_displayed().await? && !text.trim().is_empty() {
            return Ok(Some(text));
        }
    }
    Ok(None)
}

/// Returns the text of the displayed timer in the region named `name`, if
/// there is one.
pub async fn timer_in(client: &Client, name: &str) -> Result<Option<String>> {
    let region = region(client, name).await?;
    for timer in region.find_all(Locator::XPath(TIMER_XPATH)).await? {
        if timer.is_displayed().await? {
            return Ok(Some(timer.text().await?));
        }
    }
    Ok(None)
}

/// Clicks the radio button labelled `label` in the fieldset `legend` and
/// checks that it became selected.
pub async fn choose_radio(client: &Client, legend: &str, label: &str) -> Result<()> {
    let xpath = radio_xpath(legend, label);
    let radio = find_present(client, &xpath, &format!("radio {label:?} in {legend:?}")).await?;
    if radio.is_displayed().await? {
        radio.click().await?;
    } else {
        // A visually hidden radio is operated through its label, as a user would.
        find_displayed(client, &label_xpath(label), &format!("label {label:?}"))
            .await?
            .click()
            .await?;
    }
    wait_until(
        &format!("radio {label:?} to be checked"),
        DEFAULT_TIMEOUT,
        async || {
            let radio = client.find(Locator::XPath(&xpath)).await?;
            Ok(if radio.is_selected().await? {
                Seen::Done(())
            } else {
                Seen::NotYet("radio not checked".to_owned())
            })
        },
    )
    .await
}

/// Puts the file at `path` into the file input labelled `slot`, as the
/// keyboard-reachable file picker would.
pub async fn load_file(client: &Client, slot: &str, path: &Path) -> Result<()> {
    if !path.is_absolute() {
        bail!("file inputs need an absolute path, got {}", path.display());
    }
    let input = find_present(
        client,
        &file_input_xpath(slot),
        &format!("file input {slot:?}"),
    )
    .await?;
    let path_text = path.to_str().context("file path is not UTF-8")?;
    input
        .send_keys(path_text)
        .await
        .with_context(|| format!("failed to load {} into {slot:?}", path.display()))
}

/// Waits until the `<select>` labelled `label` has an option with `value`,
/// then selects it.
pub async fn select_value(client: &Client, label: &str, value: &str) -> Result<()> {
    find_present(
        client,
        &option_xpath(label, value),
        &format!("option {value:?} in {label:?}"),
    )
    .await?;
    field(client, label).await?.select_by_value(value).await?;
    Ok(())
}

/// Returns the text of the page's `role="status"` live regions, joined by newlines.
pub async fn status_text(client: &Client) -> Result<String> {
    let mut texts = Vec::new();
    for element in client.find_all(Locator::XPath(STATUS_XPATH)).await? {
        texts.push(element.text().await?);
    }
    Ok(texts.join("\n"))
}
