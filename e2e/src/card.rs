//! Reads of the "TLS certificate" card and waits on its status.

use std::time::{Duration, Instant};

use anyhow::Result;
use fantoccini::Client;

use crate::actions;
use crate::ui::names;
use crate::wait::{DEFAULT_TIMEOUT, Seen, wait_until};

/// How long a non-final status may stay on screen before the wait clicks
/// "Refresh status". The simulator in these tests turns `pending` into
/// `running` after 2 s, and the panel may or may not poll by itself.
const REFRESH_AFTER: Duration = Duration::from_secs(3);

/// Returns the card's value for `term` ("Type", "Status" or "Expires").
pub async fn value(client: &Client, term: &str) -> Result<Option<String>> {
    actions::definition(client, names::CERTIFICATE_SECTION, term).await
}

/// Waits until the card's Status reads `expected`, without clicking anything.
pub async fn wait_for_status(client: &Client, expected: &str) -> Result<()> {
    wait_until(
        &format!("certificate status {expected:?}"),
        DEFAULT_TIMEOUT,
        async || {
            let status = value(client, names::TERM_STATUS).await?;
            Ok(if status.as_deref() == Some(expected) {
                Seen::Done(())
            } else {
                Seen::NotYet(format!("status {status:?}"))
            })
        },
    )
    .await
}

/// Waits until the card's Status reads `expected`, clicking "Refresh status"
/// whenever another status has stayed for [`REFRESH_AFTER`]. Returns the
/// number of clicks, since each one spends a read of the API's budget.
pub async fn wait_for_status_refreshing(client: &Client, expected: &str) -> Result<u32> {
    let mut last_refresh = Instant::now();
    let mut refreshes = 0;
    wait_until(
        &format!("certificate status {expected:?}"),
        DEFAULT_TIMEOUT,
        async || {
            let status = value(client, names::TERM_STATUS).await?;
            if status.as_deref() == Some(expected) {
                return Ok(Seen::Done(()));
            }
            if last_refresh.elapsed() >= REFRESH_AFTER {
                actions::click_button(client, names::REFRESH_STATUS).await?;
                last_refresh = Instant::now();
                refreshes += 1;
            }
            Ok(Seen::NotYet(format!(
                "status {status:?} after {refreshes} refreshes"
            )))
        },
    )
    .await?;
    Ok(refreshes)
}
