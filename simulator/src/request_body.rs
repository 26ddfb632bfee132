//! Reading of the JSON body of `POST` and `PUT` on `.../tls`.
//!
//! The handlers take the body as raw bytes through [`RawBody`] and parse it
//! only after the deployment lookup, so the checks keep the order
//! authentication, rate limit, lookup, body. Every rejection is the usual
//! `{"message"}` JSON rather than axum's plain-text rejections.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{HeaderMap, StatusCode, header};
use serde_json::{Map, Value};

use crate::checks::TlsUpload;
use crate::error::ApiError;
use crate::model::TlsType;

/// The request body as bytes, with the Content-Type it was sent with.
pub struct RawBody {
    pub content_type: Option<String>,
    pub bytes: Bytes,
}

impl<S: Send + Sync> FromRequest<S> for RawBody {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = content_type(request.headers());
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                ApiError::new(
                    rejection.status(),
                    format!("request body could not be read: {}", rejection.body_text()),
                )
            })?;
        Ok(Self {
            content_type,
            bytes,
        })
    }
}

fn content_type(headers: &HeaderMap) -> Option<String> {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Parses the body of a certificate upload, checking fields but not their PEM content.
pub fn parse_upload(body: &RawBody) -> Result<TlsUpload, ApiError> {
    let is_json = body.content_type.as_deref().is_some_and(|value| {
        value
            .split(';')
            .next()
            .is_some_and(|media_type| media_type.trim().eq_ignore_ascii_case("application/json"))
    });
    if !is_json {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "request body must be JSON: send it with the header 'Content-Type: application/json'",
        ));
    }
    if body.bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ApiError::bad_request(
            "request body is empty; send a JSON object with tlsType, cert and key",
        ));
    }

    // Syntax errors of serde_json 1 give a line and column without quoting
    // the input, so the message does not echo PEM text; a test checks this.
    let value: Value = serde_json::from_slice(&body.bytes).map_err(|error| {
        ApiError::bad_request(format!(
            "request body is malformed JSON ({error}); check the quotes, commas and braces, \
             and escape line breaks in PEM text as \\n"
        ))
    })?;
    let Value::Object(fields) = value else {
        return Err(ApiError::unprocessable(
            "request body must be a JSON object with tlsType, cert and key",
        ));
    };

    let tls_type = match fields.get("tlsType") {
        None | Some(Value::Null) => {
            return Err(ApiError::unprocessable(
                "tlsType is missing; set it to 'one-way' or 'two-way'",
            ));
        }
        Some(Value::String(text)) => TlsType::parse(text).ok_or_else(|| {
            ApiError::unprocessable(format!(
                "tlsType '{}' is invalid; set it to 'one-way' or 'two-way'",
                truncate(text, 40)
            ))
        })?,
        Some(_) => {
            return Err(ApiError::unprocessable(
                "tlsType must be the string 'one-way' or 'two-way'",
            ));
        }
    };

    let cert = required_text(
        &fields,
        "cert",
        "the server certificate followed by its chain",
    )?;
    let key = required_text(
        &fields,
        "key",
        "the unencrypted private key of the certificate",
    )?;
    let cacert = optional_text(&fields, "cacert")?;

    Ok(TlsUpload {
        tls_type,
        cert,
        key,
        cacert,
    })
}

fn required_text(
    fields: &Map<String, Value>,
    name: &str,
    content: &str,
) -> Result<String, ApiError> {
    match optional_text(fields, name)? {
        Some(text) => Ok(text),
        None if matches!(fields.get(name), Some(Value::String(_))) => Err(ApiError::unprocessable(
            format!("{name} is empty; send {content} as PEM text"),
        )),
        None => Err(ApiError::unprocessable(format!(
            "{name} is missing; send {content} as PEM text"
        ))),
    }
}

/// Returns the field's text, or `None` when it is absent, null or blank.
fn optional_text(fields: &Map<String, Value>, name: &str) -> Result<Option<String>, ApiError> {
    match fields.get(name) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) if text.trim().is_empty() => Ok(None),
        Some(Value::String(text)) => Ok(Some(text.clone())),
        Some(_) => Err(ApiError::unprocessable(format!(
            "{name} must be a JSON string containing PEM text"
        ))),
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    text.chars().take(max_chars).collect()
}
