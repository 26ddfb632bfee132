//! Settings read from `config.json` beside `index.html`, so that one build
//! serves many hosts.

use serde::Deserialize;

/// API path used when `config.json` is absent or does not set one.
pub const DEFAULT_API_BASE: &str = "/api/v1";
/// Seconds a request may take before the panel gives up on it.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 20;

/// The panel's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelConfig {
    /// Base URL or path of the API, without a trailing slash.
    pub api_base: String,
    pub request_timeout_seconds: u32,
}

impl Default for PanelConfig {
    fn default() -> Self {
        PanelConfig {
            api_base: DEFAULT_API_BASE.to_owned(),
            request_timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConfigFile {
    api_base: Option<String>,
    request_timeout_seconds: Option<u32>,
}

/// Why `config.json` could not be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("config.json is not valid: {0}")]
    Invalid(String),
}

impl PanelConfig {
    /// Parses the text of `config.json`. Unknown settings are an error, so a
    /// misspelt name does not silently fall back to the default.
    pub fn parse(text: &str) -> Result<PanelConfig, ConfigError> {
        let file: ConfigFile =
            serde_json::from_str(text).map_err(|error| ConfigError::Invalid(error.to_string()))?;
        let mut config = PanelConfig::default();
        if let Some(base) = file.api_base {
            let base = base.trim().trim_end_matches('/');
            if base.is_empty() {
                return Err(ConfigError::Invalid("apiBase is empty; remove it to use /api/v1".into()));
            }
            config.api_base = base.to_owned();
        }
        if let Some(seconds) = file.request_timeout_seconds {
            if !(1..=300).contains(&seconds) {
                return Err(ConfigError::Invalid(format!(
                    "requestTimeoutSeconds is {seconds}; use a value from 1 to 300"
                )));
            }
            config.request_timeout_seconds = seconds;
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_object_gives_defaults() {
        assert_eq!(PanelConfig::parse("{}").unwrap(), PanelConfig::default());
    }

    #[test]
    fn api_base_override_drops_trailing_slash() {
        let config = PanelConfig::parse(r#"{"apiBase":"https://portal.example.test/emqx/api/v1/"}"#).unwrap();
        assert_eq!(config.api_base, "https://portal.example.test/emqx/api/v1");
    }

    #[test]
    fn misspelt_setting_is_rejected() {
        assert!(PanelConfig::parse(r#"{"apiBasePath":"/x"}"#).is_err());
    }

    #[test]
    fn timeout_outside_range_is_rejected() {
        assert!(PanelConfig::parse(r#"{"requestTimeoutSeconds":0}"#).is_err());
        assert_eq!(
            PanelConfig::parse(r#"{"requestTimeoutSeconds":5}"#).unwrap().request_timeout_seconds,
            5
        );
    }
}
