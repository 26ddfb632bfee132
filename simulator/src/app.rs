//! State shared by all requests.

use std::time::Duration;

use crate::config::Config;
use crate::rate_limit::RateLimiter;
use crate::store::Store;

pub struct AppState {
    pub config: Config,
    pub store: tokio::sync::Mutex<Store>,
    pub limiter: std::sync::Mutex<RateLimiter>,
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
        }
    }
}
