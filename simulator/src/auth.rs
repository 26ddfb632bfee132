//! HTTP Basic authentication, key scopes and the rate-limit gate in front of
//! every API route.
//!
//! The gate runs the checks in the order a real API applies them. First comes
//! authentication (401), then the rate limit of the key (429). Only then does
//! the handler check access (403), look the deployment up (404) and read the
//! body. Every request that passes authentication is counted, whatever its
//! outcome, except a request that is itself over the limit.

use std::sync::Arc;
use std::time::Instant;

use axum::extract::{Request, State};
use axum::http::{HeaderMap, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use crate::app::AppState;
use crate::error::ApiError;
use crate::rate_limit::{Bucket, Decision};

/// The authenticated caller, stored in the request's extensions.
#[derive(Debug, Clone)]
pub struct Principal {
    pub key: String,
    /// Deployment IDs the key may reach, or `None` for every deployment.
    pub allowed: Option<Vec<String>>,
}

impl Principal {
    pub fn can_list_deployments(&self) -> bool {
        self.allowed.is_none()
    }

    pub fn can_reach(&self, deployment_id: &str) -> bool {
        match &self.allowed {
            None => true,
            Some(ids) => ids.iter().any(|id| id == deployment_id),
        }
    }

    /// Returns the 403 for a deployment outside the key's scope, or `Ok`.
    pub fn require_access(&self, deployment_id: &str) -> Result<(), ApiError> {
        if self.can_reach(deployment_id) {
            Ok(())
        } else {
            Err(ApiError::forbidden(format!(
                "this API key has no access to deployment '{deployment_id}'; \
                 use a key of the project that owns it"
            )))
        }
    }
}

/// Remaining budget of the caller's bucket after this request, stored in the
/// response's extensions for the access log.
#[derive(Debug, Clone, Copy)]
pub struct BudgetNote {
    pub bucket: Bucket,
    pub remaining: usize,
}

/// Authenticates the request, applies the key's rate limit and then runs the route.
pub async fn gate(State(app): State<Arc<AppState>>, mut request: Request, next: Next) -> Response {
    let principal = match authenticate(request.headers(), &app) {
        Ok(principal) => principal,
        Err(error) => return error.into_response(),
    };

    let Some(bucket) = Bucket::for_method(request.method()) else {
        request.extensions_mut().insert(principal);
        return next.run(request).await;
    };

    let decision = app
        .limiter
        .lock()
        .expect("rate limiter lock is not poisoned")
        .check(&principal.key, bucket, Instant::now());
    match decision {
        Decision::Allowed { remaining } => {
            request.extensions_mut().insert(principal);
            let mut response = next.run(request).await;
            response
                .extensions_mut()
                .insert(BudgetNote { bucket, remaining });
            response
        }
        Decision::Limited { limit, retry_after } => {
            let window = app.config.window_seconds;
            let mut error = ApiError::new(
                axum::http::StatusCode::TOO_MANY_REQUESTS,
                format!(
                    "rate limit exceeded: this API key may send {limit} {} requests \
                     in {window} seconds; retry in {retry_after} seconds",
                    bucket.methods()
                ),
            );
            if !app.config.no_retry_after {
                error.retry_after = Some(retry_after);
            }
            let mut response = error.into_response();
            response.extensions_mut().insert(BudgetNote {
                bucket,
                remaining: 0,
            });
            response
        }
    }
}

fn authenticate(headers: &HeaderMap, app: &AppState) -> Result<Principal, ApiError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized(
            "missing credentials: send the API key and secret with HTTP Basic authentication",
        ));
    };
    let failed =
        || ApiError::unauthorized("API key authentication failed: check the API key and secret");
    let (key, secret) = parse_basic(value.as_bytes()).ok_or_else(failed)?;

    let config = &app.config;
    if key == config.key && secrets_match(&secret, &config.secret) {
        return Ok(Principal { key, allowed: None });
    }
    if key == config.restricted_key && secrets_match(&secret, &config.restricted_secret) {
        return Ok(Principal {
            key,
            allowed: Some(config.restricted_deployments.clone()),
        });
    }
    Err(failed())
}

/// Splits a `Basic` Authorization value into key and secret.
fn parse_basic(value: &[u8]) -> Option<(String, String)> {
    let text = std::str::from_utf8(value).ok()?.trim();
    let (scheme, encoded) = text.split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (key, secret) = decoded.split_once(':')?;
    Some((key.to_owned(), secret.to_owned()))
}

/// Compares in time that depends only on the lengths, so that response
/// timing does not reveal how much of a guessed secret is right.
fn secrets_match(provided: &str, expected: &str) -> bool {
    let provided = provided.as_bytes();
    let expected = expected.as_bytes();
    if provided.len() != expected.len() {
        return false;
    }
    provided
        .iter()
        .zip(expected)
        .fold(0u8, |difference, (a, b)| difference | (a ^ b))
        == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_basic_credentials() {
        let value = format!("Basic {}", STANDARD.encode("demo-key:se:cret"));

        let parsed = parse_basic(value.as_bytes());

        assert_eq!(parsed, Some(("demo-key".to_owned(), "se:cret".to_owned())));
    }

    #[test]
    fn rejects_other_schemes() {
        let value = format!("Bearer {}", STANDARD.encode("demo-key:secret"));

        assert_eq!(parse_basic(value.as_bytes()), None);
    }

    #[test]
    fn compares_secrets_exactly() {
        assert!(secrets_match("demo-secret", "demo-secret"));
        assert!(!secrets_match("demo-secreT", "demo-secret"));
        assert!(!secrets_match("demo", "demo-secret"));
    }
}
