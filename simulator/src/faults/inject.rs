//! The middleware that applies queued faults to API requests.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, to_bytes};
use axum::extract::{MatchedPath, OriginalUri, Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use super::Fault;
use crate::app::AppState;
use crate::error::ApiError;
use crate::server::CloseConnection;

/// Largest response body that the body-editing faults read, in bytes.
const MAX_EDITED_BODY: usize = 1 << 20;

/// Applies the first queued fault that matches the request, if any.
pub async fn inject_faults(
    State(app): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    let pattern = request
        .extensions()
        .get::<MatchedPath>()
        .map(|matched| matched.as_str().to_owned());
    // Inside the nested API router the URI has lost its prefix, and rules
    // name the full path.
    let path = request.extensions().get::<OriginalUri>().map_or_else(
        || request.uri().path().to_owned(),
        |original| original.path().to_owned(),
    );
    let Some(fault) = app.faults.take(request.method(), pattern.as_deref(), &path) else {
        return next.run(request).await;
    };
    tracing::info!("injecting fault {fault:?} into {} {path}", request.method());

    match fault {
        Fault::Latency { ms } => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(request).await
        }
        Fault::Hang => {
            let mut stopping = app.shutdown.subscribe();
            // An error means the sender is gone, which also means shutdown.
            let _ = stopping.wait_for(|stopping| *stopping).await;
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the simulator is shutting down",
            )
            .into_response()
        }
        Fault::Drop => {
            let mut response = StatusCode::INTERNAL_SERVER_ERROR.into_response();
            response.extensions_mut().insert(CloseConnection);
            response
        }
        Fault::HtmlError { status } => html_error(status),
        Fault::TooManyRequests => ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            "rate limit exceeded; no Retry-After is given",
        )
        .into_response(),
        Fault::UnprocessableText => (
            StatusCode::UNPROCESSABLE_ENTITY,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Wrong Properties",
        )
            .into_response(),
        Fault::UnprocessableEmpty => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        Fault::ExtraFields { cn } => {
            edit_json_object(next.run(request).await, |object| {
                object.insert("cn".to_owned(), Value::String(cn));
                object.insert("certificateId".to_owned(), json!("sim-7f3a9c"));
                object.insert(
                    "issuer".to_owned(),
                    json!({ "cn": "Simulated CA", "serial": 4242 }),
                );
                object.insert("renewable".to_owned(), json!(true));
            })
            .await
        }
        Fault::ExpireMissing => {
            edit_json_object(next.run(request).await, |object| {
                object.remove("expire");
            })
            .await
        }
        Fault::ExpireOdd { value } => {
            edit_json_object(next.run(request).await, |object| {
                object.insert("expire".to_owned(), value);
            })
            .await
        }
    }
}

fn html_error(status: u16) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::BAD_GATEWAY);
    let title = format!(
        "{} {}",
        status.as_u16(),
        status.canonical_reason().unwrap_or("Server Error")
    );
    let page = format!(
        "<html>\r\n<head><title>{title}</title></head>\r\n<body>\r\n\
         <center><h1>{title}</h1></center>\r\n<hr><center>proxy</center>\r\n</body>\r\n</html>\r\n"
    );
    (status, [(header::CONTENT_TYPE, "text/html")], page).into_response()
}

/// Applies `edit` to a successful response whose body is a JSON object, and
/// returns any other response unchanged.
async fn edit_json_object(
    response: Response,
    edit: impl FnOnce(&mut Map<String, Value>),
) -> Response {
    if !response.status().is_success() {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let bytes = match to_bytes(body, MAX_EDITED_BODY).await {
        Ok(bytes) => bytes,
        Err(error) => {
            tracing::error!("could not read a response body to inject a fault: {error}");
            return ApiError::internal("the simulator could not read its own response")
                .into_response();
        }
    };
    let Ok(Value::Object(mut object)) = serde_json::from_slice::<Value>(&bytes) else {
        return Response::from_parts(parts, Body::from(bytes));
    };

    edit(&mut object);
    let edited = serde_json::to_vec(&Value::Object(object)).expect("JSON object serializes");
    parts.headers.remove(header::CONTENT_LENGTH);
    Response::from_parts(parts, Body::from(edited))
}
