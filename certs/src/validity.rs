//! The validity window of each certificate, checked against "now".

use crate::certificate::Cert;
use crate::extract::Found;
use crate::policy::Policy;
use crate::preview::days_between;
use crate::problems::{Problem, ProblemKind};

const SECONDS_PER_DAY: i64 = 86_400;

/// Checks the validity window. A problem with the leaf blocks, because the platform
/// enforces the window for it. Chain and client CA certificates only get warnings, because
/// bundles from public CAs still carry expired cross-signed certificates that clients skip.
pub(crate) fn check_validity(
    cert: &Found<Cert>,
    source: &str,
    is_leaf: bool,
    policy: &Policy,
    now_unix: i64,
    problems: &mut Vec<Problem>,
) {
    let cert_text = &cert.item.subject;
    let problem = |kind, message: String| {
        if is_leaf {
            Problem::blocking(kind, message)
        } else {
            Problem::warning(kind, message)
        }
    };

    if now_unix < cert.item.not_before {
        problems.push(
            problem(
                ProblemKind::NotYetValid,
                format!(
                    "The certificate {cert_text} is valid only from {} UTC, and the platform rejects it before then.",
                    cert.item.not_before_text
                ),
            )
            .in_source(source)
            .with_fix("Upload it after its validity starts, or issue a certificate whose validity has already started."),
        );
        return;
    }

    let days_left = days_between(now_unix, cert.item.not_after);
    if now_unix >= cert.item.not_after {
        problems.push(
            problem(
                ProblemKind::Expired,
                format!(
                    "The certificate {cert_text} expired on {} UTC, {} days ago.",
                    cert.item.not_after_text, -days_left
                ),
            )
            .in_source(source)
            .with_fix("Renew the certificate and upload the new one."),
        );
        return;
    }

    let margin_seconds = i64::from(policy.expiry_margin_days) * SECONDS_PER_DAY;
    // A certificate that ends exactly at the margin is inside it, as the platform counts.
    if cert.item.not_after - now_unix > margin_seconds {
        return;
    }
    let problem = if is_leaf {
        Problem::blocking(
            ProblemKind::ExpiresSoon,
            format!(
                "The certificate {cert_text} expires on {} UTC, in {days_left} days, and the platform rejects certificates within {} days of expiry.",
                cert.item.not_after_text, policy.expiry_margin_days
            ),
        )
        .with_fix("Renew the certificate and upload the new one.")
    } else {
        // The platform checks only the leaf's dates, but clients stop at an expired CA.
        let role = if cert.item.is_ca {
            "CA certificate"
        } else {
            "certificate"
        };
        Problem::warning(
            ProblemKind::ExpiresSoon,
            format!(
                "The {role} {cert_text} expires on {} UTC, in {days_left} days. After that date clients cannot verify the chain, even while the server certificate is still valid.",
                cert.item.not_after_text
            ),
        )
        .with_fix("Get the current chain from your CA and upload it with the server certificate before that date.")
    };
    problems.push(problem.in_source(source));
}
