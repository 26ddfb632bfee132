//! The operator's API key and secret. They live in memory, and in the tab's
//! sessionStorage only when the operator asks for it; never in localStorage
//! or a URL.

use base64ct::{Base64, Encoding};
use serde::{Deserialize, Serialize};

/// sessionStorage entry that contains the credentials when the operator
/// chose to keep them for the tab's lifetime.
const SESSION_STORAGE_KEY: &str = "tls-panel.credentials";

/// An API key and its secret.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Credentials {
    pub key: String,
    pub secret: String,
}

impl std::fmt::Debug for Credentials {
    /// Shows the key only, so that the secret never reaches a log.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Credentials")
            .field("key", &self.key)
            .field("secret", &"<redacted>")
            .finish()
    }
}

impl Credentials {
    /// Builds the value of the `Authorization` header for HTTP Basic auth.
    pub fn basic_authorization(&self) -> String {
        let pair = format!("{}:{}", self.key, self.secret);
        format!("Basic {}", Base64::encode_string(pair.as_bytes()))
    }

    /// Reads credentials kept in this tab's sessionStorage, if any.
    pub fn load_from_session() -> Option<Credentials> {
        let storage = session_storage()?;
        let text = storage.get_item(SESSION_STORAGE_KEY).ok()??;
        serde_json::from_str(&text).ok()
    }

    /// Keeps the credentials in this tab's sessionStorage, which the browser
    /// clears when the tab closes.
    pub fn save_to_session(&self) {
        if let (Some(storage), Ok(text)) = (session_storage(), serde_json::to_string(self)) {
            // A full or disabled storage only means the operator logs in again.
            let _ = storage.set_item(SESSION_STORAGE_KEY, &text);
        }
    }

    /// Removes credentials from this tab's sessionStorage.
    pub fn clear_session() {
        if let Some(storage) = session_storage() {
            let _ = storage.remove_item(SESSION_STORAGE_KEY);
        }
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_authorization_encodes_key_and_secret() {
        let credentials = Credentials {
            key: "demo-key".into(),
            secret: "s3cret:x".into(),
        };
        assert_eq!(
            credentials.basic_authorization(),
            "Basic ZGVtby1rZXk6czNjcmV0Ong="
        );
    }

    #[test]
    fn debug_output_hides_secret() {
        let credentials = Credentials {
            key: "demo-key".into(),
            secret: "very-secret".into(),
        };
        let printed = format!("{credentials:?}");
        assert!(printed.contains("demo-key"));
        assert!(!printed.contains("very-secret"));
    }
}
