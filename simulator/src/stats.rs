//! Request counts by method, route pattern and status, a test aid served at
//! `GET /__sim/stats`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

use axum::extract::{MatchedPath, Request, State};
use axum::middleware::Next;
use axum::response::Response;
use serde::Serialize;

use crate::app::AppState;
use crate::server::CloseConnection;

/// Route name of requests that matched no route, such as static files.
const UNMATCHED: &str = "(unmatched)";
/// Status name of requests whose connection was closed without a response.
const DROPPED: &str = "dropped";

#[derive(Debug, Default)]
pub struct Stats {
    counts: Mutex<Counts>,
}

#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Requests received.
    total: u64,
    /// Requests received per method.
    by_method: BTreeMap<String, u64>,
    /// Requests per `"METHOD /route/{pattern}"`.
    requests: BTreeMap<String, RouteCount>,
}

#[derive(Debug, Default, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RouteCount {
    /// Requests received on this route.
    total: u64,
    /// Responses per status code, plus `dropped` for closed connections.
    /// A request still waiting for its response is not in this map.
    by_status: BTreeMap<String, u64>,
}

impl Stats {
    pub fn snapshot(&self) -> Counts {
        self.lock().clone()
    }

    pub fn reset(&self) {
        *self.lock() = Counts::default();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().expect("stats lock is not poisoned")
    }

    fn record_received(&self, method: &str, route_key: &str) {
        let mut counts = self.lock();
        counts.total += 1;
        *counts.by_method.entry(method.to_owned()).or_default() += 1;
        counts
            .requests
            .entry(route_key.to_owned())
            .or_default()
            .total += 1;
    }

    fn record_outcome(&self, route_key: &str, outcome: String) {
        let mut counts = self.lock();
        let route = counts.requests.entry(route_key.to_owned()).or_default();
        *route.by_status.entry(outcome).or_default() += 1;
    }
}

/// Counts every request outside `/__sim/`, at arrival and again with its outcome.
pub async fn count_request(
    State(app): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    if request.uri().path().starts_with("/__sim/") {
        return next.run(request).await;
    }
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or(UNMATCHED, MatchedPath::as_str);
    let route_key = format!("{} {route}", request.method());
    app.stats
        .record_received(request.method().as_str(), &route_key);

    let response = next.run(request).await;

    let outcome = if response.extensions().get::<CloseConnection>().is_some() {
        DROPPED.to_owned()
    } else {
        response.status().as_u16().to_string()
    };
    app.stats.record_outcome(&route_key, outcome);
    response
}
