//! The operator's input: dropped files and pasted text, with the slot each was dropped on.

use serde::{Deserialize, Serialize};

/// The drop zone a source was put on in the panel.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DropSlot {
    /// The server certificate and its chain.
    CertificateChain,
    /// The private key of the server certificate.
    PrivateKey,
    /// The CA that signs client certificates, for two-way TLS.
    ClientCa,
    /// No particular slot: the content decides.
    #[default]
    Any,
}

/// One dropped file or pasted text.
#[derive(Clone, PartialEq, Eq)]
pub struct Source {
    /// File name, or a description such as "pasted text", used in messages.
    pub name: String,
    /// The raw bytes as read, in whatever encoding the operator's tool wrote.
    pub bytes: Vec<u8>,
    pub slot: DropSlot,
}

impl Source {
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>, slot: DropSlot) -> Self {
        Self {
            name: name.into(),
            bytes: bytes.into(),
            slot,
        }
    }
}

/// Leaves out the bytes, which may hold a private key.
impl core::fmt::Debug for Source {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Source")
            .field("name", &self.name)
            .field("len", &self.bytes.len())
            .field("slot", &self.slot)
            .finish()
    }
}

/// Whether the server also checks client certificates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum TlsType {
    #[default]
    #[serde(rename = "one-way")]
    OneWay,
    #[serde(rename = "two-way")]
    TwoWay,
}

/// Returns `name` when it can stand in a shell command as it is, and `fallback` otherwise,
/// so that a suggested command never needs quoting.
pub(crate) fn command_file<'a>(name: &'a str, fallback: &'a str) -> &'a str {
    let plain = !name.is_empty()
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-' | '/'));
    if plain { name } else { fallback }
}
