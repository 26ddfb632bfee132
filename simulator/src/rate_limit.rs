//! Sliding-window rate limits per API key and per HTTP method, kept in memory.

use std::collections::{HashMap, VecDeque};
use std::time::{Duration, Instant};

use axum::http::Method;

/// Calls that share one limit: all reads together, and each write method alone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bucket {
    Reads,
    Posts,
    Puts,
    Deletes,
}

impl Bucket {
    /// Returns the bucket of `method`, or `None` for methods the API does not
    /// serve, which are not counted.
    pub fn for_method(method: &Method) -> Option<Self> {
        match *method {
            Method::GET | Method::HEAD => Some(Self::Reads),
            Method::POST => Some(Self::Posts),
            Method::PUT => Some(Self::Puts),
            Method::DELETE => Some(Self::Deletes),
            _ => None,
        }
    }

    /// Name used in logs, as in `reads_left=57`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Reads => "reads",
            Self::Posts => "posts",
            Self::Puts => "puts",
            Self::Deletes => "deletes",
        }
    }

    /// Methods counted in this bucket, for messages.
    pub fn methods(self) -> &'static str {
        match self {
            Self::Reads => "GET",
            Self::Posts => "POST",
            Self::Puts => "PUT",
            Self::Deletes => "DELETE",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// The call is counted; `remaining` more fit in the window.
    Allowed { remaining: usize },
    /// The call is over the limit and not counted. The oldest counted call
    /// leaves the window after `retry_after` (rounded up to whole seconds, at least 1).
    Limited { limit: usize, retry_after: u64 },
}

#[derive(Debug)]
pub struct RateLimiter {
    window: Duration,
    read_limit: usize,
    write_limit: usize,
    calls: HashMap<(String, Bucket), VecDeque<Instant>>,
}

impl RateLimiter {
    pub fn new(window: Duration, read_limit: usize, write_limit: usize) -> Self {
        Self {
            window,
            read_limit,
            write_limit,
            calls: HashMap::new(),
        }
    }

    pub fn limit(&self, bucket: Bucket) -> usize {
        match bucket {
            Bucket::Reads => self.read_limit,
            _ => self.write_limit,
        }
    }

    /// Counts a call of `key` in `bucket` at `now`, unless the bucket is full.
    pub fn check(&mut self, key: &str, bucket: Bucket, now: Instant) -> Decision {
        let limit = self.limit(bucket);
        let window = self.window;
        let calls = self.calls.entry((key.to_owned(), bucket)).or_default();
        while let Some(&oldest) = calls.front() {
            if now.duration_since(oldest) >= window {
                calls.pop_front();
            } else {
                break;
            }
        }

        if calls.len() < limit {
            calls.push_back(now);
            return Decision::Allowed {
                remaining: limit - calls.len(),
            };
        }

        let retry_after = match calls.front() {
            Some(&oldest) => {
                let wait = (oldest + window).saturating_duration_since(now);
                wait.as_secs() + u64::from(wait.subsec_nanos() > 0)
            }
            // A limit of zero leaves nothing to wait for: any call is over it.
            None => window.as_secs(),
        };
        Decision::Limited {
            limit,
            retry_after: retry_after.max(1),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_each_write_method_separately() {
        let mut limiter = RateLimiter::new(Duration::from_secs(60), 5, 1);
        let now = Instant::now();

        assert!(matches!(
            limiter.check("k", Bucket::Posts, now),
            Decision::Allowed { remaining: 0 }
        ));
        assert!(matches!(
            limiter.check("k", Bucket::Puts, now),
            Decision::Allowed { remaining: 0 }
        ));
        assert!(matches!(
            limiter.check("k", Bucket::Posts, now),
            Decision::Limited { .. }
        ));
    }

    #[test]
    fn retry_after_counts_until_oldest_call_leaves_window() {
        let mut limiter = RateLimiter::new(Duration::from_secs(60), 2, 1);
        let start = Instant::now();
        limiter.check("k", Bucket::Reads, start);
        limiter.check("k", Bucket::Reads, start + Duration::from_secs(10));

        let decision = limiter.check("k", Bucket::Reads, start + Duration::from_millis(20_500));

        assert_eq!(
            decision,
            Decision::Limited {
                limit: 2,
                retry_after: 40
            }
        );
    }

    #[test]
    fn frees_a_slot_when_oldest_call_leaves_window() {
        let mut limiter = RateLimiter::new(Duration::from_secs(60), 1, 1);
        let start = Instant::now();
        limiter.check("k", Bucket::Reads, start);

        let decision = limiter.check("k", Bucket::Reads, start + Duration::from_secs(60));

        assert_eq!(decision, Decision::Allowed { remaining: 0 });
    }

    #[test]
    fn keeps_keys_apart() {
        let mut limiter = RateLimiter::new(Duration::from_secs(60), 1, 1);
        let now = Instant::now();
        limiter.check("first", Bucket::Reads, now);

        let decision = limiter.check("second", Bucket::Reads, now);

        assert_eq!(decision, Decision::Allowed { remaining: 0 });
    }
}
