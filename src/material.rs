//! The bridge between the upload form and the certificate checks: the
//! form's slots, the sources handed to `tls_certs::analyze`, the request
//! body built from its payload, and the reasons a replacement needs the
//! operator's confirmation.

use tls_certs::{Analysis, DropSlot, Payload, Source};

use crate::api::{TlsStatus, TlsType, TlsUpload};
use crate::expiry::parse_utc_timestamp;
use crate::loaded_file::LoadedFile;

/// The upload form's slots.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Slot {
    Certificate,
    Key,
    ClientCa,
}

impl Slot {
    /// Visible label and accessible name of the slot's file picker.
    pub fn label(self) -> &'static str {
        match self {
            Slot::Certificate => "Certificate chain",
            Slot::Key => "Private key",
            Slot::ClientCa => "Client CA certificate",
        }
    }

    /// Short explanation shown under the label.
    pub fn hint(self) -> &'static str {
        match self {
            Slot::Certificate => {
                "The server certificate and its intermediate certificates, in one file or several."
            }
            Slot::Key => "The unencrypted private key of the server certificate.",
            Slot::ClientCa => "The CA certificate that signed your clients' certificates.",
        }
    }

    /// Element id prefix, unique in the page.
    pub fn id(self) -> &'static str {
        match self {
            Slot::Certificate => "slot-certificate",
            Slot::Key => "slot-key",
            Slot::ClientCa => "slot-client-ca",
        }
    }

    /// Tells whether the slot takes several files, such as a chain split in parts.
    pub fn takes_several_files(self) -> bool {
        self != Slot::Key
    }

    pub fn drop_slot(self) -> DropSlot {
        match self {
            Slot::Certificate => DropSlot::CertificateChain,
            Slot::Key => DropSlot::PrivateKey,
            Slot::ClientCa => DropSlot::ClientCa,
        }
    }
}

/// Name under which pasted text appears in messages.
pub const PASTED_TEXT_NAME: &str = "pasted text";

/// A file in the upload form, with where the operator put it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DraftFile {
    /// Identifies the file in the form, so it can be removed.
    pub id: u64,
    pub file: LoadedFile,
    pub dropped_on: DropSlot,
}

/// Returns the name each file goes by in the checks' messages: its file
/// name, with " (2)", " (3)" and so on after the first file of that name.
/// Two files of one name, such as the same key dropped on two slots, then
/// keep their problems apart.
pub fn source_names(files: &[DraftFile]) -> Vec<String> {
    let mut names: Vec<String> = Vec::with_capacity(files.len());
    for draft in files {
        let base = &draft.file.name;
        let mut name = base.clone();
        let mut copy = 1;
        while name == PASTED_TEXT_NAME || names.contains(&name) {
            copy += 1;
            name = format!("{base} ({copy})");
        }
        names.push(name);
    }
    names
}

/// Builds the sources for the checks from the form's files and pasted text.
pub fn sources(files: &[DraftFile], pasted: &str) -> Vec<Source> {
    let mut sources: Vec<Source> = files
        .iter()
        .zip(source_names(files))
        .map(|(draft, name)| Source::new(name, draft.file.bytes.clone(), draft.dropped_on))
        .collect();
    if !pasted.trim().is_empty() {
        sources.push(Source::new(
            PASTED_TEXT_NAME,
            pasted.as_bytes().to_vec(),
            DropSlot::Any,
        ));
    }
    sources
}

/// Converts a TLS type to the type the checks use.
pub fn certs_tls_type(tls_type: TlsType) -> tls_certs::TlsType {
    match tls_type {
        TlsType::OneWay => tls_certs::TlsType::OneWay,
        TlsType::TwoWay => tls_certs::TlsType::TwoWay,
    }
}

/// Builds the request body from the checked payload, which is canonical
/// PEM with the leaf first.
pub fn upload_from(tls_type: TlsType, payload: Payload) -> TlsUpload {
    TlsUpload {
        tls_type,
        cert: payload.cert,
        key: payload.key,
        cacert: match tls_type {
            TlsType::OneWay => None,
            TlsType::TwoWay => payload.cacert,
        },
    }
}

/// Lists what a replacement changes that the operator should confirm: a
/// certificate that expires earlier than the live one, or another tlsType.
pub fn replacement_concerns(
    live: &TlsStatus,
    analysis: &Analysis,
    tls_type: TlsType,
) -> Vec<String> {
    let mut concerns = Vec::new();
    let live_expiry = live.expire.as_deref().and_then(parse_utc_timestamp);
    let new_expiry = analysis
        .chain
        .first()
        .and_then(|leaf| parse_utc_timestamp(&leaf.not_after));
    if let (Some(live_expiry), Some(new_expiry), Some(leaf)) =
        (live_expiry, new_expiry, analysis.chain.first())
        && new_expiry < live_expiry
    {
        concerns.push(format!(
            "The new certificate expires on {} UTC, earlier than the live one ({} UTC).",
            leaf.not_after,
            live.expire.as_deref().unwrap_or_default().trim()
        ));
    }
    if let Some(live_type) = live.tls_type.as_deref().filter(|value| !value.is_empty())
        && live_type != tls_type.as_str()
    {
        concerns.push(format!(
            "The TLS type changes from {live_type} to {}.",
            tls_type.as_str()
        ));
    }
    concerns
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(id: u64, name: &str, slot: DropSlot) -> DraftFile {
        DraftFile {
            id,
            file: LoadedFile {
                name: name.into(),
                size: 1,
                bytes: vec![b'x'],
            },
            dropped_on: slot,
        }
    }

    #[test]
    fn repeated_file_names_are_numbered() {
        let files = [
            draft(1, "key.pem", DropSlot::PrivateKey),
            draft(2, "key.pem", DropSlot::CertificateChain),
            draft(3, "chain.pem", DropSlot::CertificateChain),
            draft(4, "key.pem", DropSlot::Any),
            draft(5, PASTED_TEXT_NAME, DropSlot::Any),
        ];
        assert_eq!(
            source_names(&files),
            [
                "key.pem",
                "key.pem (2)",
                "chain.pem",
                "key.pem (3)",
                "pasted text (2)"
            ]
        );
        let built = sources(&files, "");
        assert_eq!(built[1].name, "key.pem (2)");
    }

    #[test]
    fn pasted_text_becomes_a_source_of_any_slot() {
        let files = [draft(1, "chain.pem", DropSlot::CertificateChain)];
        let built = sources(&files, "-----BEGIN CERTIFICATE-----");
        assert_eq!(built.len(), 2);
        assert_eq!(built[0].slot, DropSlot::CertificateChain);
        assert_eq!(built[1].name, PASTED_TEXT_NAME);
        assert_eq!(built[1].slot, DropSlot::Any);
    }

    #[test]
    fn blank_paste_adds_no_source() {
        assert!(sources(&[], " \n ").is_empty());
    }

    #[test]
    fn one_way_upload_never_carries_client_ca() {
        let payload = Payload {
            cert: "C\n".into(),
            key: "K\n".into(),
            cacert: Some("A\n".into()),
        };
        let upload = upload_from(TlsType::OneWay, payload);
        assert_eq!(upload.cacert, None);
        assert_eq!(upload.cert, "C\n");
    }
}
