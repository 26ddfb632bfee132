//! Settings read from `config.json` beside `index.html`, so that one build
//! serves many hosts.

use serde::Deserialize;

use tls_certs::{KeyAlgorithm, Policy};

use crate::budget::Limits;

/// API path used when `config.json` is absent or does not set one.
pub const DEFAULT_API_BASE: &str = "/api/v1";
/// Seconds a request may take before the panel gives up on it.
pub const DEFAULT_TIMEOUT_SECONDS: u32 = 20;
/// Reads kept back from automatic status checks, so that the operator can
/// still refresh the card by hand.
pub const DEFAULT_READ_RESERVE: u32 = 10;

/// The panel's settings.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PanelConfig {
    /// Base URL or path of the API, without a trailing slash.
    pub api_base: String,
    pub request_timeout_seconds: u32,
    /// The platform's rate limits, which the panel's ledger counts against.
    pub limits: Limits,
    /// Reads that automatic status checks leave for manual refreshes.
    pub read_reserve: u32,
    /// Platform policy for certificate material, checked before sending.
    pub policy: Policy,
}

impl Default for PanelConfig {
    fn default() -> Self {
        PanelConfig {
            api_base: DEFAULT_API_BASE.to_owned(),
            request_timeout_seconds: DEFAULT_TIMEOUT_SECONDS,
            limits: Limits::default(),
            read_reserve: DEFAULT_READ_RESERVE,
            policy: Policy::default(),
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ConfigFile {
    api_base: Option<String>,
    request_timeout_seconds: Option<u32>,
    read_limit: Option<u32>,
    write_limit: Option<u32>,
    window_seconds: Option<u32>,
    read_reserve: Option<u32>,
    allowed_key_algorithms: Option<Vec<String>>,
    expiry_margin_days: Option<u32>,
    require_issuer_algorithm_match: Option<bool>,
}

/// Reason `config.json` could not be used.
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
                return Err(ConfigError::Invalid(
                    "apiBase is empty; remove it to use /api/v1".into(),
                ));
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

        // Other platforms, and the simulator in tests, use other limits.
        if let Some(limit) = file.read_limit {
            config.limits.read_limit = positive("readLimit", limit)?;
        }
        if let Some(limit) = file.write_limit {
            config.limits.write_limit = positive("writeLimit", limit)?;
        }
        if let Some(seconds) = file.window_seconds {
            config.limits.window_ms = i64::from(positive("windowSeconds", seconds)?) * 1000;
        }
        if let Some(reserve) = file.read_reserve {
            config.read_reserve = reserve;
        }

        if let Some(names) = file.allowed_key_algorithms {
            config.policy.allowed_key_algorithms = parse_key_algorithms(&names)?;
        }
        if let Some(days) = file.expiry_margin_days {
            config.policy.expiry_margin_days = days;
        }
        if let Some(required) = file.require_issuer_algorithm_match {
            config.policy.require_issuer_algorithm_match = required;
        }

        if config.read_reserve >= config.limits.read_limit {
            return Err(ConfigError::Invalid(format!(
                "readReserve is {}, which leaves no reads for automatic status checks; use less than \
                 readLimit ({})",
                config.read_reserve, config.limits.read_limit
            )));
        }
        Ok(config)
    }
}

fn parse_key_algorithms(names: &[String]) -> Result<Vec<KeyAlgorithm>, ConfigError> {
    names
        .iter()
        .map(|name| {
            name.parse::<KeyAlgorithm>().map_err(|_| {
                ConfigError::Invalid(format!(
                    "allowedKeyAlgorithms names \"{name}\"; use names such as \"RSA 2048\" or \"ECDSA P-256\""
                ))
            })
        })
        .collect()
}

fn positive(name: &str, value: u32) -> Result<u32, ConfigError> {
    if value == 0 {
        return Err(ConfigError::Invalid(format!(
            "{name} is 0; use a positive number"
        )));
    }
    Ok(value)
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
        let config =
            PanelConfig::parse(r#"{"apiBase":"https://portal.example.test/emqx/api/v1/"}"#)
                .unwrap();
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
            PanelConfig::parse(r#"{"requestTimeoutSeconds":5}"#)
                .unwrap()
                .request_timeout_seconds,
            5
        );
    }

    #[test]
    fn rate_limits_can_be_overridden() {
        let config = PanelConfig::parse(
            r#"{"readLimit":20,"writeLimit":3,"windowSeconds":120,"readReserve":2}"#,
        )
        .unwrap();
        assert_eq!(
            config.limits,
            Limits {
                read_limit: 20,
                write_limit: 3,
                window_ms: 120_000
            }
        );
        assert_eq!(config.read_reserve, 2);
    }

    #[test]
    fn reserve_must_leave_reads() {
        assert!(PanelConfig::parse(r#"{"readLimit":5,"readReserve":5}"#).is_err());
        assert!(PanelConfig::parse(r#"{"writeLimit":0}"#).is_err());
    }

    #[test]
    fn certificate_policy_can_be_overridden() {
        let config = PanelConfig::parse(
            r#"{"allowedKeyAlgorithms":["RSA 2048","RSA 4096"],"expiryMarginDays":30,"requireIssuerAlgorithmMatch":false}"#,
        )
        .unwrap();
        let names: Vec<String> = config
            .policy
            .allowed_key_algorithms
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(names, ["RSA 2048", "RSA 4096"]);
        assert_eq!(config.policy.expiry_margin_days, 30);
        assert!(!config.policy.require_issuer_algorithm_match);
    }

    #[test]
    fn unknown_key_algorithm_is_rejected() {
        let error = PanelConfig::parse(r#"{"allowedKeyAlgorithms":["DSA 1024"]}"#).unwrap_err();
        assert!(error.to_string().contains("DSA 1024"), "{error}");
    }
}
