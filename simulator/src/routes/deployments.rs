//! `GET /deployments` and `GET /deployments/{id}`.

use std::sync::Arc;

use axum::Json;
use axum::extract::{Extension, Path, State};

use crate::app::AppState;
use crate::auth::Principal;
use crate::error::ApiError;
use crate::model::Deployment;

pub async fn list(
    State(app): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
) -> Result<Json<Vec<Deployment>>, ApiError> {
    if !principal.can_list_deployments() {
        return Err(ApiError::forbidden(
            "this API key has no access to the deployment list; open a deployment by its ID instead",
        ));
    }
    let store = app.store.lock().await;
    let deployments = store
        .deployments()
        .iter()
        .map(|stored| stored.deployment.clone())
        .collect();
    Ok(Json(deployments))
}

pub async fn get_one(
    State(app): State<Arc<AppState>>,
    Extension(principal): Extension<Principal>,
    Path(id): Path<String>,
) -> Result<Json<Deployment>, ApiError> {
    principal.require_access(&id)?;
    let store = app.store.lock().await;
    let stored = store
        .find(&id)
        .ok_or_else(|| ApiError::deployment_not_found(&id))?;
    Ok(Json(stored.deployment.clone()))
}
