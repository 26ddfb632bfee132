//! Plain-words messages for failed API calls. The same status means
//! different things depending on the call, so each message names what to do
//! next for the operation that failed.

use crate::api::ApiError;
use crate::budget::Limits;

/// The call that failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operation {
    ListDeployments,
    ReadCertificate,
    SaveCertificate,
    DeleteCertificate,
}

impl Operation {
    fn is_write(self) -> bool {
        matches!(
            self,
            Operation::SaveCertificate | Operation::DeleteCertificate
        )
    }
}

/// Describes `error` for the operator. A 429's waiting time is shown apart
/// from this text, because it counts down.
pub fn describe(error: &ApiError, operation: Operation, limits: &Limits) -> String {
    match error {
        ApiError::Unauthorized => "Authentication failed: the API key or secret is wrong, or the key \
            was deleted. Enter them again under Connection."
            .to_owned(),
        ApiError::Forbidden { .. } if operation == Operation::ListDeployments => {
            "This API key may not list deployments. Type the deployment ID below instead.".to_owned()
        }
        ApiError::Forbidden { .. } => "This API key has no access to this deployment. Use a key of \
            the deployment's project, or choose another deployment."
            .to_owned(),
        ApiError::NotFound { .. } => "Deployment not found. TLS calls need the deployment ID (such \
            as ge6a1a75), not its name; check the ID and try again."
            .to_owned(),
        ApiError::Rejected { status, message } => describe_rejection(*status, message.as_deref(), operation),
        ApiError::RateLimited { not_sent, .. } => {
            let (limit, kind) =
                if operation.is_write() { (limits.write_limit, "writes of each method") } else { (limits.read_limit, "reads") };
            let minutes = limits.window_ms / 60_000;
            if *not_sent {
                format!(
                    "Not sent: this API key has used its {limit} {kind} of the last {minutes} minutes, as this \
                     panel counts them, so the platform would refuse the request."
                )
            } else {
                format!(
                    "Too many requests: the platform allows {limit} {kind} in {minutes} minutes. Calls \
                     made with this API key elsewhere, such as other browsers or scripts, count too."
                )
            }
        }
        ApiError::Server { status, message } => {
            let mut text = format!("The platform failed with HTTP {status} {}.", reason_phrase(*status));
            if let Some(message) = message {
                text.push_str(&format!(" It said: \"{message}\"."));
            }
            text.push_str(if operation.is_write() {
                " The change may or may not have been applied: refresh the status before trying again."
            } else {
                " Try again in a few minutes."
            });
            text
        }
        ApiError::UnexpectedStatus { status, message } => {
            let mut text = format!("The platform answered with HTTP {status}, which this panel does not expect.");
            if let Some(message) = message {
                text.push_str(&format!(" It said: \"{message}\"."));
            }
            text.push_str(" Refresh the status to see the current state.");
            text
        }
        ApiError::InvalidBody { status } => format!(
            "The platform answered HTTP {status} with a body this panel cannot read. Refresh the \
             status to see the current state."
        ),
        ApiError::Timeout { seconds } if operation.is_write() => format!(
            "The platform did not answer within {seconds} seconds. The change may still be applied: \
             refresh the status before trying again."
        ),
        ApiError::Timeout { seconds } => {
            format!("The platform did not answer within {seconds} seconds. Try again in a moment.")
        }
        ApiError::Network => "The API cannot be reached from this page: the connection failed or the \
            browser blocked it. Check your network connection and try again. If it keeps failing, ask \
            whoever hosts this panel to check its API address (apiBase in config.json). This is not a \
            problem with the key or secret."
            .to_owned(),
    }
}

fn describe_rejection(status: u16, message: Option<&str>, operation: Operation) -> String {
    match (operation, message) {
        (Operation::SaveCertificate, Some(message)) => {
            let full_stop = if message.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            format!(
                "The platform rejected the certificate: {message}{full_stop} Nothing was changed. The \
                 panel's own checks did not catch this, so fix the files as the platform's message \
                 says and save again, or send the message to the platform's support."
            )
        }
        (Operation::SaveCertificate, None) => {
            "The platform rejected the certificate material without \
            saying why. Nothing was changed. Check that the certificate, key and client CA are PEM \
            files that belong together, then save again."
                .to_owned()
        }
        (_, Some(message)) => format!("The platform rejected the request: {message}"),
        (_, None) => format!("The platform rejected the request with HTTP {status}."),
    }
}

/// Names common HTTP statuses in words.
pub fn reason_phrase(status: u16) -> &'static str {
    match status {
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbidden_list_suggests_typing_id() {
        let text = describe(
            &ApiError::Forbidden { message: None },
            Operation::ListDeployments,
            &Limits::default(),
        );
        assert!(text.contains("Type the deployment ID"), "{text}");
    }

    #[test]
    fn not_found_reminds_id_versus_name() {
        let text = describe(
            &ApiError::NotFound { message: None },
            Operation::ReadCertificate,
            &Limits::default(),
        );
        assert!(text.contains("not its name"), "{text}");
    }

    #[test]
    fn rejection_shows_server_message() {
        let error = ApiError::Rejected {
            status: 422,
            message: Some("key does not match".into()),
        };
        let text = describe(&error, Operation::SaveCertificate, &Limits::default());
        assert!(
            text.starts_with("The platform rejected the certificate: key does not match. "),
            "{text}"
        );
        assert!(text.contains("Nothing was changed."), "{text}");
        assert!(
            text.contains("save again"),
            "the message names a next step: {text}"
        );
    }

    #[test]
    fn rejection_without_message_is_plain() {
        let text = describe(
            &ApiError::Rejected {
                status: 422,
                message: None,
            },
            Operation::SaveCertificate,
            &Limits::default(),
        );
        assert!(
            text.starts_with("The platform rejected the certificate material"),
            "{text}"
        );
        assert!(text.contains("Nothing was changed."), "{text}");
    }

    #[test]
    fn server_error_names_status_in_words() {
        let text = describe(
            &ApiError::Server {
                status: 502,
                message: None,
            },
            Operation::ReadCertificate,
            &Limits::default(),
        );
        assert!(text.contains("HTTP 502 Bad Gateway"), "{text}");
        assert!(!text.contains("JSON"), "{text}");
    }

    #[test]
    fn write_timeout_asks_to_refresh_first() {
        let text = describe(
            &ApiError::Timeout { seconds: 20 },
            Operation::SaveCertificate,
            &Limits::default(),
        );
        assert!(
            text.contains("refresh the status before trying again"),
            "{text}"
        );
    }

    #[test]
    fn network_failure_is_not_blamed_on_credentials() {
        let text = describe(
            &ApiError::Network,
            Operation::ListDeployments,
            &Limits::default(),
        );
        assert!(text.contains("cannot be reached"), "{text}");
        assert!(
            text.contains("not a problem with the key or secret"),
            "{text}"
        );
    }

    #[test]
    fn rate_limit_names_the_budget() {
        let error = ApiError::RateLimited {
            retry_after_seconds: Some(5),
            message: None,
            not_sent: false,
        };
        let platform = Limits::default();
        let short = Limits {
            read_limit: 20,
            write_limit: 4,
            window_ms: 120_000,
        };
        let text = describe(&error, Operation::SaveCertificate, &platform);
        assert!(
            text.contains("6 writes of each method in 60 minutes"),
            "{text}"
        );
        assert!(
            text.contains("Calls made with this API key elsewhere"),
            "a 429 the panel's own count did not expect is explained: {text}"
        );
        let text = describe(&error, Operation::ReadCertificate, &platform);
        assert!(text.contains("60 reads in 60 minutes"), "{text}");
        let text = describe(&error, Operation::SaveCertificate, &short);
        assert!(
            text.contains("4 writes of each method in 2 minutes"),
            "{text}"
        );
    }

    #[test]
    fn own_count_stop_reads_not_sent() {
        let error = ApiError::RateLimited {
            retry_after_seconds: Some(5),
            message: None,
            not_sent: true,
        };
        let text = describe(&error, Operation::ReadCertificate, &Limits::default());
        assert!(text.starts_with("Not sent:"), "{text}");
        assert!(text.contains("60 reads of the last 60 minutes"), "{text}");
    }
}
