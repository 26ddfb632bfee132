//! Reads the parts of an X.509 certificate that the checks and the preview need.
//!
//! The schema follows RFC 5280, section 4.1. Names, the serial number and unread
//! extensions stay borrowed, and only the extensions below are decoded.

use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, BitStringRef, GeneralizedTime, UtcTime};
use der::{DateTime, Decode, Reader, SliceReader, Tag, Tagged};

use crate::algorithm::is_oid;
use crate::der_fields::{Fields, context_tag, explicit, octets, small_unsigned};
use crate::text::lossy_utf8;

const BASIC_CONSTRAINTS: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.19");
const SUBJECT_KEY_IDENTIFIER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
const AUTHORITY_KEY_IDENTIFIER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.35");
const SUBJECT_ALT_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.17");

/// GeneralName choices read from the subject alternative name (RFC 5280, 4.2.1.6).
const DNS_NAME: u32 = 2;
const IP_ADDRESS: u32 = 7;

/// A certificate's fields, borrowed from its DER encoding.
pub(crate) struct CertificateFields<'a> {
    /// The whole certificate: the first DER value of the input.
    pub der: &'a [u8],
    /// The encoded issuer and subject names, compared byte for byte.
    pub issuer_der: &'a [u8],
    pub subject_der: &'a [u8],
    pub issuer: AnyRef<'a>,
    pub subject: AnyRef<'a>,
    pub not_before: DateTime,
    pub not_after: DateTime,
    pub public_key_algorithm: ObjectIdentifier,
    pub public_key_parameters: Option<AnyRef<'a>>,
    pub public_key: &'a [u8],
    pub signature_algorithm: ObjectIdentifier,
    // The extensions below are `false` or `None` when absent, repeated or malformed.
    pub is_ca: bool,
    pub subject_key_id: Option<&'a [u8]>,
    pub authority_key_id: Option<&'a [u8]>,
    pub subject_alt_names: Option<&'a [u8]>,
}

/// Reads the certificate at the start of `der`. Bytes after it are left to the caller,
/// because an OpenSSL trusted certificate appends trust settings.
pub(crate) fn read_certificate_prefix(der: &[u8]) -> Option<CertificateFields<'_>> {
    let whole = {
        let mut reader = SliceReader::new(der).ok()?;
        reader.tlv_bytes().ok()?
    };
    let mut certificate = Fields::sequence(whole)?;
    let mut tbs = certificate.next_sequence()?;
    let signature_algorithm = algorithm_identifier(&mut certificate)?.0;
    certificate.next()?.decode_as::<BitStringRef<'_>>().ok()?;
    if !certificate.is_finished() {
        return None;
    }

    if let Some(version) = tbs.optional(context_tag(0, true)) {
        small_unsigned(explicit(version, 0)?)?;
    }
    tbs.next_with(Tag::Integer)?;
    algorithm_identifier(&mut tbs)?;
    let issuer_der = tbs.next_encoded()?;
    let mut validity = tbs.next_sequence()?;
    let not_before = time(validity.next()?)?;
    let not_after = time(validity.next()?)?;
    if !validity.is_finished() {
        return None;
    }
    let subject_der = tbs.next_encoded()?;
    let mut public_key_info = tbs.next_sequence()?;
    let (public_key_algorithm, public_key_parameters) = algorithm_identifier(&mut public_key_info)?;
    let public_key = public_key_info
        .next()?
        .decode_as::<BitStringRef<'_>>()
        .ok()?;
    if !public_key_info.is_finished() {
        return None;
    }
    tbs.optional(context_tag(1, false));
    tbs.optional(context_tag(2, false));

    let mut fields = CertificateFields {
        der: whole,
        issuer_der,
        subject_der,
        issuer: name(issuer_der)?,
        subject: name(subject_der)?,
        not_before,
        not_after,
        public_key_algorithm,
        public_key_parameters,
        public_key: public_key.raw_bytes(),
        signature_algorithm,
        is_ca: false,
        subject_key_id: None,
        authority_key_id: None,
        subject_alt_names: None,
    };
    if let Some(extensions) = tbs.optional(context_tag(3, true)) {
        let extensions = Fields::of(explicit(extensions, 3)?, Tag::Sequence)?;
        read_extensions(extensions, &mut fields)?;
    }
    if !tbs.is_finished() {
        return None;
    }
    Some(fields)
}

/// Reads an AlgorithmIdentifier: the algorithm's OID and its optional parameters.
pub(crate) fn algorithm_identifier<'a>(
    fields: &mut Fields<'a>,
) -> Option<(ObjectIdentifier, Option<AnyRef<'a>>)> {
    let mut algorithm = fields.next_sequence()?;
    let oid = algorithm.next_oid()?;
    let parameters = if algorithm.is_finished() {
        None
    } else {
        Some(algorithm.next()?)
    };
    algorithm.is_finished().then_some((oid, parameters))
}

/// Reads a Time: UTCTime or GeneralizedTime.
fn time(field: AnyRef<'_>) -> Option<DateTime> {
    match field.tag() {
        Tag::UtcTime => field
            .decode_as::<UtcTime>()
            .ok()
            .map(|time| time.to_date_time()),
        Tag::GeneralizedTime => field
            .decode_as::<GeneralizedTime>()
            .ok()
            .map(|time| time.to_date_time()),
        _ => None,
    }
}

fn name(der: &[u8]) -> Option<AnyRef<'_>> {
    AnyRef::from_der(der)
        .ok()
        .filter(|name| name.tag() == Tag::Sequence)
}

/// Reads the extensions that the checks use. RFC 5280 allows each extension once, so a
/// repeated one is treated as absent, as is one whose value is malformed.
fn read_extensions<'a>(
    mut extensions: Fields<'a>,
    fields: &mut CertificateFields<'a>,
) -> Option<()> {
    let mut seen: Vec<ObjectIdentifier> = Vec::new();
    let mut repeated: Vec<ObjectIdentifier> = Vec::new();
    let mut values: Vec<(ObjectIdentifier, &'a [u8])> = Vec::new();
    while !extensions.is_finished() {
        let mut extension = extensions.next_sequence()?;
        let id = extension.next_oid()?;
        if let Some(critical) = extension.optional(Tag::Boolean) {
            critical.decode_as::<bool>().ok()?;
        }
        let value = octets(extension.next()?)?;
        if !extension.is_finished() {
            return None;
        }
        if seen.iter().any(|seen| is_oid(seen, &id)) {
            repeated.push(id);
        }
        seen.push(id);
        values.push((id, value));
    }

    let value = |id: ObjectIdentifier| {
        if repeated.iter().any(|repeated| is_oid(repeated, &id)) {
            return None;
        }
        values
            .iter()
            .find(|(found, _)| is_oid(found, &id))
            .map(|&(_, value)| value)
    };
    fields.is_ca = value(BASIC_CONSTRAINTS)
        .and_then(basic_constraints_ca)
        .unwrap_or(false);
    fields.subject_key_id =
        value(SUBJECT_KEY_IDENTIFIER).and_then(|value| octets(AnyRef::from_der(value).ok()?));
    fields.authority_key_id = value(AUTHORITY_KEY_IDENTIFIER).and_then(authority_key_id);
    fields.subject_alt_names = value(SUBJECT_ALT_NAME);
    Some(())
}

/// Reads the cA flag of a BasicConstraints extension value (RFC 5280, 4.2.1.9).
fn basic_constraints_ca(value: &[u8]) -> Option<bool> {
    let mut constraints = Fields::sequence(value)?;
    let ca = match constraints.optional(Tag::Boolean) {
        Some(flag) => flag.decode_as::<bool>().ok()?,
        None => false,
    };
    constraints.optional(Tag::Integer);
    constraints.is_finished().then_some(ca)
}

/// Reads the keyIdentifier of an AuthorityKeyIdentifier extension value. The issuer name
/// and serial that may follow it are not read.
fn authority_key_id(value: &[u8]) -> Option<&[u8]> {
    let mut identifier = Fields::sequence(value)?;
    identifier
        .optional(context_tag(0, false))
        .map(|id| id.value())
}

/// Reads the DNS names and IP addresses of a SubjectAltName extension value. The other
/// GeneralName forms are skipped.
pub(crate) fn subject_alt_names(value: &[u8]) -> (Vec<String>, Vec<&[u8]>) {
    let mut dns_names = Vec::new();
    let mut ip_addresses = Vec::new();
    let Some(mut names) = Fields::sequence(value) else {
        return (dns_names, ip_addresses);
    };
    while let Some(name) = names.next() {
        if name.tag() == context_tag(DNS_NAME, false) {
            dns_names.push(lossy_utf8(name.value()));
        } else if name.tag() == context_tag(IP_ADDRESS, false) {
            ip_addresses.push(name.value());
        }
    }
    (dns_names, ip_addresses)
}

/// One attribute of a distinguished name, such as `CN=example.com`.
pub(crate) struct Attribute<'a> {
    pub oid: ObjectIdentifier,
    pub value: AnyRef<'a>,
}

/// Returns the attributes of a distinguished name in their encoded order, or the ones
/// before the first malformed part.
pub(crate) fn name_attributes<'a>(name: &AnyRef<'a>) -> Vec<Attribute<'a>> {
    let mut attributes = Vec::new();
    let Some(mut relative_names) = Fields::of(*name, Tag::Sequence) else {
        return attributes;
    };
    // Each relative name is a SET of attributes, read one after the other.
    while let Some(relative_name) = relative_names.next() {
        let Some(mut set) = Fields::of(relative_name, Tag::Set) else {
            break;
        };
        while let Some(mut attribute) = set.next_sequence() {
            let Some(oid) = attribute.next().and_then(|oid| oid.decode_as().ok()) else {
                return attributes;
            };
            let Some(value) = attribute.next() else {
                return attributes;
            };
            attributes.push(Attribute { oid, value });
        }
    }
    attributes
}
