//! Fault injection, a test aid enabled by `--faults`: queued rules that make
//! the next API responses of a method and route misbehave.
//!
//! `POST /__sim/faults` with
//! `{"method": "GET", "route": "/api/v1/deployments/{id}/tls", "count": 2, "kind": "hang"}`
//! makes the next two matching requests hang. `method` and `route` may be
//! omitted or `"*"` to match all. `route` is either the route pattern or a
//! concrete path, and `count` defaults to 1.

mod inject;

use std::sync::Mutex;

use axum::http::Method;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub use inject::inject_faults;

/// A misbehaviour of one response.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Fault {
    /// Waits `ms` milliseconds, then responds normally.
    Latency { ms: u64 },
    /// Sends no response until the client gives up or the simulator stops.
    Hang,
    /// Closes the connection without a response.
    Drop,
    /// Responds with `status` (500 to 599, default 502) and an HTML page, as a proxy does.
    HtmlError {
        #[serde(default = "default_html_status")]
        status: u16,
    },
    /// Responds with 429, a JSON message and no `Retry-After` header.
    TooManyRequests,
    /// Responds with 422 and a plain-text body.
    UnprocessableText,
    /// Responds with 422 and an empty body.
    UnprocessableEmpty,
    /// Responds normally, with unknown fields and a `cn` field added to a JSON object body.
    ExtraFields {
        #[serde(default = "default_cn")]
        cn: String,
    },
    /// Responds normally, without the `expire` field of a JSON object body.
    ExpireMissing,
    /// Responds normally, with `expire` of a JSON object body replaced by `value`.
    ExpireOdd {
        #[serde(default = "default_odd_expire")]
        value: Value,
    },
}

fn default_html_status() -> u16 {
    502
}

fn default_cn() -> String {
    "broker.example.test".to_owned()
}

fn default_odd_expire() -> Value {
    Value::String("22/05/2034 2:43 AM".to_owned())
}

fn default_count() -> u32 {
    1
}

/// A request to queue a fault, the body of `POST /__sim/faults`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub method: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub route: Option<String>,
    /// Matching responses still to be affected.
    #[serde(default = "default_count")]
    pub count: u32,
    #[serde(flatten)]
    pub fault: Fault,
}

impl FaultRule {
    /// Returns the reason the rule cannot be queued, if any.
    pub fn validate(&self) -> Result<(), String> {
        if self.count == 0 {
            return Err("count must be at least 1".to_owned());
        }
        if let Some(method) = &self.method
            && method != "*"
            && Method::from_bytes(method.to_ascii_uppercase().as_bytes()).is_err()
        {
            return Err(format!("method '{method}' is not an HTTP method"));
        }
        match &self.fault {
            Fault::HtmlError { status } if !(500..=599).contains(status) => Err(format!(
                "status {status} is invalid; html-error takes 500 to 599"
            )),
            Fault::Latency { ms } if *ms > 600_000 => {
                Err(format!("latency {ms} ms is over the maximum of 600000 ms"))
            }
            _ => Ok(()),
        }
    }

    fn matches(&self, method: &Method, route_pattern: Option<&str>, path: &str) -> bool {
        let method_matches = match self.method.as_deref() {
            None | Some("*") => true,
            Some(wanted) => wanted.eq_ignore_ascii_case(method.as_str()),
        };
        let route_matches = match self.route.as_deref() {
            None | Some("*") => true,
            Some(wanted) => wanted == path || Some(wanted) == route_pattern,
        };
        method_matches && route_matches
    }
}

/// Queued rules, applied in the order they were queued.
#[derive(Debug, Default)]
pub struct FaultQueue {
    rules: Mutex<Vec<FaultRule>>,
}

impl FaultQueue {
    pub fn push(&self, rule: FaultRule) {
        self.lock().push(rule);
    }

    pub fn clear(&self) {
        self.lock().clear();
    }

    pub fn pending(&self) -> Vec<FaultRule> {
        self.lock().clone()
    }

    /// Takes one use of the first rule matching the request, removing the
    /// rule when its count runs out.
    pub fn take(&self, method: &Method, route_pattern: Option<&str>, path: &str) -> Option<Fault> {
        let mut rules = self.lock();
        let index = rules
            .iter()
            .position(|rule| rule.matches(method, route_pattern, path))?;
        let fault = rules[index].fault.clone();
        rules[index].count -= 1;
        if rules[index].count == 0 {
            rules.remove(index);
        }
        Some(fault)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<FaultRule>> {
        self.rules.lock().expect("fault queue lock is not poisoned")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(json: &str) -> FaultRule {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn parses_flat_rule_with_defaults() {
        let parsed = rule(r#"{"kind": "html-error"}"#);

        assert_eq!(parsed.count, 1);
        assert_eq!(parsed.fault, Fault::HtmlError { status: 502 });
        assert_eq!(parsed.method, None);
    }

    #[test]
    fn takes_rule_until_count_runs_out() {
        let queue = FaultQueue::default();
        queue.push(rule(r#"{"method": "get", "count": 2, "kind": "hang"}"#));

        let first = queue.take(&Method::GET, None, "/api/v1/deployments");
        let skipped = queue.take(&Method::POST, None, "/api/v1/deployments");
        let second = queue.take(&Method::GET, None, "/api/v1/deployments");
        let third = queue.take(&Method::GET, None, "/api/v1/deployments");

        assert_eq!(first, Some(Fault::Hang));
        assert_eq!(skipped, None);
        assert_eq!(second, Some(Fault::Hang));
        assert_eq!(third, None);
    }

    #[test]
    fn matches_route_by_pattern_or_path() {
        let queue = FaultQueue::default();
        queue.push(rule(
            r#"{"route": "/api/v1/deployments/{id}/tls", "kind": "drop"}"#,
        ));
        queue.push(rule(
            r#"{"route": "/api/v1/deployments/b1f77113", "kind": "hang"}"#,
        ));
        let pattern = Some("/api/v1/deployments/{id}/tls");

        let by_pattern = queue.take(&Method::GET, pattern, "/api/v1/deployments/x/tls");
        let by_path = queue.take(
            &Method::GET,
            Some("/api/v1/deployments/{id}"),
            "/api/v1/deployments/b1f77113",
        );

        assert_eq!(by_pattern, Some(Fault::Drop));
        assert_eq!(by_path, Some(Fault::Hang));
    }

    #[test]
    fn rejects_html_error_outside_5xx() {
        let invalid = rule(r#"{"kind": "html-error", "status": 404}"#);

        assert!(invalid.validate().is_err());
    }
}
