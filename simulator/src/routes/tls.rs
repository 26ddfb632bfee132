//! `GET`, `POST`, `PUT` and `DELETE` on `/deployments/{id}/tls`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::app::AppState;
use crate::auth::Principal;
use crate::checks;
use crate::clock;
use crate::config::NoCertResponse;
use crate::error::ApiError;
use crate::model::{DeploymentStatus, StoredDeployment, TlsRecord, TlsView};
use crate::request_body::{RawBody, parse_upload};
use crate::store::Store;

pub async fn get(
    State(app): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    principal.require_access(&id)?;
    let store = app.store.lock().await;
    let stored = find(&store, &id)?;

    let Some(record) = &stored.tls else {
        return Ok(match app.config.no_cert_response {
            NoCertResponse::Empty => Json(json!({})).into_response(),
            NoCertResponse::NullFields => {
                Json(json!({ "tlsType": null, "expire": null, "status": null })).into_response()
            }
            NoCertResponse::NotFound => ApiError::not_found(format!(
                "no custom TLS certificate is configured for deployment {id}"
            ))
            .into_response(),
        });
    };
    let view = record.view(clock::now_unix_millis(), app.config.pending_seconds);
    Ok(Json(view).into_response())
}

pub async fn create(
    State(app): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    body: RawBody,
) -> Result<Json<TlsView>, ApiError> {
    upload(&app, &principal, &id, &body, Write::Create).await
}

pub async fn replace(
    State(app): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
    body: RawBody,
) -> Result<Json<TlsView>, ApiError> {
    upload(&app, &principal, &id, &body, Write::Replace).await
}

pub async fn remove(
    State(app): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    principal.require_access(&id)?;
    let mut store = app.store.lock().await;
    let stored = find(&store, &id)?;
    require_not_stopped(stored)?;
    if stored.tls.is_none() {
        return Err(rejected(
            &id,
            format!("deployment {id} has no custom TLS certificate to delete"),
        ));
    }

    save(&mut store, &id, None).await?;
    tracing::info!(deployment = %id, "deleted custom TLS certificate");
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Write {
    /// `POST`: only when no certificate exists.
    Create,
    /// `PUT`: only when a certificate exists.
    Replace,
}

async fn upload(
    app: &AppState,
    principal: &Principal,
    id: &str,
    body: &RawBody,
    write: Write,
) -> Result<Json<TlsView>, ApiError> {
    principal.require_access(id)?;
    // The lock is held through the checks so that two uploads to one
    // deployment cannot both pass the POST and PUT conflict checks.
    let mut store = app.store.lock().await;
    let stored = find(&store, id)?;
    require_not_stopped(stored)?;
    match (write, stored.tls.is_some()) {
        (Write::Create, true) => {
            return Err(rejected(
                id,
                format!(
                    "deployment {id} already has a custom TLS certificate; \
                     use PUT to replace it"
                ),
            ));
        }
        (Write::Replace, false) => {
            return Err(rejected(
                id,
                format!(
                    "deployment {id} has no custom TLS certificate to replace; \
                     use POST to create one"
                ),
            ));
        }
        _ => {}
    }

    let upload = parse_upload(body).inspect_err(|error| {
        tracing::warn!(deployment = %id, status = error.status.as_u16(), "rejected request body: {}", error.message);
    })?;
    let now_ms = clock::now_unix_millis();
    let accepted = checks::check_upload(&upload, now_ms / 1000, app.config.expiry_margin_days)
        .map_err(|message| rejected(id, message))?;

    let record = TlsRecord {
        tls_type: upload.tls_type,
        expire: accepted.expire,
        uploaded_at_ms: now_ms,
        subject_cn: accepted.subject_cn,
    };
    save(&mut store, id, Some(record.clone())).await?;
    tracing::info!(deployment = %id, expire = %record.expire, "stored custom TLS certificate");
    Ok(Json(record.view(now_ms, app.config.pending_seconds)))
}

fn find<'a>(store: &'a Store, id: &str) -> Result<&'a StoredDeployment, ApiError> {
    store
        .find(id)
        .ok_or_else(|| ApiError::deployment_not_found(id))
}

fn require_not_stopped(stored: &StoredDeployment) -> Result<(), ApiError> {
    if stored.deployment.status == DeploymentStatus::Stopped {
        let id = &stored.deployment.id;
        return Err(rejected(
            id,
            format!("deployment {id} is stopped; start it before changing its TLS certificate"),
        ));
    }
    Ok(())
}

/// Builds a 422 and logs it with the deployment ID.
fn rejected(id: &str, message: String) -> ApiError {
    tracing::warn!(deployment = %id, "rejected TLS request: {message}");
    ApiError::unprocessable(message)
}

async fn save(store: &mut Store, id: &str, record: Option<TlsRecord>) -> Result<(), ApiError> {
    store.set_tls(id, record).await.map_err(|error| {
        tracing::error!(deployment = %id, "{error}");
        ApiError::internal("the simulator could not save its state file; see its log")
    })
}
