//! Reading the panel's rate-limit wait after a 429: the alert's fixed
//! "The next try is allowed at HH:MM:SS UTC." and the timer's
//! "Try again in M:SS.", which counts down outside the alert.

use anyhow::{Context, Result, bail};

/// The countdown as shown at one moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Countdown {
    /// Seconds until the next request is allowed.
    pub seconds_left: u64,
    /// The moment it is allowed, as seconds since midnight UTC.
    pub at_second_of_day: u64,
}

/// Reads the clock time from the `alert` text and the wait from the `timer`
/// text. The wait may also read `H:MM:SS`.
pub fn parse_countdown(alert: &str, timer: &str) -> Result<Countdown> {
    let clock = text_between(alert, "The next try is allowed at ", " UTC.")?;
    let wait = text_between(timer, "Try again in ", ".")?;
    Ok(Countdown {
        seconds_left: clock_seconds(wait).with_context(|| format!("invalid wait in {timer:?}"))?,
        at_second_of_day: clock_seconds(clock)
            .with_context(|| format!("invalid clock time in {alert:?}"))?,
    })
}

/// Returns the text between the first `before` in `text` and the next `after`.
fn text_between<'a>(text: &'a str, before: &str, after: &str) -> Result<&'a str> {
    let Some(start) = text.find(before) else {
        bail!("no {before:?} in {text:?}");
    };
    let rest = &text[start + before.len()..];
    let Some((inside, _)) = rest.split_once(after) else {
        bail!("no {after:?} after {before:?} in {text:?}");
    };
    Ok(inside)
}

/// Converts `M:SS`, `H:MM:SS` or `HH:MM:SS` into seconds.
fn clock_seconds(text: &str) -> Result<u64> {
    let mut total = 0;
    let parts: Vec<&str> = text.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        bail!("{text:?} is not M:SS or H:MM:SS");
    }
    for part in parts {
        let value: u64 = part
            .parse()
            .with_context(|| format!("{part:?} in {text:?} is not a number"))?;
        total = total * 60 + value;
    }
    Ok(total)
}

/// Returns the second of the UTC day of `unix_ms`, the way the panel prints
/// a clock time: whole seconds, rounded down.
pub fn second_of_day(unix_ms: i64) -> u64 {
    (unix_ms.div_euclid(1000) as u64) % 86_400
}

/// Returns the distance between two seconds of the day, across midnight.
pub fn seconds_apart(a: u64, b: u64) -> u64 {
    let difference = a.abs_diff(b);
    difference.min(86_400 - difference)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_wait_and_clock_time() {
        let countdown = parse_countdown(
            "Too many requests: ... The next try is allowed at 20:15:03 UTC.",
            "Try again in 1:58.",
        )
        .unwrap();
        assert_eq!(
            countdown,
            Countdown {
                seconds_left: 118,
                at_second_of_day: 20 * 3600 + 15 * 60 + 3
            }
        );
    }

    #[test]
    fn reads_wait_over_an_hour() {
        let countdown = parse_countdown(
            "The next try is allowed at 00:00:09 UTC.",
            "Try again in 1:02:05.",
        )
        .unwrap();
        assert_eq!(countdown.seconds_left, 3725);
        assert_eq!(countdown.at_second_of_day, 9);
    }

    #[test]
    fn rejects_text_without_countdown() {
        let alert = "The next try is allowed at 20:15:03 UTC.";
        assert!(parse_countdown(alert, "You can try again now.").is_err());
        assert!(parse_countdown(alert, "Try again in soon.").is_err());
        assert!(parse_countdown("Too many requests.", "Try again in 1:58.").is_err());
    }

    #[test]
    fn second_of_day_rounds_down() {
        assert_eq!(second_of_day(86_400_000 + 3_723_999), 3723);
    }

    #[test]
    fn distance_wraps_at_midnight() {
        assert_eq!(seconds_apart(86_399, 1), 2);
        assert_eq!(seconds_apart(100, 90), 10);
    }
}
