//! Reading the platform's `expire` value and judging how close it is.
//! The value has the form `YYYY-MM-DD HH:MM:SS` with no zone, and the
//! platform means UTC.

/// Days before expiry from which the card highlights the date. It equals the
/// platform's default import window, so a highlighted certificate is one that
/// can no longer be renewed with the same material.
pub const NEAR_EXPIRY_DAYS: i64 = 60;

const SECONDS_PER_DAY: i64 = 86_400;

/// Urgency of an expiry date.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Urgency {
    Fine,
    Near,
    Expired,
}

/// An `expire` value read against the current time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Expiry {
    /// A readable date, as Unix seconds, with whole days left (negative when
    /// it has passed, counting whole days since).
    Known {
        unix_seconds: i64,
        days_left: i64,
        urgency: Urgency,
    },
    /// A value in another format, kept as the server sent it.
    Unreadable(String),
    /// No value at all.
    Missing,
}

impl Expiry {
    /// Reads `value` relative to `now_unix_seconds`.
    pub fn read(value: Option<&str>, now_unix_seconds: i64) -> Expiry {
        let Some(text) = value.map(str::trim).filter(|text| !text.is_empty()) else {
            return Expiry::Missing;
        };
        let Some(unix_seconds) = parse_utc_timestamp(text) else {
            return Expiry::Unreadable(text.to_owned());
        };
        // Whole days are counted away from now in both directions, so that
        // half a day past expiry reads "expired today", not "1 day ago".
        let days_left = if unix_seconds >= now_unix_seconds {
            (unix_seconds - now_unix_seconds) / SECONDS_PER_DAY
        } else {
            -((now_unix_seconds - unix_seconds) / SECONDS_PER_DAY)
        };
        let urgency = if unix_seconds <= now_unix_seconds {
            Urgency::Expired
        } else if days_left < NEAR_EXPIRY_DAYS {
            Urgency::Near
        } else {
            Urgency::Fine
        };
        Expiry::Known {
            unix_seconds,
            days_left,
            urgency,
        }
    }

    /// Describes the days left in words, such as "in 12 days" or
    /// "expired 3 days ago".
    pub fn days_left_text(&self) -> Option<String> {
        let Expiry::Known {
            days_left, urgency, ..
        } = self
        else {
            return None;
        };
        Some(match (urgency, days_left) {
            (Urgency::Expired, _) => match -days_left {
                0 => "expired today".to_owned(),
                1 => "expired 1 day ago".to_owned(),
                days => format!("expired {days} days ago"),
            },
            (_, 0) => "expires today".to_owned(),
            (_, 1) => "1 day left".to_owned(),
            (_, days) => format!("{days} days left"),
        })
    }
}

/// Parses `YYYY-MM-DD HH:MM:SS` (a `T` separator is tolerated) as UTC.
pub fn parse_utc_timestamp(text: &str) -> Option<i64> {
    let bytes = text.as_bytes();
    if bytes.len() != 19
        || bytes[4] != b'-'
        || bytes[7] != b'-'
        || !matches!(bytes[10], b' ' | b'T')
    {
        return None;
    }
    if bytes[13] != b':' || bytes[16] != b':' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(range)?;
        part.bytes()
            .all(|byte| byte.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4)?, number(5..7)?, number(8..10)?);
    let (hour, minute, second) = (number(11..13)?, number(14..16)?, number(17..19)?);
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    Some(days_from_civil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Counts days from 1970-01-01 to a proleptic Gregorian date, with the
/// era-based method of Howard Hinnant's `days_from_civil`.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let shifted_month = (month + 9) % 12;
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_platform_format_as_utc() {
        assert_eq!(parse_utc_timestamp("1970-01-01 00:00:00"), Some(0));
        // 2034-05-22 02:43:21 UTC, checked with `date -u -d ... +%s`.
        assert_eq!(
            parse_utc_timestamp("2034-05-22 02:43:21"),
            Some(2_031_878_601)
        );
        assert_eq!(
            parse_utc_timestamp("2024-02-29T12:00:00"),
            Some(1_709_208_000)
        );
    }

    #[test]
    fn rejects_impossible_or_foreign_formats() {
        for text in [
            "2023-02-29 00:00:00",
            "2034-13-01 00:00:00",
            "22/05/2034",
            "2034-05-22",
            "2034-05-22 24:00:00",
        ] {
            assert_eq!(parse_utc_timestamp(text), None, "{text}");
        }
    }

    #[test]
    fn near_expiry_is_highlighted() {
        let now = parse_utc_timestamp("2026-01-01 00:00:00").unwrap();
        let soon = Expiry::read(Some("2026-01-31 00:00:00"), now);
        assert!(matches!(
            soon,
            Expiry::Known {
                days_left: 30,
                urgency: Urgency::Near,
                ..
            }
        ));
        assert_eq!(soon.days_left_text().as_deref(), Some("30 days left"));
        let later = Expiry::read(Some("2027-01-01 00:00:00"), now);
        assert!(matches!(
            later,
            Expiry::Known {
                urgency: Urgency::Fine,
                ..
            }
        ));
    }

    #[test]
    fn past_expiry_counts_days_ago() {
        let now = parse_utc_timestamp("2026-01-10 12:00:00").unwrap();
        let expired = Expiry::read(Some("2026-01-07 12:00:00"), now);
        assert!(matches!(
            expired,
            Expiry::Known {
                urgency: Urgency::Expired,
                ..
            }
        ));
        assert_eq!(
            expired.days_left_text().as_deref(),
            Some("expired 3 days ago")
        );
    }

    #[test]
    fn missing_and_unreadable_values_are_kept_apart() {
        assert_eq!(Expiry::read(None, 0), Expiry::Missing);
        assert_eq!(Expiry::read(Some("  "), 0), Expiry::Missing);
        assert_eq!(
            Expiry::read(Some("next year"), 0),
            Expiry::Unreadable("next year".into())
        );
    }
}
