//! Turning the files in the upload form into the body of a `POST` or `PUT`,
//! with the checks that need no request: every required file is there and
//! each one is PEM text.

use crate::api::{TlsType, TlsUpload};
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
                "The server certificate followed by its intermediate certificates, in PEM."
            }
            Slot::Key => "The unencrypted private key of the server certificate, in PEM.",
            Slot::ClientCa => "The CA certificate that signed your clients' certificates, in PEM.",
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
}

/// A problem found before any request, tied to the slot that causes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalProblem {
    pub slot: Slot,
    pub message: String,
}

/// Builds the request body, or lists every problem that blocks it.
pub fn build_upload(
    tls_type: TlsType,
    certificate: Option<&LoadedFile>,
    key: Option<&LoadedFile>,
    client_ca: Option<&LoadedFile>,
) -> Result<TlsUpload, Vec<LocalProblem>> {
    let mut problems = Vec::new();
    let mut text_of = |slot: Slot, file: Option<&LoadedFile>| -> Option<String> {
        let Some(file) = file else {
            problems.push(LocalProblem {
                slot,
                message: format!("Add the {} file.", slot.label().to_lowercase()),
            });
            return None;
        };
        match pem_text(file) {
            Ok(text) => Some(text),
            Err(message) => {
                problems.push(LocalProblem { slot, message });
                None
            }
        }
    };
    let cert = text_of(Slot::Certificate, certificate);
    let key_text = text_of(Slot::Key, key);
    let cacert = match tls_type {
        TlsType::TwoWay => text_of(Slot::ClientCa, client_ca),
        TlsType::OneWay => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(TlsUpload {
        tls_type,
        cert: cert.unwrap_or_default(),
        key: key_text.unwrap_or_default(),
        cacert,
    })
}

/// Reads a file as PEM text: drops a UTF-8 byte order mark, turns CRLF and
/// CR line endings into LF, and refuses binary or non-PEM content.
pub fn pem_text(file: &LoadedFile) -> Result<String, String> {
    let bytes = file
        .bytes
        .strip_prefix(b"\xEF\xBB\xBF")
        .unwrap_or(&file.bytes);
    if bytes.contains(&0) {
        return Err(format!(
            "{} is not plain text (it may be saved as UTF-16 or be a binary DER or PKCS#12 file). \
             Save it as PEM in ASCII or UTF-8.",
            file.name
        ));
    }
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Err(format!(
            "{} is not text. If it is a DER or PKCS#12 file, convert it to PEM with openssl first.",
            file.name
        ));
    };
    if !text.contains("-----BEGIN ") {
        return Err(format!(
            "{} has no PEM block (a line starting with -----BEGIN).",
            file.name
        ));
    }
    Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, content: &[u8]) -> LoadedFile {
        LoadedFile {
            name: name.into(),
            size: content.len() as u64,
            bytes: content.to_vec(),
        }
    }

    const CERT: &[u8] = b"-----BEGIN CERTIFICATE-----\r\nMIIB\r\n-----END CERTIFICATE-----\r\n";
    const KEY: &[u8] =
        b"\xEF\xBB\xBF-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n";

    #[test]
    fn one_way_upload_normalises_text() {
        let upload = build_upload(
            TlsType::OneWay,
            Some(&file("c.pem", CERT)),
            Some(&file("k.pem", KEY)),
            None,
        )
        .unwrap();
        assert_eq!(
            upload.cert,
            "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n"
        );
        assert!(upload.key.starts_with("-----BEGIN PRIVATE KEY-----"));
        assert_eq!(upload.cacert, None);
    }

    #[test]
    fn two_way_requires_client_ca() {
        let problems = build_upload(
            TlsType::TwoWay,
            Some(&file("c.pem", CERT)),
            Some(&file("k.pem", KEY)),
            None,
        )
        .unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].slot, Slot::ClientCa);
    }

    #[test]
    fn one_way_ignores_loaded_client_ca() {
        let ca = file("ca.pem", CERT);
        let upload = build_upload(
            TlsType::OneWay,
            Some(&file("c.pem", CERT)),
            Some(&file("k.pem", KEY)),
            Some(&ca),
        )
        .unwrap();
        assert_eq!(upload.cacert, None);
    }

    #[test]
    fn binary_and_non_pem_files_are_refused() {
        let utf16 = file("c.pem", b"\xFF\xFE-\x00-\x00");
        let der = file("c.crt", b"\x30\x82\x01\xFF\xC3\x28");
        let notes = file("k.pem", b"hello");
        assert!(pem_text(&utf16).unwrap_err().contains("UTF-16"));
        assert!(pem_text(&der).unwrap_err().contains("DER"));
        assert!(pem_text(&notes).unwrap_err().contains("no PEM block"));
    }

    #[test]
    fn missing_files_are_each_reported() {
        let problems = build_upload(TlsType::OneWay, None, None, None).unwrap_err();
        let slots: Vec<Slot> = problems.iter().map(|problem| problem.slot).collect();
        assert_eq!(slots, vec![Slot::Certificate, Slot::Key]);
    }
}
