//! Request and response bodies of the platform API. Every response field is
//! optional, because the platform's responses vary and an unknown or missing
//! field must never make a whole response unreadable.

use serde::{Deserialize, Serialize};

/// One item of `GET /deployments`.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    #[serde(rename = "deploymentID")]
    pub deployment_id: String,
    #[serde(default)]
    pub deployment_name: Option<String>,
    #[serde(default)]
    pub deployment_type: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub project_name: Option<String>,
}

impl Deployment {
    /// Label of the deployment in the selector: name, id and status.
    pub fn option_label(&self) -> String {
        let name = self.deployment_name.as_deref().unwrap_or("unnamed");
        let status = self.status.as_deref().unwrap_or("status unknown");
        format!("{name} ({}) · {status}", self.deployment_id)
    }
}

/// The TLS type of a certificate, as the API spells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TlsType {
    #[serde(rename = "one-way")]
    OneWay,
    #[serde(rename = "two-way")]
    TwoWay,
}

impl TlsType {
    /// Returns the API's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            TlsType::OneWay => "one-way",
            TlsType::TwoWay => "two-way",
        }
    }

    /// Reads the API's spelling, with surrounding spaces, or `None` for any
    /// other value.
    pub fn parse(text: &str) -> Option<TlsType> {
        match text.trim() {
            "one-way" => Some(TlsType::OneWay),
            "two-way" => Some(TlsType::TwoWay),
            _ => None,
        }
    }
}

/// Body of `GET`, `POST` and `PUT /deployments/{id}/tls`. Values are kept as
/// the server sent them, so the card can show an unexpected one verbatim. A
/// number or boolean where a string belongs is kept as its JSON text rather
/// than making the whole body unreadable.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsStatus {
    #[serde(default, deserialize_with = "lenient_text")]
    pub tls_type: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub expire: Option<String>,
    #[serde(default, deserialize_with = "lenient_text")]
    pub status: Option<String>,
    /// Common name of the certificate; some platform versions send it.
    #[serde(default, deserialize_with = "lenient_text")]
    pub cn: Option<String>,
}

/// Reads a JSON string as itself, `null` as `None`, and any other value as
/// its JSON text.
fn lenient_text<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    Ok(match serde_json::Value::deserialize(deserializer)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(text) => Some(text),
        other => Some(other.to_string()),
    })
}

impl TlsStatus {
    /// Tells whether the body describes a certificate. The platform returns
    /// an empty object or null fields for a deployment without one.
    pub fn has_certificate(&self) -> bool {
        [&self.tls_type, &self.expire, &self.status]
            .iter()
            .any(|field| {
                field
                    .as_deref()
                    .is_some_and(|value| !value.trim().is_empty())
            })
    }
}

/// State of a deployment's certificate as the card shows it.
#[derive(Clone, Debug, PartialEq)]
pub enum CertificateState {
    /// No custom certificate is configured.
    Missing,
    /// A certificate is configured, in the state the platform reported.
    Present(TlsStatus),
}

/// Body of `POST` and `PUT /deployments/{id}/tls`. `cacert` is left out for
/// `one-way`, because the platform requires it to be omitted there.
#[derive(Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TlsUpload {
    pub tls_type: TlsType,
    pub cert: String,
    pub key: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cacert: Option<String>,
}

impl std::fmt::Debug for TlsUpload {
    /// Leaves the PEM text out, so that a key never reaches a log.
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("TlsUpload")
            .field("tls_type", &self.tls_type)
            .field("cert_bytes", &self.cert.len())
            .field("key", &"<redacted>")
            .field("cacert_bytes", &self.cacert.as_ref().map(String::len))
            .finish()
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn tls_type_parses_the_api_spelling() {
        assert_eq!(TlsType::parse(" two-way "), Some(TlsType::TwoWay));
        assert_eq!(TlsType::parse("one-way"), Some(TlsType::OneWay));
        assert_eq!(TlsType::parse("mutual"), None);
    }

    use super::*;

    #[test]
    fn deployment_tolerates_extra_and_missing_fields() {
        let body = r#"[{"deploymentID":"b1f77113","deploymentName":"plant","status":"running",
            "tps":4,"connections":10,"somethingNew":{"a":1}},{"deploymentID":"ge6a1a75"}]"#;
        let list: Vec<Deployment> = serde_json::from_str(body).unwrap();
        assert_eq!(list[0].option_label(), "plant (b1f77113) · running");
        assert_eq!(
            list[1].option_label(),
            "unnamed (ge6a1a75) · status unknown"
        );
    }

    #[test]
    fn empty_status_bodies_mean_no_certificate() {
        for body in [
            "{}",
            r#"{"tlsType":null,"expire":null,"status":null}"#,
            r#"{"tlsType":"","expire":""}"#,
        ] {
            let status: TlsStatus = serde_json::from_str(body).unwrap();
            assert!(!status.has_certificate(), "{body}");
        }
    }

    #[test]
    fn status_keeps_cn_and_ignores_unknown_fields() {
        let body = r#"{"tlsType":"one-way","expire":"2034-05-22 02:43:21","status":"running",
            "cn":"mqtt.example.test","fingerprint":"ab"}"#;
        let status: TlsStatus = serde_json::from_str(body).unwrap();
        assert!(status.has_certificate());
        assert_eq!(status.cn.as_deref(), Some("mqtt.example.test"));
    }

    #[test]
    fn status_keeps_non_string_values_as_text() {
        let body = r#"{"tlsType":"one-way","expire":2031619401,"status":"running"}"#;
        let status: TlsStatus = serde_json::from_str(body).unwrap();
        assert_eq!(status.expire.as_deref(), Some("2031619401"));
        assert_eq!(status.status.as_deref(), Some("running"));
    }

    #[test]
    fn one_way_upload_omits_cacert() {
        let upload = TlsUpload {
            tls_type: TlsType::OneWay,
            cert: "C".into(),
            key: "K".into(),
            cacert: None,
        };
        let json = serde_json::to_string(&upload).unwrap();
        assert_eq!(json, r#"{"tlsType":"one-way","cert":"C","key":"K"}"#);
    }

    #[test]
    fn upload_debug_hides_key() {
        let upload = TlsUpload {
            tls_type: TlsType::TwoWay,
            cert: "C".into(),
            key: "SECRET-KEY-TEXT".into(),
            cacert: Some("A".into()),
        };
        assert!(!format!("{upload:?}").contains("SECRET-KEY-TEXT"));
    }
}
