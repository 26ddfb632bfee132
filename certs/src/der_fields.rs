//! Reads DER structures field by field with `der`'s reader.
//!
//! `der`'s derive macros, and the structure types of `x509-cert`, `pkcs1`, `pkcs8` and
//! `sec1`, each bring a decoder of their own, and each decoder adds 1 to 2 KB to the
//! panel's wasm. Here every structure is read through one reader of `AnyRef` values, so
//! one copy of that code serves them all. `der` still parses every tag, length and
//! primitive value. The schemas in the other modules only give the order of the fields.

use const_oid::ObjectIdentifier;
use der::asn1::{AnyRef, UintRef};
use der::{Decode, Reader, SliceReader, Tag, TagNumber, Tagged};

/// The fields of one constructed DER value, such as a SEQUENCE, read in order.
pub(crate) struct Fields<'a> {
    reader: SliceReader<'a>,
}

impl<'a> Fields<'a> {
    /// Opens the fields of `value` when its tag is `tag`.
    pub fn of(value: AnyRef<'a>, tag: Tag) -> Option<Self> {
        if value.tag() != tag {
            return None;
        }
        let reader = SliceReader::new(value.value()).ok()?;
        Some(Fields { reader })
    }

    /// Opens the fields of `der`, which must be exactly one SEQUENCE.
    pub fn sequence(der: &'a [u8]) -> Option<Self> {
        Self::of(AnyRef::from_der(der).ok()?, Tag::Sequence)
    }

    /// Reads the next field.
    pub fn next(&mut self) -> Option<AnyRef<'a>> {
        AnyRef::decode(&mut self.reader).ok()
    }

    /// Reads the next field when it has `tag`.
    pub fn next_with(&mut self, tag: Tag) -> Option<AnyRef<'a>> {
        self.next().filter(|field| field.tag() == tag)
    }

    /// Reads the next field when it has `tag`, and leaves it unread otherwise. This reads
    /// an OPTIONAL or DEFAULT field.
    pub fn optional(&mut self, tag: Tag) -> Option<AnyRef<'a>> {
        if Tag::peek(&self.reader).ok()? == tag {
            self.next()
        } else {
            None
        }
    }

    /// Reads the next field as a non-negative INTEGER and returns its big-endian bytes
    /// without leading zeros.
    pub fn next_unsigned(&mut self) -> Option<&'a [u8]> {
        let integer = self.next()?.decode_as::<UintRef<'a>>().ok()?;
        Some(integer.as_bytes())
    }

    /// Reads the next field as a non-negative INTEGER below 256, such as a version number.
    pub fn next_small_unsigned(&mut self) -> Option<u8> {
        small_unsigned(self.next()?)
    }

    /// Reads the next field as an OBJECT IDENTIFIER.
    pub fn next_oid(&mut self) -> Option<ObjectIdentifier> {
        self.next()?.decode_as().ok()
    }

    /// Reads the next field as a SEQUENCE and opens it.
    pub fn next_sequence(&mut self) -> Option<Fields<'a>> {
        Self::of(self.next()?, Tag::Sequence)
    }

    /// Reads the next field and returns its whole encoding: tag, length and value.
    pub fn next_encoded(&mut self) -> Option<&'a [u8]> {
        self.reader.tlv_bytes().ok()
    }

    /// Returns whether every field has been read.
    pub fn is_finished(&self) -> bool {
        self.reader.is_finished()
    }
}

/// Returns the tag of a context-specific field `[number]`, as in `[0] EXPLICIT` (constructed)
/// or `[1] IMPLICIT BIT STRING` (primitive).
pub(crate) fn context_tag(number: u32, constructed: bool) -> Tag {
    Tag::ContextSpecific {
        constructed,
        number: TagNumber(number),
    }
}

/// Returns the one value inside an EXPLICIT context-specific field `[number]`, such as
/// the version `[0]` of a certificate, or `None` when the field holds anything else.
pub(crate) fn explicit(field: AnyRef<'_>, number: u32) -> Option<AnyRef<'_>> {
    let mut wrapper = Fields::of(field, context_tag(number, true))?;
    let inner = wrapper.next()?;
    wrapper.is_finished().then_some(inner)
}

/// Reads the value of an IMPLICIT context-specific field as the universal type `tag`, for
/// example the `[1] IMPLICIT BIT STRING` of a PKCS#8 public key.
pub(crate) fn as_universal(field: AnyRef<'_>, tag: Tag) -> Option<AnyRef<'_>> {
    AnyRef::new(tag, field.value()).ok()
}

/// Reads `field` as a non-negative INTEGER below 256. `decode_as::<u8>` does the same but
/// adds a decoder of its own to the wasm, where this reuses the one for `UintRef`.
pub(crate) fn small_unsigned(field: AnyRef<'_>) -> Option<u8> {
    match field.decode_as::<UintRef<'_>>().ok()?.as_bytes() {
        [value] => Some(*value),
        _ => None,
    }
}

/// Returns the content of an OCTET STRING field.
pub(crate) fn octets(field: AnyRef<'_>) -> Option<&[u8]> {
    (field.tag() == Tag::OctetString).then(|| field.value())
}
