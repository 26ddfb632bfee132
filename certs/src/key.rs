//! Private keys in PKCS#1, PKCS#8 and SEC1 form, read from their DER content.

use core::fmt;

use const_oid::ObjectIdentifier;
use der::Tag;
use der::asn1::BitStringRef;
use serde::Serialize;

use crate::algorithm::{Curve, EC_PUBLIC_KEY, KeyAlgorithm, RSA_ENCRYPTION, is_oid};
use crate::der_fields::{Fields, as_universal, context_tag, explicit, octets};
use crate::key_match::{PublicMaterial, bit_length, named_curve};
use crate::x509::algorithm_identifier;

/// The container format of a private key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyFormat {
    /// `RSA PRIVATE KEY` (RFC 8017).
    Pkcs1,
    /// `PRIVATE KEY` (RFC 5208), which names its algorithm in an AlgorithmIdentifier.
    Pkcs8,
    /// `EC PRIVATE KEY` (RFC 5915).
    Sec1,
}

impl KeyFormat {
    /// Returns the PEM label that belongs to this format.
    pub fn pem_label(self) -> &'static str {
        match self {
            KeyFormat::Pkcs1 => "RSA PRIVATE KEY",
            KeyFormat::Pkcs8 => "PRIVATE KEY",
            KeyFormat::Sec1 => "EC PRIVATE KEY",
        }
    }

    pub(crate) fn describe(self) -> &'static str {
        match self {
            KeyFormat::Pkcs1 => "an RSA private key in PKCS#1 form",
            KeyFormat::Pkcs8 => "a private key in PKCS#8 form",
            KeyFormat::Sec1 => "an EC private key in SEC1 form",
        }
    }
}

/// A parsed private key. `Debug` leaves out the key bytes so that they cannot reach a log.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct PrivateKey {
    pub format: KeyFormat,
    pub algorithm: KeyAlgorithm,
    pub public: PublicMaterial,
    pub der: Vec<u8>,
}

impl fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PrivateKey")
            .field("format", &self.format)
            .field("algorithm", &self.algorithm)
            .finish_non_exhaustive()
    }
}

/// Parses `der` as a PKCS#8, PKCS#1 or SEC1 private key. The three structures cannot be
/// mistaken for one another, because their first fields differ in type or value.
pub(crate) fn parse_private_key(der: &[u8]) -> Option<PrivateKey> {
    let (format, algorithm, public) = parse_pkcs8(der)
        .or_else(|| {
            parse_pkcs1(der).map(|(algorithm, public)| (KeyFormat::Pkcs1, algorithm, public))
        })
        .or_else(|| {
            parse_sec1(der, None).map(|(algorithm, public)| (KeyFormat::Sec1, algorithm, public))
        })?;
    Some(PrivateKey {
        format,
        algorithm,
        public,
        der: der.to_vec(),
    })
}

/// Parses a PKCS#8 OneAsymmetricKey (RFC 5958, section 2), version 1 or 2.
fn parse_pkcs8(der: &[u8]) -> Option<(KeyFormat, KeyAlgorithm, PublicMaterial)> {
    let mut info = Fields::sequence(der)?;
    let version = info.next_small_unsigned()?;
    let (oid, parameters) = algorithm_identifier(&mut info)?;
    let inner = octets(info.next()?)?;
    info.optional(context_tag(0, true));
    let public_key = match info.optional(context_tag(1, false)) {
        Some(field) => Some(
            as_universal(field, Tag::BitString)?
                .decode_as::<BitStringRef<'_>>()
                .ok()?,
        ),
        None => None,
    };
    // Version 2 is the one that carries the public key (RFC 5958, section 2).
    let expected_version = if public_key.is_some() { 1 } else { 0 };
    if !info.is_finished() || version != expected_version {
        return None;
    }

    let (algorithm, public) = if is_oid(&oid, &RSA_ENCRYPTION) {
        parse_pkcs1(inner)?
    } else if is_oid(&oid, &EC_PUBLIC_KEY) {
        let curve = named_curve(parameters).map(|oid| Curve::from_oid(&oid));
        let (algorithm, public) = parse_sec1(inner, curve)?;
        match (public, public_key) {
            (PublicMaterial::Unknown, Some(point)) => match &algorithm {
                KeyAlgorithm::Ecdsa(curve) => {
                    let public = PublicMaterial::ec(curve.clone(), point.raw_bytes());
                    (algorithm, public)
                }
                _ => (algorithm, PublicMaterial::Unknown),
            },
            (public, _) => (algorithm, public),
        }
    } else {
        // Ed25519 and other algorithms: the public key is known only when the PKCS#8 v2
        // structure (RFC 5958) carries it.
        let public = public_key
            .map(|key| PublicMaterial::Raw(key.raw_bytes().to_vec()))
            .unwrap_or(PublicMaterial::Unknown);
        (KeyAlgorithm::from_other_oid(&oid), public)
    };
    Some((KeyFormat::Pkcs8, algorithm, public))
}

/// Parses a PKCS#1 RSAPrivateKey (RFC 8017, appendix A.1.2): version 0 with two primes,
/// or version 1 followed by otherPrimeInfos.
fn parse_pkcs1(der: &[u8]) -> Option<(KeyAlgorithm, PublicMaterial)> {
    let mut key = Fields::sequence(der)?;
    let version = key.next_small_unsigned()?;
    let modulus = key.next_unsigned()?;
    let public_exponent = key.next_unsigned()?;
    // privateExponent, prime1, prime2, exponent1, exponent2 and coefficient.
    for _ in 0..6 {
        key.next_unsigned()?;
    }
    match version {
        0 => {}
        1 => {
            key.next_sequence()?;
        }
        _ => return None,
    }
    if !key.is_finished() {
        return None;
    }
    let algorithm = KeyAlgorithm::Rsa {
        bits: bit_length(modulus),
    };
    Some((algorithm, PublicMaterial::rsa(modulus, public_exponent)))
}

/// Parses a SEC1 ECPrivateKey (RFC 5915, section 3). `outer_curve` is the curve named by
/// an enclosing PKCS#8 structure, which takes the place of the SEC1 parameters when those
/// are left out. Parameters other than a named curve are not read, so such a key fails.
fn parse_sec1(der: &[u8], outer_curve: Option<Curve>) -> Option<(KeyAlgorithm, PublicMaterial)> {
    let mut key = Fields::sequence(der)?;
    if key.next_small_unsigned()? != 1 {
        return None;
    }
    let private_key = octets(key.next()?)?;
    let named = match key.optional(context_tag(0, true)) {
        Some(field) => {
            let oid = explicit(field, 0)?.decode_as::<ObjectIdentifier>().ok()?;
            Some(Curve::from_oid(&oid))
        }
        None => None,
    };
    let point = match key.optional(context_tag(1, true)) {
        Some(field) => {
            let point = explicit(field, 1)?.decode_as::<BitStringRef<'_>>().ok()?;
            Some(point.raw_bytes())
        }
        None => None,
    };
    if !key.is_finished() {
        return None;
    }

    let Some(curve) = named.or(outer_curve) else {
        let algorithm = KeyAlgorithm::Other("ECDSA with an unnamed curve".to_owned());
        return Some((algorithm, PublicMaterial::Unknown));
    };
    let public = match point {
        Some(point) => PublicMaterial::ec(curve.clone(), point),
        None => PublicMaterial::derive_ec(curve.clone(), private_key),
    };
    Some((KeyAlgorithm::Ecdsa(curve), public))
}
