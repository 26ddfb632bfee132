//! X.509 certificates reduced to the facts the checks and the preview need.

use crate::algorithm::{Family, KeyAlgorithm, signer_family};
use crate::key_match::{PublicMaterial, read_spki};
use crate::preview::{format_date_time, format_name};
use crate::text::ip_address;
use crate::x509::{read_certificate_prefix, subject_alt_names};

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
    let fields = read_certificate_prefix(der)?;
    let (algorithm, public) = read_spki(
        &fields.public_key_algorithm,
        fields.public_key_parameters,
        fields.public_key,
    );
    let (dns_names, ip_addresses) = match fields.subject_alt_names {
        Some(value) => {
            let (dns_names, ip_addresses) = subject_alt_names(value);
            (
                dns_names,
                ip_addresses.into_iter().map(ip_address).collect(),
            )
        }
        None => (Vec::new(), Vec::new()),
    };

    let cert = Cert {
        der: fields.der.to_vec(),
        subject_der: fields.subject_der.to_vec(),
        issuer_der: fields.issuer_der.to_vec(),
        subject: format_name(&fields.subject),
        issuer: format_name(&fields.issuer),
        subject_key_id: fields.subject_key_id.map(<[u8]>::to_vec),
        authority_key_id: fields.authority_key_id.map(<[u8]>::to_vec),
        is_ca: fields.is_ca,
        not_before: fields.not_before.unix_duration().as_secs() as i64,
        not_after: fields.not_after.unix_duration().as_secs() as i64,
        not_before_text: format_date_time(&fields.not_before),
        not_after_text: format_date_time(&fields.not_after),
        algorithm,
        public,
        signer_family: signer_family(&fields.signature_algorithm),
        dns_names,
        ip_addresses,
    };
    Some((cert, fields.der.len()))
}
