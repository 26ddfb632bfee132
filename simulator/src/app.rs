//! State shared by all requests.

use std::time::Duration;

use tokio::sync::watch;

use crate::config::Config;
use crate::faults::FaultQueue;
use crate::rate_limit::RateLimiter;
use crate::stats::Stats;
use crate::store::Store;

pub struct AppState {
    pub config: Config,
    pub store: tokio::sync::Mutex<Store>,
    pub limiter: std::sync::Mutex<RateLimiter>,
    pub stats: Stats,
    pub faults: FaultQueue,
    /// Becomes `true` when the server stops accepting connections, which
    /// ends requests held by the `hang` fault.
    pub shutdown: watch::Sender<bool>,
}

impl AppState {
    pub fn new(config: Config, store: Store) -> Self {
        let limiter = RateLimiter::new(
            Duration::from_secs(config.window_seconds),
            config.read_limit,
            config.write_limit,
        );
        Self {
            config,
            store: tokio::sync::Mutex::new(store),
            limiter: std::sync::Mutex::new(limiter),
            stats: Stats::default(),
            faults: FaultQueue::default(),
            shutdown: watch::Sender::new(false),
        }
    }
}
