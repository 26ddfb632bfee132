//! X.509 certificates reduced to the facts the checks and the preview need.

use core::net::{Ipv4Addr, Ipv6Addr};

use der::{Decode, Encode, Reader, SliceReader};
use x509_cert::ext::pkix::BasicConstraints;

use crate::algorithm::{Family, KeyAlgorithm, signer_family};
use crate::key_match::{PublicMaterial, read_spki};
use crate::preview::{format_date_time, format_name};
use crate::x509::{
    AUTHORITY_KEY_IDENTIFIER, BASIC_CONSTRAINTS, CertificateRef, SUBJECT_ALT_NAME,
    SUBJECT_KEY_IDENTIFIER, authority_key_id, subject_alt_names, subject_key_id,
};

/// A parsed certificate. Names are kept as DER so that issuer and subject compare exactly.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Cert {
    pub der: Vec<u8>,
    pub subject_der: Vec<u8>,
    pub issuer_der: Vec<u8>,
    pub subject: String,
    pub issuer: String,
    pub subject_key_id: Option<Vec<u8>>,
    pub authority_key_id: Option<Vec<u8>>,
    pub is_ca: bool,
    /// Validity bounds in Unix seconds.
    pub not_before: i64,
    pub not_after: i64,
    pub not_before_text: String,
    pub not_after_text: String,
    pub algorithm: KeyAlgorithm,
    pub public: PublicMaterial,
    /// Family of the key that signed this certificate, read from its signature algorithm.
    pub signer_family: Family,
    pub dns_names: Vec<String>,
    pub ip_addresses: Vec<String>,
}

impl Cert {
    /// Returns whether subject and issuer are the same name and the key identifiers, when
    /// both are present, agree.
    pub fn is_self_issued(&self) -> bool {
        self.subject_der == self.issuer_der
            && match (&self.authority_key_id, &self.subject_key_id) {
                (Some(authority), Some(subject)) => authority == subject,
                _ => true,
            }
    }

    /// Returns whether `issuer` issued this certificate, judged by names and, when both
    /// carry them, key identifiers. Signatures are not verified.
    // NOTE: names compare as DER bytes, so an issuer name that differs from the CA's
    // subject only in string type or letter case (RFC 5280, 7.1) is not recognised.
    pub fn is_issued_by(&self, issuer: &Cert) -> bool {
        self.issuer_der == issuer.subject_der
            && match (&self.authority_key_id, &issuer.subject_key_id) {
                (Some(authority), Some(subject)) => authority == subject,
                _ => true,
            }
    }
}

/// Parses a certificate at the start of `der`. Returns the certificate and the number of
/// bytes it took, because an OpenSSL trusted certificate appends trust data after it.
pub(crate) fn parse_certificate_prefix(der: &[u8]) -> Option<(Cert, usize)> {
    let mut reader = SliceReader::new(der).ok()?;
    let certificate = CertificateRef::decode(&mut reader).ok()?;
    let consumed = u32::from(reader.position()) as usize;
    let cert = read_certificate(&certificate, &der[..consumed])?;
    Some((cert, consumed))
}

fn read_certificate(certificate: &CertificateRef<'_>, der: &[u8]) -> Option<Cert> {
    let tbs = &certificate.tbs;
    let validity = &tbs.validity;
    let spki = &tbs.subject_public_key_info;
    let (algorithm, public) = read_spki(&spki.algorithm, spki.subject_public_key.raw_bytes());

    // A malformed extension is treated as absent: the preview still shows the
    // certificate, and the checks that depend on the extension report what they miss.
    let is_ca = tbs
        .extension(BASIC_CONSTRAINTS)
        .and_then(|value| BasicConstraints::from_der(value).ok())
        .is_some_and(|constraints| constraints.ca);
    let subject_key_id = tbs
        .extension(SUBJECT_KEY_IDENTIFIER)
        .and_then(subject_key_id);
    let authority_key_id = tbs
        .extension(AUTHORITY_KEY_IDENTIFIER)
        .and_then(authority_key_id);
    let (dns_names, ip_addresses) = match tbs.extension(SUBJECT_ALT_NAME) {
        Some(value) => {
            let (dns_names, ip_addresses) = subject_alt_names(value);
            (dns_names, ip_addresses.into_iter().map(format_ip).collect())
        }
        None => (Vec::new(), Vec::new()),
    };

    Some(Cert {
        der: der.to_vec(),
        subject_der: tbs.subject.to_der().ok()?,
        issuer_der: tbs.issuer.to_der().ok()?,
        subject: format_name(&tbs.subject),
        issuer: format_name(&tbs.issuer),
        subject_key_id,
        authority_key_id,
        is_ca,
        not_before: validity.not_before.to_unix_duration().as_secs() as i64,
        not_after: validity.not_after.to_unix_duration().as_secs() as i64,
        not_before_text: format_date_time(&validity.not_before.to_date_time()),
        not_after_text: format_date_time(&validity.not_after.to_date_time()),
        algorithm,
        public,
        signer_family: signer_family(&certificate.signature_algorithm.oid),
        dns_names,
        ip_addresses,
    })
}

fn format_ip(octets: &[u8]) -> String {
    if let Ok(v4) = <[u8; 4]>::try_from(octets) {
        Ipv4Addr::from(v4).to_string()
    } else if let Ok(v6) = <[u8; 16]>::try_from(octets) {
        Ipv6Addr::from(v6).to_string()
    } else {
        let hex: Vec<String> = octets.iter().map(|byte| format!("{byte:02x}")).collect();
        format!("invalid address {}", hex.join(":"))
    }
}
