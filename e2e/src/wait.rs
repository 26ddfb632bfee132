//! Bounded polling for conditions in the page.

use std::time::{Duration, Instant};

use anyhow::{Result, bail};

/// Default bound of a wait: long enough for a request round trip plus the
/// simulator's 2 s pending delay, short enough to fail a stuck step quickly.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Interval between two probes.
pub const POLL_INTERVAL: Duration = Duration::from_millis(100);

/// Outcome of one probe.
pub enum Seen<T> {
    /// The condition is met, with the value the caller waits for.
    Done(T),
    /// The condition is not met yet, with what was observed instead.
    NotYet(String),
}

/// Probes every [`POLL_INTERVAL`] until `probe` returns [`Seen::Done`] or
/// `timeout` passes.
///
/// An error from a probe counts as "not yet", because the page re-renders
/// while it is polled and elements go stale or vanish for a moment. The
/// timeout error names `description` and the last observation or error.
pub async fn wait_until<T>(
    description: &str,
    timeout: Duration,
    mut probe: impl AsyncFnMut() -> Result<Seen<T>>,
) -> Result<T> {
    let deadline = Instant::now() + timeout;
    loop {
        let last_seen = match probe().await {
            Ok(Seen::Done(value)) => return Ok(value),
            Ok(Seen::NotYet(observation)) => observation,
            Err(error) => format!("error: {error:#}"),
        };
        if Instant::now() >= deadline {
            bail!("timed out after {timeout:?} waiting for {description}; last seen: {last_seen}");
        }
        tokio::time::sleep(POLL_INTERVAL).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn wait_returns_value_once_condition_holds() {
        let mut calls = 0;
        let value = wait_until("third call", Duration::from_secs(5), async || {
            calls += 1;
            Ok(if calls == 3 {
                Seen::Done(calls)
            } else {
                Seen::NotYet(format!("call {calls}"))
            })
        })
        .await
        .unwrap();
        assert_eq!(value, 3);
    }

    #[tokio::test]
    async fn wait_times_out_with_last_observation() {
        let started = Instant::now();
        let error = wait_until("a miracle", Duration::from_millis(300), async || {
            Ok(Seen::<()>::NotYet("still nothing".to_owned()))
        })
        .await
        .unwrap_err()
        .to_string();
        assert!(started.elapsed() >= Duration::from_millis(300));
        assert!(error.contains("a miracle"), "{error}");
        assert!(error.contains("still nothing"), "{error}");
    }

    #[tokio::test]
    async fn wait_treats_probe_error_as_not_yet() {
        let mut calls = 0;
        let value = wait_until("recovery", Duration::from_secs(5), async || {
            calls += 1;
            if calls == 1 {
                bail!("stale element");
            }
            Ok(Seen::Done("recovered"))
        })
        .await
        .unwrap();
        assert_eq!(value, "recovered");
    }
}
