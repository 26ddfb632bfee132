//! A live countdown to the moment a rate-limited request may be sent again.

use leptos::prelude::*;
use std::time::Duration;

/// Shows "Try again in M:SS." and counts down each second until
/// `deadline_ms`, the time in milliseconds since the Unix epoch when the next
/// request is allowed. It belongs outside any live region, because a screen
/// reader would read it out every second. [`retry_time`] gives the fixed
/// wording for the announcement.
#[component]
pub fn RetryCountdown(deadline_ms: f64) -> impl IntoView {
    let (now_ms, set_now_ms) = signal(js_sys::Date::now());
    let handle = set_interval_with_handle(
        move || set_now_ms.set(js_sys::Date::now()),
        Duration::from_secs(1),
    );
    if let Ok(handle) = handle {
        on_cleanup(move || handle.clear());
    }

    move || {
        let seconds_left = ((deadline_ms - now_ms.get()) / 1000.0).ceil().max(0.0) as u64;
        if seconds_left == 0 {
            "You can try again now.".to_owned()
        } else {
            format!("Try again in {}.", format_wait(seconds_left))
        }
    }
}

/// Returns the sentence that gives the time a rate-limited request may be
/// sent again. Its words do not change, so the alert that announces the 429
/// can include it. `deadline_ms` is `None` when the platform sent no
/// `Retry-After` and the panel's count gives no time either.
pub fn retry_time(deadline_ms: Option<f64>) -> String {
    match deadline_ms {
        Some(deadline) => format!(
            "The next try is allowed at {} UTC.",
            clock_time_utc(deadline)
        ),
        None => "The platform did not say when. Requests free up as calls older than 60 minutes \
                 leave the window, so wait before trying again."
            .to_owned(),
    }
}

/// Returns the hint that explains why `control` is off when no call of
/// `method` is left, and when it is available again if the `seconds` until
/// then are known.
pub fn no_calls_left(method: &str, control: &str, seconds: Option<u64>) -> String {
    match seconds {
        Some(seconds) => format!(
            "No {method} left in this window. {control} is available again in {}.",
            format_wait(seconds)
        ),
        None => format!("No {method} left in this window."),
    }
}

/// Formats a wait as `M:SS`, or `H:MM:SS` from one hour on.
pub fn format_wait(seconds: u64) -> String {
    let (hours, minutes, seconds) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours > 0 {
        format!("{hours}:{minutes:02}:{seconds:02}")
    } else {
        format!("{minutes}:{seconds:02}")
    }
}

/// Formats the UTC clock time of `unix_ms` as `HH:MM:SS`.
pub fn clock_time_utc(unix_ms: f64) -> String {
    let seconds_of_day = ((unix_ms / 1000.0) as u64) % 86_400;
    format!(
        "{:02}:{:02}:{:02}",
        seconds_of_day / 3600,
        seconds_of_day / 60 % 60,
        seconds_of_day % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_format_as_clock_durations() {
        assert_eq!(format_wait(5), "0:05");
        assert_eq!(format_wait(754), "12:34");
        assert_eq!(format_wait(3_725), "1:02:05");
    }

    #[test]
    fn clock_time_is_utc_time_of_day() {
        assert_eq!(clock_time_utc(86_400_000.0 + 3_723_000.0), "01:02:03");
    }
}
