//! The only code that talks to the platform. Each call is recorded in the
//! rate-limit ledger, sends HTTP Basic auth, gives up after the configured
//! timeout through an abort signal, and turns every outcome into
//! `Result<T, ApiError>` in one place.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::{Method, RequestBuilder};
use gloo_timers::callback::Timeout;
use serde::de::DeserializeOwned;
use web_sys::{AbortController, RequestCache};

use super::error::ApiError;
use super::types::{CertificateState, Deployment, TlsStatus, TlsUpload};
use crate::budget::{CallKind, SharedLedger, key_id, now_ms};
use crate::config::PanelConfig;
use crate::credentials::Credentials;

/// Write method of a save: `POST` creates, `PUT` replaces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveMode {
    Create,
    Replace,
}

/// A client of the platform API for one key.
#[derive(Clone, Debug, PartialEq)]
pub struct ApiClient {
    base: String,
    credentials: Credentials,
    /// Hash of the API key that names its entries in the ledger.
    key_id: String,
    timeout_seconds: u32,
    ledger: SharedLedger,
}

struct RawResponse {
    status: u16,
    body: String,
}

impl ApiClient {
    pub fn new(config: &PanelConfig, credentials: Credentials, ledger: SharedLedger) -> ApiClient {
        ApiClient {
            base: config.api_base.clone(),
            key_id: key_id(&credentials.key),
            credentials,
            timeout_seconds: config.request_timeout_seconds,
            ledger,
        }
    }

    /// Returns the ledger's name for this client's key.
    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    /// Returns the API key this client sends, never its secret.
    pub fn key(&self) -> &str {
        &self.credentials.key
    }

    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// Sends `GET /deployments`.
    pub async fn list_deployments(&self) -> Result<Vec<Deployment>, ApiError> {
        let response = self
            .send(Method::GET, "/deployments".to_owned(), None)
            .await?;
        parse_body(&response)
    }

    /// Sends `GET /deployments/{id}/tls`. An empty body, null fields, or a
    /// 404 whose message speaks of the certificate all mean that no custom
    /// certificate is configured.
    pub async fn certificate(&self, deployment_id: &str) -> Result<CertificateState, ApiError> {
        match self.send(Method::GET, tls_path(deployment_id), None).await {
            Ok(response) if response.body.trim().is_empty() => Ok(CertificateState::Missing),
            Ok(response) => {
                let status: TlsStatus = parse_body(&response)?;
                Ok(if status.has_certificate() {
                    CertificateState::Present(status)
                } else {
                    CertificateState::Missing
                })
            }
            Err(ApiError::NotFound {
                message: Some(message),
            }) if speaks_of_certificate(&message) => Ok(CertificateState::Missing),
            Err(error) => Err(error),
        }
    }

    /// Sends the certificate with `POST` or `PUT /deployments/{id}/tls`.
    pub async fn save_certificate(
        &self,
        deployment_id: &str,
        upload: &TlsUpload,
        mode: SaveMode,
    ) -> Result<TlsStatus, ApiError> {
        let method = match mode {
            SaveMode::Create => Method::POST,
            SaveMode::Replace => Method::PUT,
        };
        // TlsUpload holds only strings and an enum, which serde_json always serializes.
        let body = serde_json::to_string(upload).unwrap_or_default();
        let response = self
            .send(method, tls_path(deployment_id), Some(body))
            .await?;
        parse_body(&response)
    }

    /// Sends `DELETE /deployments/{id}/tls`, which returns 204 on success.
    pub async fn delete_certificate(&self, deployment_id: &str) -> Result<(), ApiError> {
        self.send(Method::DELETE, tls_path(deployment_id), None)
            .await
            .map(|_| ())
    }

    async fn send(
        &self,
        method: Method,
        path: String,
        body: Option<String>,
    ) -> Result<RawResponse, ApiError> {
        let url = format!("{}{}", self.base, path);
        let kind = match method {
            Method::POST => CallKind::Create,
            Method::PUT => CallKind::Replace,
            Method::DELETE => CallKind::Delete,
            _ => CallKind::Read,
        };
        // A request the platform would refuse is not sent: by the panel's
        // count of this key's calls, none of this kind is left.
        let now = now_ms();
        if leptos::prelude::untrack(|| self.ledger.remaining(&self.key_id, kind, now)) == 0 {
            let free_at =
                leptos::prelude::untrack(|| self.ledger.next_free_at(&self.key_id, kind, now));
            return Err(ApiError::RateLimited {
                retry_after_seconds: free_at.map(|at| ((at - now).max(0) as u64).div_ceil(1000)),
                message: None,
                not_sent: true,
            });
        }
        // The platform counts every request that reaches it, whatever its
        // outcome, so the call is recorded before it is sent.
        self.ledger.record(&self.key_id, kind);
        let controller = AbortController::new().map_err(|_| ApiError::Network)?;
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let timed_out = Rc::clone(&timed_out);
            let controller = controller.clone();
            Timeout::new(self.timeout_seconds * 1000, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timeout_error = ApiError::Timeout {
            seconds: self.timeout_seconds,
        };

        let builder = RequestBuilder::new(&url)
            .method(method)
            .header("Authorization", &self.credentials.basic_authorization())
            .header("Accept", "application/json")
            .cache(RequestCache::NoStore)
            .abort_signal(Some(&controller.signal()));
        let request = match body {
            Some(body) => builder
                .header("Content-Type", "application/json")
                .body(body),
            None => builder.build(),
        }
        .map_err(|_| ApiError::Network)?;

        let response = match request.send().await {
            Ok(response) => response,
            Err(_) if timed_out.get() => return Err(timeout_error),
            // fetch rejects with a TypeError for refused connections and for
            // CORS failures alike, and the browser hides which one it was.
            Err(_) => return Err(ApiError::Network),
        };
        let status = response.status();
        let retry_after = response.headers().get("Retry-After");
        let text = match response.text().await {
            Ok(text) => text,
            Err(_) if timed_out.get() => return Err(timeout_error),
            Err(_) => return Err(ApiError::Network),
        };
        drop(timer);

        if (200..300).contains(&status) {
            return Ok(RawResponse { status, body: text });
        }
        let error = ApiError::from_response(status, &text, retry_after.as_deref());
        if let ApiError::RateLimited {
            retry_after_seconds,
            ..
        } = error
        {
            self.ledger.block_until(
                &self.key_id,
                kind,
                self.rate_limit_end(kind, retry_after_seconds),
            );
        }
        Err(error)
    }
}

impl ApiClient {
    /// Estimates when a 429 ends: from `Retry-After` when the platform sent
    /// it, otherwise from the ledger, when the oldest recorded call of this
    /// kind leaves the window, or a whole window from now.
    fn rate_limit_end(&self, kind: CallKind, retry_after_seconds: Option<u64>) -> i64 {
        let now = now_ms();
        if let Some(seconds) = retry_after_seconds {
            return now + seconds as i64 * 1000;
        }
        let window_ms = leptos::prelude::untrack(|| self.ledger.limits().window_ms);
        leptos::prelude::untrack(|| self.ledger.next_free_at(&self.key_id, kind, now))
            .filter(|&free_at| free_at > now)
            .unwrap_or(now + window_ms)
    }
}

fn tls_path(deployment_id: &str) -> String {
    let encoded = String::from(js_sys::encode_uri_component(deployment_id));
    format!("/deployments/{encoded}/tls")
}

fn parse_body<T: DeserializeOwned>(response: &RawResponse) -> Result<T, ApiError> {
    serde_json::from_str(&response.body).map_err(|_| ApiError::InvalidBody {
        status: response.status,
    })
}

/// Tells a "no certificate" 404 apart from an unknown deployment.
pub fn speaks_of_certificate(message: &str) -> bool {
    let lower = message.to_ascii_lowercase();
    (lower.contains("certificate") || lower.contains("tls"))
        && !lower.contains("deployment not found")
}

#[cfg(test)]
mod tests {
    use super::speaks_of_certificate;

    #[test]
    fn certificate_404_is_not_a_missing_deployment() {
        assert!(speaks_of_certificate(
            "No custom TLS certificate is configured for deployment b1f77113"
        ));
        assert!(!speaks_of_certificate("Deployment not found"));
        assert!(!speaks_of_certificate(
            "Deployment not found: no TLS for unknown ids"
        ));
    }
}
