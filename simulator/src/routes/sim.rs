//! Test aids under `/__sim/`, outside the API prefix and without
//! authentication or rate limits.

use std::sync::Arc;

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::app::AppState;
use crate::error::ApiError;
use crate::faults::FaultRule;
use crate::request_body::RawBody;
use crate::stats::Counts;

pub async fn stats(State(app): State<Arc<AppState>>) -> Json<Counts> {
    Json(app.stats.snapshot())
}

pub async fn reset_stats(State(app): State<Arc<AppState>>) -> StatusCode {
    app.stats.reset();
    StatusCode::NO_CONTENT
}

pub async fn list_faults(State(app): State<Arc<AppState>>) -> Result<Json<Value>, ApiError> {
    require_faults_enabled(&app)?;
    Ok(Json(json!({ "faults": app.faults.pending() })))
}

pub async fn add_fault(
    State(app): State<Arc<AppState>>,
    body: RawBody,
) -> Result<Json<Value>, ApiError> {
    require_faults_enabled(&app)?;
    let rule: FaultRule = serde_json::from_slice(&body.bytes).map_err(|error| {
        ApiError::bad_request(format!(
            "fault rule is invalid ({error}); send JSON such as \
             {{\"method\": \"GET\", \"route\": \"*\", \"count\": 1, \"kind\": \"hang\"}}"
        ))
    })?;
    rule.validate().map_err(ApiError::unprocessable)?;

    tracing::info!("queued fault rule {rule:?}");
    app.faults.push(rule);
    Ok(Json(json!({ "faults": app.faults.pending() })))
}

pub async fn clear_faults(State(app): State<Arc<AppState>>) -> Result<StatusCode, ApiError> {
    require_faults_enabled(&app)?;
    app.faults.clear();
    tracing::info!("cleared fault rules");
    Ok(StatusCode::NO_CONTENT)
}

fn require_faults_enabled(app: &AppState) -> Result<(), ApiError> {
    if app.config.faults {
        Ok(())
    } else {
        Err(ApiError::not_found(
            "fault injection is off; start the simulator with --faults to use /__sim/faults",
        ))
    }
}
