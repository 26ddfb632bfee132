//! The router: API routes under the prefix, static files at `/`.

mod deployments;
mod sim;
mod tls;

use std::sync::Arc;

use axum::Router;
use axum::extract::{OriginalUri, Request};
use axum::http::{HeaderValue, header};
use axum::middleware;
use axum::routing::{get, post};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;

use crate::access_log;
use crate::app::AppState;
use crate::auth;
use crate::error::ApiError;
use crate::{faults, stats};

/// Builds the whole router for `app`.
pub fn router(app: Arc<AppState>) -> Router {
    let mut api = Router::new()
        .route("/deployments", get(deployments::list))
        .route("/deployments/{id}", get(deployments::get_one))
        .route(
            "/deployments/{id}/tls",
            get(tls::get)
                .post(tls::create)
                .put(tls::replace)
                .delete(tls::remove),
        )
        .route_layer(middleware::from_fn_with_state(app.clone(), auth::gate))
        .fallback(unknown_api_route)
        .method_not_allowed_fallback(method_not_allowed);
    if app.config.faults {
        api = api.layer(middleware::from_fn_with_state(
            app.clone(),
            faults::inject_faults,
        ));
    }
    let api = api
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(app.clone());

    let test_aids = Router::new()
        .route("/__sim/stats", get(sim::stats).delete(sim::reset_stats))
        .route(
            "/__sim/faults",
            post(sim::add_fault)
                .get(sim::list_faults)
                .delete(sim::clear_faults),
        )
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .with_state(app.clone());

    let prefix = app.config.normalized_prefix();
    let mut router = if prefix.is_empty() {
        Router::new().merge(api)
    } else {
        Router::new().nest(&prefix, api)
    };
    router = router.merge(test_aids);
    router = match &app.config.serve {
        Some(folder) => router.fallback_service(ServeDir::new(folder)),
        None => router.fallback(no_static_files),
    };
    router
        .layer(middleware::from_fn_with_state(app, stats::count_request))
        .layer(middleware::from_fn(access_log::log_request))
}

async fn unknown_api_route(OriginalUri(uri): OriginalUri, request: Request) -> ApiError {
    ApiError::not_found(format!(
        "no API route {} {}; the API serves /deployments, /deployments/{{id}} and \
         /deployments/{{id}}/tls under its prefix",
        request.method(),
        uri.path()
    ))
}

async fn method_not_allowed(OriginalUri(uri): OriginalUri, request: Request) -> ApiError {
    ApiError::new(
        axum::http::StatusCode::METHOD_NOT_ALLOWED,
        format!(
            "method {} is not allowed on {}",
            request.method(),
            uri.path()
        ),
    )
}

async fn no_static_files(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "nothing is served at {}; start the simulator with --serve DIR to serve the panel",
        request.uri().path()
    ))
}
