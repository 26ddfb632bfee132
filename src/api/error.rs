//! The one error type of the API layer, built once from a response's status
//! and body so that every component can match on what went wrong.

use thiserror::Error;

/// A failed API call, as a component needs to tell it apart.
#[derive(Clone, Debug, PartialEq, Eq, Error)]
pub enum ApiError {
    /// 401: the key or secret is wrong, or missing.
    #[error("authentication failed")]
    Unauthorized,
    /// 403: the key has no access to this deployment or to the list.
    #[error("access denied")]
    Forbidden { message: Option<String> },
    /// 404 on a deployment: the id is unknown.
    #[error("deployment not found")]
    NotFound { message: Option<String> },
    /// 400 or 422: the platform rejected the request body.
    #[error("request rejected")]
    Rejected {
        status: u16,
        message: Option<String>,
    },
    /// 429: the rate limit is used up.
    #[error("rate limited")]
    RateLimited {
        retry_after_seconds: Option<u64>,
        message: Option<String>,
        /// Whether the panel's own count stopped the request before it was
        /// sent, in place of a 429 from the platform.
        not_sent: bool,
    },
    /// 5xx: the platform failed.
    #[error("server error {status}")]
    Server {
        status: u16,
        message: Option<String>,
    },
    /// Any other status the contract does not name.
    #[error("unexpected status {status}")]
    UnexpectedStatus {
        status: u16,
        message: Option<String>,
    },
    /// A success status whose body could not be read as the contract's JSON.
    #[error("invalid response body")]
    InvalidBody { status: u16 },
    /// No response arrived within the request timeout.
    #[error("timed out")]
    Timeout { seconds: u32 },
    /// The request never reached the API: connection refused, DNS failure,
    /// or a CORS preflight the browser rejected.
    #[error("network failure")]
    Network,
}

/// Maximum length of a plain-text body shown to the operator as the server's message.
const MAX_PLAIN_MESSAGE_CHARS: usize = 300;

impl ApiError {
    /// Builds the error for a response with a status outside 2xx.
    pub fn from_response(status: u16, body: &str, retry_after: Option<&str>) -> ApiError {
        let message = server_message(body);
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden { message },
            404 => ApiError::NotFound { message },
            400 | 422 => ApiError::Rejected { status, message },
            429 => ApiError::RateLimited {
                retry_after_seconds: retry_after.and_then(parse_retry_after),
                message,
                not_sent: false,
            },
            500..=599 => ApiError::Server { status, message },
            _ => ApiError::UnexpectedStatus { status, message },
        }
    }

    /// Tells whether a write that failed this way may still have been
    /// applied: no response arrived, or the platform itself failed.
    pub fn leaves_write_outcome_unknown(&self) -> bool {
        matches!(
            self,
            ApiError::Timeout { .. } | ApiError::Server { .. } | ApiError::Network
        )
    }

    /// Returns the server's own message, when the response carried one.
    pub fn server_text(&self) -> Option<&str> {
        match self {
            ApiError::Forbidden { message }
            | ApiError::NotFound { message }
            | ApiError::Rejected { message, .. }
            | ApiError::RateLimited { message, .. }
            | ApiError::Server { message, .. }
            | ApiError::UnexpectedStatus { message, .. } => message.as_deref(),
            _ => None,
        }
    }
}

/// Extracts a human-readable message from an error body: a JSON object with
/// a `message`, `msg`, `error` or `reason` string, or short plain text.
/// HTML pages and long bodies give `None`, so the caller falls back to the
/// status in plain words.
pub fn server_message(body: &str) -> Option<String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
        let object = value.as_object()?;
        return ["message", "msg", "error", "reason"]
            .iter()
            .filter_map(|field| object.get(*field))
            .find_map(|field| field.as_str())
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty());
    }
    let looks_like_markup = trimmed.starts_with('<');
    let looks_like_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    if looks_like_markup || looks_like_json || trimmed.chars().count() > MAX_PLAIN_MESSAGE_CHARS {
        return None;
    }
    Some(trimmed.to_owned())
}

/// Reads `Retry-After` given in seconds. The HTTP-date form is not used by
/// the platform, and an unreadable value falls back to the panel's own count.
pub fn parse_retry_after(value: &str) -> Option<u64> {
    value.trim().parse::<u64>().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_each_documented_status() {
        assert_eq!(
            ApiError::from_response(401, "", None),
            ApiError::Unauthorized
        );
        assert!(matches!(
            ApiError::from_response(403, "", None),
            ApiError::Forbidden { .. }
        ));
        assert!(matches!(
            ApiError::from_response(404, "", None),
            ApiError::NotFound { .. }
        ));
        assert!(matches!(
            ApiError::from_response(422, "", None),
            ApiError::Rejected { status: 422, .. }
        ));
        assert!(matches!(
            ApiError::from_response(502, "", None),
            ApiError::Server { status: 502, .. }
        ));
        assert!(matches!(
            ApiError::from_response(418, "", None),
            ApiError::UnexpectedStatus { status: 418, .. }
        ));
    }

    #[test]
    fn unknown_write_outcome_covers_lost_responses_only() {
        assert!(ApiError::Timeout { seconds: 20 }.leaves_write_outcome_unknown());
        assert!(ApiError::Network.leaves_write_outcome_unknown());
        assert!(
            ApiError::Server {
                status: 502,
                message: None
            }
            .leaves_write_outcome_unknown()
        );
        assert!(
            !ApiError::Rejected {
                status: 422,
                message: None
            }
            .leaves_write_outcome_unknown()
        );
        assert!(!ApiError::Unauthorized.leaves_write_outcome_unknown());
    }

    #[test]
    fn rejection_keeps_json_message() {
        let error = ApiError::from_response(422, r#"{"message":"key does not match"}"#, None);
        assert_eq!(error.server_text(), Some("key does not match"));
    }

    #[test]
    fn message_read_from_alternative_fields() {
        assert_eq!(server_message(r#"{"msg":"a"}"#).as_deref(), Some("a"));
        assert_eq!(server_message(r#"{"error":"b"}"#).as_deref(), Some("b"));
        assert_eq!(server_message(r#"{"reason":"c"}"#).as_deref(), Some("c"));
        assert_eq!(server_message(r#"{"code":7}"#), None);
    }

    #[test]
    fn plain_text_body_is_a_message() {
        assert_eq!(
            server_message("certificate rejected\n").as_deref(),
            Some("certificate rejected")
        );
    }

    #[test]
    fn html_and_empty_bodies_have_no_message() {
        assert_eq!(
            server_message("<html><body>Bad Gateway</body></html>"),
            None
        );
        assert_eq!(server_message("   "), None);
        assert_eq!(
            server_message(&"x".repeat(MAX_PLAIN_MESSAGE_CHARS + 1)),
            None
        );
    }

    #[test]
    fn rate_limit_reads_retry_after_seconds() {
        let error = ApiError::from_response(429, "", Some(" 120 "));
        assert_eq!(
            error,
            ApiError::RateLimited {
                retry_after_seconds: Some(120),
                message: None,
                not_sent: false,
            }
        );
    }

    #[test]
    fn rate_limit_without_usable_retry_after() {
        let missing = ApiError::from_response(429, "", None);
        let date_form = ApiError::from_response(429, "", Some("Wed, 21 Oct 2026 07:28:00 GMT"));
        assert!(matches!(
            missing,
            ApiError::RateLimited {
                retry_after_seconds: None,
                ..
            }
        ));
        assert!(matches!(
            date_form,
            ApiError::RateLimited {
                retry_after_seconds: None,
                ..
            }
        ));
    }
}
