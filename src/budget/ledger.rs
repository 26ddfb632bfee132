//! The panel's own record of the calls it made, per API key and per kind of
//! call, from which it computes how much of the platform's rate limit is
//! left without asking the platform. It stores timestamps only, under a hash of
//! the API key, never the key itself.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// A rate-limited kind of call. The platform counts reads (all `GET`s
/// together) and each write method separately.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum CallKind {
    Read,
    Create,
    Replace,
    Delete,
}

impl CallKind {
    pub const ALL: [CallKind; 4] = [
        CallKind::Read,
        CallKind::Create,
        CallKind::Replace,
        CallKind::Delete,
    ];

    /// The HTTP method, as the operator sees it in the budget line.
    pub fn method(self) -> &'static str {
        match self {
            CallKind::Read => "GET",
            CallKind::Create => "POST",
            CallKind::Replace => "PUT",
            CallKind::Delete => "DELETE",
        }
    }

    pub fn is_write(self) -> bool {
        self != CallKind::Read
    }
}

/// The platform's limits: calls allowed per kind within a sliding window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    pub read_limit: u32,
    pub write_limit: u32,
    pub window_ms: i64,
}

impl Default for Limits {
    /// Returns the platform's published limits: 60 reads and 6 of each write
    /// per 60 minutes.
    fn default() -> Self {
        Limits {
            read_limit: 60,
            write_limit: 6,
            window_ms: 60 * 60 * 1000,
        }
    }
}

impl Limits {
    pub fn limit_of(&self, kind: CallKind) -> u32 {
        if kind.is_write() {
            self.write_limit
        } else {
            self.read_limit
        }
    }
}

/// Calls and known blocks of one key and kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Bucket {
    /// Times of calls, in milliseconds since the Unix epoch, oldest first.
    calls: Vec<i64>,
    /// End of a wait the platform imposed with a 429, if one is running.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    blocked_until: Option<i64>,
}

/// Calls made through the panel, by key hash and call kind.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ledger {
    buckets: BTreeMap<String, Bucket>,
}

fn bucket_name(key_id: &str, kind: CallKind) -> String {
    format!("{key_id}/{}", kind.method())
}

impl Ledger {
    /// Records a call made at `now_ms`.
    pub fn record(&mut self, key_id: &str, kind: CallKind, now_ms: i64) {
        let bucket = self.buckets.entry(bucket_name(key_id, kind)).or_default();
        let position = bucket.calls.partition_point(|&time| time <= now_ms);
        bucket.calls.insert(position, now_ms);
    }

    /// Records that the platform refused calls of this kind until `until_ms`.
    pub fn block_until(&mut self, key_id: &str, kind: CallKind, until_ms: i64) {
        let bucket = self.buckets.entry(bucket_name(key_id, kind)).or_default();
        bucket.blocked_until = Some(
            bucket
                .blocked_until
                .map_or(until_ms, |known| known.max(until_ms)),
        );
    }

    /// Forgets calls and blocks that no longer matter at `now_ms`.
    pub fn prune(&mut self, limits: &Limits, now_ms: i64) {
        for bucket in self.buckets.values_mut() {
            bucket
                .calls
                .retain(|&time| time > now_ms - limits.window_ms);
            if bucket.blocked_until.is_some_and(|until| until <= now_ms) {
                bucket.blocked_until = None;
            }
        }
        self.buckets
            .retain(|_, bucket| !bucket.calls.is_empty() || bucket.blocked_until.is_some());
    }

    /// Calls of this kind still allowed in the window at `now_ms`.
    pub fn remaining(&self, key_id: &str, kind: CallKind, limits: &Limits, now_ms: i64) -> u32 {
        let Some(bucket) = self.buckets.get(&bucket_name(key_id, kind)) else {
            return limits.limit_of(kind);
        };
        if bucket.blocked_until.is_some_and(|until| until > now_ms) {
            return 0;
        }
        let used = bucket
            .calls
            .iter()
            .filter(|&&time| time > now_ms - limits.window_ms)
            .count() as u32;
        limits.limit_of(kind).saturating_sub(used)
    }

    /// When the next call of this kind frees up: the moment the oldest call
    /// in the window leaves it, or a block ends, whichever is later. `None`
    /// when nothing of this kind is in the window.
    pub fn next_free_at(
        &self,
        key_id: &str,
        kind: CallKind,
        limits: &Limits,
        now_ms: i64,
    ) -> Option<i64> {
        let bucket = self.buckets.get(&bucket_name(key_id, kind))?;
        let in_window: Vec<i64> = bucket
            .calls
            .iter()
            .copied()
            .filter(|&time| time > now_ms - limits.window_ms)
            .collect();
        let blocked = bucket.blocked_until.filter(|&until| until > now_ms);
        let limit = limits.limit_of(kind) as usize;
        // With the limit used up, the call that must leave is the one that
        // makes room for one more: the (used - limit + 1)-th oldest.
        let exhausted_until = (limit > 0 && in_window.len() >= limit)
            .then(|| in_window[in_window.len() - limit] + limits.window_ms);
        match (blocked, exhausted_until) {
            (Some(blocked), Some(exhausted)) => Some(blocked.max(exhausted)),
            (Some(blocked), None) => Some(blocked),
            (None, Some(exhausted)) => Some(exhausted),
            (None, None) => in_window.first().map(|&oldest| oldest + limits.window_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINUTE: i64 = 60_000;

    fn limits() -> Limits {
        Limits::default()
    }

    #[test]
    fn fresh_ledger_has_full_budget() {
        let ledger = Ledger::default();
        assert_eq!(ledger.remaining("k", CallKind::Read, &limits(), 0), 60);
        assert_eq!(ledger.remaining("k", CallKind::Replace, &limits(), 0), 6);
        assert_eq!(ledger.next_free_at("k", CallKind::Read, &limits(), 0), None);
    }

    #[test]
    fn writes_count_per_method_and_key() {
        let mut ledger = Ledger::default();
        for minute in 0..6 {
            ledger.record("a", CallKind::Replace, minute * MINUTE);
        }
        assert_eq!(
            ledger.remaining("a", CallKind::Replace, &limits(), 10 * MINUTE),
            0
        );
        assert_eq!(
            ledger.remaining("a", CallKind::Create, &limits(), 10 * MINUTE),
            6
        );
        assert_eq!(
            ledger.remaining("b", CallKind::Replace, &limits(), 10 * MINUTE),
            6
        );
    }

    #[test]
    fn exhausted_budget_frees_when_oldest_call_leaves() {
        let mut ledger = Ledger::default();
        for minute in [0, 5, 10, 15, 20, 25] {
            ledger.record("a", CallKind::Create, minute * MINUTE);
        }
        let now = 30 * MINUTE;
        assert_eq!(
            ledger.next_free_at("a", CallKind::Create, &limits(), now),
            Some(60 * MINUTE)
        );
        assert_eq!(
            ledger.remaining("a", CallKind::Create, &limits(), 60 * MINUTE + 1),
            1
        );
    }

    #[test]
    fn block_from_429_overrides_own_count() {
        let mut ledger = Ledger::default();
        ledger.record("a", CallKind::Replace, 0);
        ledger.block_until("a", CallKind::Replace, 20 * MINUTE);
        assert_eq!(
            ledger.remaining("a", CallKind::Replace, &limits(), MINUTE),
            0
        );
        assert_eq!(
            ledger.next_free_at("a", CallKind::Replace, &limits(), MINUTE),
            Some(20 * MINUTE)
        );
        assert_eq!(
            ledger.remaining("a", CallKind::Replace, &limits(), 21 * MINUTE),
            5
        );
    }

    #[test]
    fn prune_drops_old_calls_and_ended_blocks() {
        let mut ledger = Ledger::default();
        ledger.record("a", CallKind::Read, 0);
        ledger.block_until("a", CallKind::Delete, MINUTE);
        ledger.prune(&limits(), 61 * MINUTE);
        assert_eq!(ledger, Ledger::default());
    }

    #[test]
    fn ledger_round_trips_through_json_without_keys() {
        let mut ledger = Ledger::default();
        ledger.record("3f2a9c", CallKind::Read, 1_000);
        let json = serde_json::to_string(&ledger).unwrap();
        assert_eq!(json, r#"{"buckets":{"3f2a9c/GET":{"calls":[1000]}}}"#);
        assert_eq!(serde_json::from_str::<Ledger>(&json).unwrap(), ledger);
    }
}
