//! Tells what a DER value is from its structure alone, never from a label or file name.

use const_oid::ObjectIdentifier;
use der::asn1::AnyRef;
use der::{Decode, EncodingRules, Header, Reader, SliceReader};

use crate::algorithm::is_oid;
use crate::certificate::{Cert, parse_certificate_prefix};
use crate::der_fields::{Fields, octets, small_unsigned};
use crate::key::{PrivateKey, parse_private_key};
use crate::x509::algorithm_identifier;

/// PKCS#7 content types that a PKCS#12 authSafe may carry (RFC 7292, section 4).
const PKCS7_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const PKCS7_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const PKCS12_VERSION: u8 = 3;

/// What a DER value holds.
#[derive(Debug)]
pub(crate) enum Content {
    Certificate(Cert),
    /// An OpenSSL trusted certificate: the certificate followed by trust settings, which
    /// the platform does not read and which are dropped.
    TrustedCertificate(Cert),
    PrivateKey(PrivateKey),
    /// A PKCS#8 EncryptedPrivateKeyInfo.
    EncryptedPrivateKey,
    /// A named-curve OID on its own, as in an `EC PARAMETERS` block.
    EcParameters,
    Pkcs12,
    Unknown,
}

impl Content {
    /// The PEM label that belongs to this content, used to report mislabelled blocks.
    pub(crate) fn pem_label(&self) -> Option<&'static str> {
        match self {
            Content::Certificate(_) => Some("CERTIFICATE"),
            Content::TrustedCertificate(_) => Some("TRUSTED CERTIFICATE"),
            Content::PrivateKey(key) => Some(key.format.pem_label()),
            Content::EncryptedPrivateKey => Some("ENCRYPTED PRIVATE KEY"),
            Content::EcParameters => Some("EC PARAMETERS"),
            Content::Pkcs12 | Content::Unknown => None,
        }
    }

    pub(crate) fn describe(&self) -> &'static str {
        match self {
            Content::Certificate(_) => "a certificate",
            Content::TrustedCertificate(_) => "an OpenSSL trusted certificate",
            Content::PrivateKey(key) => key.format.describe(),
            Content::EncryptedPrivateKey => "an encrypted private key in PKCS#8 form",
            Content::EcParameters => "EC curve parameters",
            Content::Pkcs12 => "a PKCS#12 archive",
            Content::Unknown => "data of an unknown type",
        }
    }
}

/// Returns whether `der` has the outer shape of a PKCS#8 EncryptedPrivateKeyInfo (RFC 5208,
/// section 6): an AlgorithmIdentifier and an OCTET STRING. Only the shape is checked,
/// because the key cannot be read without its passphrase anyway.
fn is_encrypted_key(der: &[u8]) -> bool {
    let shape = || {
        let mut info = Fields::sequence(der)?;
        algorithm_identifier(&mut info)?;
        octets(info.next()?)?;
        info.is_finished().then_some(())
    };
    shape().is_some()
}

/// Classifies one DER value. The caller passes exactly the bytes of one PEM block, or the
/// whole of a binary file.
pub(crate) fn classify_der(der: &[u8]) -> Content {
    if let Some((cert, consumed)) = parse_certificate_prefix(der) {
        if consumed == der.len() {
            return Content::Certificate(cert);
        }
        return Content::TrustedCertificate(cert);
    }
    if let Some(key) = parse_private_key(der) {
        return Content::PrivateKey(key);
    }
    if is_encrypted_key(der) {
        return Content::EncryptedPrivateKey;
    }
    if AnyRef::from_der(der).is_ok_and(|value| value.decode_as::<ObjectIdentifier>().is_ok()) {
        return Content::EcParameters;
    }
    if is_pkcs12(der) {
        return Content::Pkcs12;
    }
    Content::Unknown
}

/// Recognises a PKCS#12 PFX by its first fields: version 3 and an authSafe of PKCS#7 data
/// or signed data. BER rules are used because Windows exports PFX files with indefinite
/// lengths, which DER forbids.
// NOTE: the tests cover OpenSSL's definite-length archives only; no indefinite-length
// PFX file was available to test the BER path.
pub(crate) fn is_pkcs12(bytes: &[u8]) -> bool {
    let Ok(mut reader) = SliceReader::new_with_encoding_rules(bytes, EncodingRules::Ber) else {
        return false;
    };
    // The headers of the PFX and authSafe SEQUENCEs may have indefinite lengths, so only
    // the headers are read, and the fields inside them one by one.
    let mut prefix = || -> Option<(u8, ObjectIdentifier)> {
        Header::decode(&mut reader).ok()?;
        let version = small_unsigned(AnyRef::decode(&mut reader).ok()?)?;
        Header::decode(&mut reader).ok()?;
        let content_type = AnyRef::decode(&mut reader).ok()?.decode_as().ok()?;
        Some((version, content_type))
    };
    prefix().is_some_and(|(version, content_type)| {
        version == PKCS12_VERSION
            && (is_oid(&content_type, &PKCS7_DATA) || is_oid(&content_type, &PKCS7_SIGNED_DATA))
    })
}

/// Splits a binary file into the DER values it holds, for files that concatenate several
/// certificates. Returns `None` when the bytes are not a sequence of complete DER values.
pub(crate) fn split_der_values(bytes: &[u8]) -> Option<Vec<&[u8]>> {
    let mut values = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        let mut reader = SliceReader::new(rest).ok()?;
        let header = Header::decode(&mut reader).ok()?;
        let header_len = u32::from(reader.position()) as usize;
        let total = header_len.checked_add(u32::from(header.length()) as usize)?;
        if total > rest.len() {
            return None;
        }
        values.push(&rest[..total]);
        rest = &rest[total..];
    }
    Some(values)
}
