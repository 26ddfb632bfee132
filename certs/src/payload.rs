//! The canonical PEM text sent to the platform.

use core::fmt;

use pem_rfc7468::LineEnding;
use serde::Serialize;

/// The three request fields, each canonical PEM: LF line endings, 64-character base64 lines,
/// one final newline and nothing outside the blocks. `Debug` leaves out the key.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Payload {
    /// The leaf certificate followed by its chain, issuer after subject.
    pub cert: String,
    /// The private key, under the label that matches its format.
    pub key: String,
    /// The client CA certificates, present only for two-way TLS.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cacert: Option<String>,
}

impl fmt::Debug for Payload {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Payload")
            .field("cert", &self.cert)
            .field("key", &"<redacted>")
            .field("cacert", &self.cacert)
            .finish()
    }
}

/// Encodes `der` as one PEM block with LF line endings.
pub(crate) fn encode_pem(label: &str, der: &[u8]) -> String {
    // The label is one of this crate's constants and the input is in memory, so encoding
    // can fail only on lengths beyond any certificate's size.
    pem_rfc7468::encode_string(label, LineEnding::LF, der)
        .expect("PEM encoding of an in-memory value with a fixed label")
}

/// Encodes several DER values as consecutive PEM blocks under one label.
pub(crate) fn encode_pem_bundle<'a>(
    label: &str,
    ders: impl IntoIterator<Item = &'a [u8]>,
) -> String {
    ders.into_iter().map(|der| encode_pem(label, der)).collect()
}
