//! The ledger as the page uses it: kept in localStorage so that it survives a
//! reload and is shared by every tab of the panel, which learn of each
//! other's calls through `storage` events.

use leptos::prelude::*;
use sha2::{Digest, Sha256};

use super::ledger::{CallKind, Ledger, Limits};

/// localStorage entry of the ledger. It contains timestamps under key hashes
/// only, never a key or secret.
const STORAGE_KEY: &str = "tls-panel.ledger";

/// A handle on the ledger shared by the page's components.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SharedLedger {
    ledger: RwSignal<Ledger>,
    limits: RwSignal<Limits>,
}

impl SharedLedger {
    /// Loads the ledger from localStorage and follows changes that other
    /// tabs make to it.
    pub fn new() -> SharedLedger {
        let shared = SharedLedger {
            ledger: RwSignal::new(load()),
            limits: RwSignal::new(Limits::default()),
        };
        let ledger = shared.ledger;
        let handle =
            window_event_listener(leptos::ev::storage, move |event: web_sys::StorageEvent| {
                if event.key().as_deref() == Some(STORAGE_KEY) {
                    ledger.set(load());
                }
            });
        on_cleanup(move || handle.remove());
        shared
    }

    pub fn set_limits(&self, limits: Limits) {
        self.limits.set(limits);
    }

    pub fn limits(&self) -> Limits {
        self.limits.get()
    }

    /// Records a call of `kind` made now with the key `key_id`.
    pub fn record(&self, key_id: &str, kind: CallKind) {
        self.change(|ledger| ledger.record(key_id, kind, now_ms()));
    }

    /// Records that the platform refused calls of `kind` until `until_ms`.
    pub fn block_until(&self, key_id: &str, kind: CallKind, until_ms: i64) {
        self.change(|ledger| ledger.block_until(key_id, kind, until_ms));
    }

    /// Calls of `kind` left in the window at `now_ms`; reactive.
    pub fn remaining(&self, key_id: &str, kind: CallKind, now_ms: i64) -> u32 {
        let limits = self.limits.get();
        self.ledger
            .with(|ledger| ledger.remaining(key_id, kind, &limits, now_ms))
    }

    /// When the next call of `kind` frees up; reactive.
    pub fn next_free_at(&self, key_id: &str, kind: CallKind, now_ms: i64) -> Option<i64> {
        let limits = self.limits.get();
        self.ledger
            .with(|ledger| ledger.next_free_at(key_id, kind, &limits, now_ms))
    }

    /// Applies `change` to the stored ledger. It starts from what is stored,
    /// so a call another tab recorded a moment ago is kept.
    fn change(&self, change: impl FnOnce(&mut Ledger)) {
        let mut ledger = load();
        change(&mut ledger);
        ledger.prune(&self.limits.get_untracked(), now_ms());
        save(&ledger);
        self.ledger.set(ledger);
    }
}

impl Default for SharedLedger {
    fn default() -> Self {
        SharedLedger::new()
    }
}

/// Derives the ledger's name for an API key: a SHA-256 hash, so that the
/// key itself never reaches localStorage.
pub fn key_id(api_key: &str) -> String {
    let digest = Sha256::new()
        .chain_update(b"tls-panel ledger\0")
        .chain_update(api_key.as_bytes())
        .finalize();
    digest
        .iter()
        .take(8)
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

/// Milliseconds since the Unix epoch.
pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn load() -> Ledger {
    local_storage()
        .and_then(|storage| storage.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

fn save(ledger: &Ledger) {
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(ledger)) {
        // Without storage the ledger still works for this page's lifetime.
        let _ = storage.set_item(STORAGE_KEY, &text);
    }
}

#[cfg(test)]
mod tests {
    use super::key_id;

    #[test]
    fn key_id_hides_the_key() {
        let id = key_id("demo-key");
        assert_eq!(id.len(), 16);
        assert_eq!(id, key_id("demo-key"));
        assert_ne!(id, key_id("other-key"));
        assert!(!id.contains("demo"));
    }
}
