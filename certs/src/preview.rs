//! Previews of the certificates and the key, shown before anything is sent.

use const_oid::ObjectIdentifier;
use der::asn1::AnyRef;
use der::{DateTime, Tag, Tagged};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::algorithm::{KeyAlgorithm, is_oid};
use crate::certificate::Cert;
use crate::key::KeyFormat;
use crate::text::{hex, lossy_utf8};
use crate::x509::name_attributes;

const SECONDS_PER_DAY: i64 = 86_400;

/// The place of a certificate in the material.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateRole {
    /// The server certificate, first in `cert`.
    Leaf,
    /// A CA certificate in the server chain below the root.
    Intermediate,
    /// The self-signed CA certificate at the top of the server chain.
    Root,
    /// A CA that signs the certificates clients present in two-way TLS.
    ClientCa,
    /// A certificate that is not sent, because it is outside the chain or its place is unclear.
    Unplaced,
}

/// A certificate as the operator sees it in the preview.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CertificatePreview {
    /// Name of the source the certificate came from.
    pub source: String,
    pub role: CertificateRole,
    /// Subject distinguished name, common name first.
    pub subject: String,
    pub issuer: String,
    /// DNS names from the subject alternative name extension.
    pub dns_names: Vec<String>,
    /// IP addresses from the subject alternative name extension.
    pub ip_addresses: Vec<String>,
    /// Start of validity as `YYYY-MM-DD HH:MM:SS`, in UTC.
    pub not_before: String,
    /// End of validity as `YYYY-MM-DD HH:MM:SS`, in UTC.
    pub not_after: String,
    /// Whole days from "now" to the end of validity, negative once expired.
    pub days_left: i64,
    pub key_algorithm: KeyAlgorithm,
    /// SHA-256 of the DER certificate as colon-separated uppercase hex.
    pub sha256_fingerprint: String,
    /// Whether basicConstraints marks the certificate as a CA.
    pub is_ca: bool,
}

/// The private key as the operator sees it in the preview, without any key bytes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct KeyPreview {
    /// Name of the source the key came from.
    pub source: String,
    pub algorithm: KeyAlgorithm,
    pub format: KeyFormat,
    /// Whether the key belongs to the leaf, or `None` when there is no leaf or the key lacks
    /// a public part to compare.
    pub matches_leaf: Option<bool>,
}

pub(crate) fn certificate_preview(
    cert: &Cert,
    source: &str,
    role: CertificateRole,
    now_unix: i64,
) -> CertificatePreview {
    CertificatePreview {
        source: source.to_owned(),
        role,
        subject: cert.subject.clone(),
        issuer: cert.issuer.clone(),
        dns_names: cert.dns_names.clone(),
        ip_addresses: cert.ip_addresses.clone(),
        not_before: cert.not_before_text.clone(),
        not_after: cert.not_after_text.clone(),
        days_left: days_between(now_unix, cert.not_after),
        key_algorithm: cert.algorithm.clone(),
        sha256_fingerprint: fingerprint(&cert.der),
        is_ca: cert.is_ca,
    }
}

/// Returns the whole days from `from` to `to`, rounded towards minus infinity so that a
/// certificate expiring in 12 hours shows 0 days and one that expired an hour ago shows -1.
pub(crate) fn days_between(from: i64, to: i64) -> i64 {
    (to - from).div_euclid(SECONDS_PER_DAY)
}

pub(crate) fn format_date_time(date_time: &DateTime) -> String {
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}:{:02}",
        date_time.year(),
        date_time.month(),
        date_time.day(),
        date_time.hour(),
        date_time.minutes(),
        date_time.seconds()
    )
}

pub(crate) fn fingerprint(der: &[u8]) -> String {
    hex(&Sha256::digest(der), ":", true)
}

/// Formats a distinguished name as `CN=..., O=..., C=...`, with the common name first and
/// the other attributes in their order in the certificate.
pub(crate) fn format_name(name: &AnyRef<'_>) -> String {
    let attributes = name_attributes(name);
    let (common_names, others): (Vec<_>, Vec<_>) = attributes
        .iter()
        .partition(|attribute| is_oid(&attribute.oid, &COMMON_NAME));
    let mut text = String::new();
    for attribute in common_names.into_iter().chain(others) {
        if !text.is_empty() {
            text.push_str(", ");
        }
        text.push_str(&attribute_name(&attribute.oid));
        text.push('=');
        text.push_str(&attribute_value(&attribute.value));
    }
    text
}

const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// Short names of the attributes that appear in server certificates. Others are shown by
/// their dotted OID, which keeps const-oid's large name table out of the wasm bundle.
fn attribute_name(oid: &ObjectIdentifier) -> String {
    let short = match oid.to_string().as_str() {
        "2.5.4.3" => "CN",
        "2.5.4.5" => "serialNumber",
        "2.5.4.6" => "C",
        "2.5.4.7" => "L",
        "2.5.4.8" => "ST",
        "2.5.4.9" => "street",
        "2.5.4.10" => "O",
        "2.5.4.11" => "OU",
        "2.5.4.17" => "postalCode",
        "1.2.840.113549.1.9.1" => "emailAddress",
        "0.9.2342.19200300.100.1.1" => "UID",
        "0.9.2342.19200300.100.1.25" => "DC",
        dotted => return dotted.to_owned(),
    };
    short.to_owned()
}

fn attribute_value(value: &AnyRef<'_>) -> String {
    match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::TeletexString
        | Tag::VisibleString => lossy_utf8(value.value()),
        Tag::BmpString => {
            let units = value
                .value()
                .as_chunks::<2>()
                .0
                .iter()
                .map(|&pair| u16::from_be_bytes(pair));
            char::decode_utf16(units)
                .map(|unit| unit.unwrap_or(char::REPLACEMENT_CHARACTER))
                .collect()
        }
        _ => format!("#{}", hex(value.value(), "", false)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_towards_past() {
        assert_eq!(days_between(0, SECONDS_PER_DAY * 3 + 5), 3);
        assert_eq!(days_between(0, SECONDS_PER_DAY / 2), 0);
        assert_eq!(days_between(SECONDS_PER_DAY / 2, 0), -1);
    }

    #[test]
    fn fingerprint_is_colon_separated_uppercase() {
        let text = fingerprint(b"abc");
        assert!(text.starts_with("BA:78:16:BF:"));
        assert_eq!(text.len(), 32 * 3 - 1);
    }
}
