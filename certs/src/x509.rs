//! Borrowed X.509 structures that decode only what the checks read.
//!
//! `x509_cert::Certificate` decodes every name attribute and every GeneralName form into
//! owned types, and the panel's wasm bundle would carry all that decoding code. These
//! schemas follow RFC 5280 section 4.1 with `der`'s derive macros, but keep names, the
//! serial number and unread extensions as borrowed `AnyRef` values. `x509_cert` still
//! supplies `Time` and `BasicConstraints`.

use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, BitStringRef, OctetStringRef};
use der::{Decode, Reader, Sequence, SliceReader, Tag, TagMode, TagNumber, Tagged};
use spki::{AlgorithmIdentifierRef, SubjectPublicKeyInfoRef};
use x509_cert::time::Time;

pub(crate) const BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
pub(crate) const SUBJECT_KEY_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.14");
pub(crate) const AUTHORITY_KEY_IDENTIFIER: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("2.5.29.35");
pub(crate) const SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");

/// GeneralName choices read from the subject alternative name (RFC 5280, 4.2.1.6).
const DNS_NAME: TagNumber = TagNumber(2);
const IP_ADDRESS: TagNumber = TagNumber(7);

#[derive(Sequence)]
pub(crate) struct CertificateRef<'a> {
    pub tbs: TbsCertificateRef<'a>,
    pub signature_algorithm: AlgorithmIdentifierRef<'a>,
    pub signature: BitStringRef<'a>,
}

#[derive(Sequence)]
pub(crate) struct TbsCertificateRef<'a> {
    #[asn1(context_specific = "0", default = "Default::default")]
    pub version: u8,
    pub serial_number: AnyRef<'a>,
    pub signature: AlgorithmIdentifierRef<'a>,
    pub issuer: AnyRef<'a>,
    pub validity: ValidityRef,
    pub subject: AnyRef<'a>,
    pub subject_public_key_info: SubjectPublicKeyInfoRef<'a>,
    #[asn1(context_specific = "1", tag_mode = "IMPLICIT", optional = "true")]
    pub issuer_unique_id: Option<BitStringRef<'a>>,
    #[asn1(context_specific = "2", tag_mode = "IMPLICIT", optional = "true")]
    pub subject_unique_id: Option<BitStringRef<'a>>,
    #[asn1(context_specific = "3", tag_mode = "EXPLICIT", optional = "true")]
    pub extensions: Option<Vec<ExtensionRef<'a>>>,
}

#[derive(Sequence)]
pub(crate) struct ValidityRef {
    pub not_before: Time,
    pub not_after: Time,
}

#[derive(Sequence)]
pub(crate) struct ExtensionRef<'a> {
    pub id: ObjectIdentifier,
    #[asn1(default = "Default::default")]
    pub critical: bool,
    pub value: &'a OctetStringRef,
}

/// One attribute of a distinguished name, such as `CN=example.com`.
#[derive(Sequence)]
pub(crate) struct AttributeRef<'a> {
    pub oid: ObjectIdentifier,
    pub value: AnyRef<'a>,
}

impl<'a> TbsCertificateRef<'a> {
    /// Returns the DER value of the extension `id`, when present once.
    pub fn extension(&self, id: ObjectIdentifier) -> Option<&'a [u8]> {
        let extensions = self.extensions.as_deref()?;
        let mut found = extensions.iter().filter(|extension| extension.id == id);
        let first = found.next()?;
        // RFC 5280 allows each extension once; a repeated one is ignored as malformed.
        if found.next().is_some() {
            return None;
        }
        Some(first.value.as_bytes())
    }
}

/// Reads the keyIdentifier of an AuthorityKeyIdentifier extension value. The issuer name
/// and serial that may follow it are not read.
pub(crate) fn authority_key_id(value: &[u8]) -> Option<Vec<u8>> {
    let sequence = AnyRef::from_der(value).ok()?;
    if sequence.tag() != Tag::Sequence {
        return None;
    }
    let mut reader = SliceReader::new(sequence.value()).ok()?;
    let id = reader
        .context_specific::<&OctetStringRef>(TagNumber(0), TagMode::Implicit)
        .ok()??;
    Some(id.as_bytes().to_vec())
}

pub(crate) fn subject_key_id(value: &[u8]) -> Option<Vec<u8>> {
    let id = <&OctetStringRef>::from_der(value).ok()?;
    Some(id.as_bytes().to_vec())
}

/// Reads the DNS names and IP addresses of a SubjectAltName extension value. The other
/// GeneralName forms are skipped.
pub(crate) fn subject_alt_names(value: &[u8]) -> (Vec<String>, Vec<&[u8]>) {
    let mut dns_names = Vec::new();
    let mut ip_addresses = Vec::new();
    let names: Vec<AnyRef<'_>> = Vec::from_der(value).unwrap_or_default();
    for name in names {
        match name.tag() {
            Tag::ContextSpecific {
                constructed: false,
                number,
            } if number == DNS_NAME => {
                dns_names.push(String::from_utf8_lossy(name.value()).into_owned());
            }
            Tag::ContextSpecific {
                constructed: false,
                number,
            } if number == IP_ADDRESS => ip_addresses.push(name.value()),
            _ => {}
        }
    }
    (dns_names, ip_addresses)
}

/// Returns the attributes of a distinguished name in their encoded order, or an empty list
/// when the name is malformed.
pub(crate) fn name_attributes<'a>(name: &AnyRef<'a>) -> Vec<AttributeRef<'a>> {
    let mut attributes = Vec::new();
    let Ok(relative_names) = name.decode_as::<Vec<AnyRef<'a>>>() else {
        return attributes;
    };
    for relative_name in relative_names {
        // Each relative name is a SET of attributes, read one after the other.
        let Ok(mut reader) = SliceReader::new(relative_name.value()) else {
            continue;
        };
        while !reader.is_finished() {
            match AttributeRef::decode(&mut reader) {
                Ok(attribute) => attributes.push(attribute),
                Err(_) => break,
            }
        }
    }
    attributes
}
