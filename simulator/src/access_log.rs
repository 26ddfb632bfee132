//! One log line per request: method, path, status and the remaining budget
//! of the caller's rate-limit bucket. Query strings, headers and bodies are
//! never logged, because they can carry credentials or PEM text.

use axum::extract::Request;
use axum::middleware::Next;
use axum::response::Response;

use crate::auth::BudgetNote;
use crate::server::CloseConnection;

pub async fn log_request(request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_owned();

    let response = next.run(request).await;

    if response.extensions().get::<CloseConnection>().is_some() {
        tracing::info!(target: "platform_sim::access", "{method} {path} closed without a response");
        return response;
    }
    let status = response.status().as_u16();
    match response.extensions().get::<BudgetNote>() {
        Some(note) => tracing::info!(
            target: "platform_sim::access",
            "{method} {path} {status} {}_left={}",
            note.bucket.label(),
            note.remaining
        ),
        None => tracing::info!(target: "platform_sim::access", "{method} {path} {status}"),
    }
    response
}
