//! Wall-clock time as Unix seconds and its text form in UTC.

use std::time::{SystemTime, UNIX_EPOCH};

use time::OffsetDateTime;
use time::macros::format_description;

/// Returns the current Unix time in milliseconds.
pub fn now_unix_millis() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|elapsed| elapsed.as_millis() as u64)
        .unwrap_or(0)
}

/// Returns the current Unix time in seconds.
pub fn now_unix() -> u64 {
    now_unix_millis() / 1000
}

/// Formats Unix seconds as `YYYY-MM-DD HH:MM:SS` in UTC, the form of `expire`.
/// Returns `None` outside the years -9999 to 9999.
pub fn format_utc_seconds(unix: i64) -> Option<String> {
    let moment = OffsetDateTime::from_unix_timestamp(unix).ok()?;
    moment
        .format(format_description!(
            "[year]-[month]-[day] [hour]:[minute]:[second]"
        ))
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_expire_in_utc() {
        assert_eq!(
            format_utc_seconds(2_031_878_601).as_deref(),
            Some("2034-05-22 02:43:21")
        );
    }
}
