//! Private keys in PKCS#1, PKCS#8 and SEC1 form, read from their DER content.

use core::fmt;

use der::Decode;
use serde::Serialize;

use crate::algorithm::{Curve, EC_PUBLIC_KEY, KeyAlgorithm, RSA_ENCRYPTION};
use crate::key_match::{PublicMaterial, bit_length, named_curve};

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

fn parse_pkcs8(der: &[u8]) -> Option<(KeyFormat, KeyAlgorithm, PublicMaterial)> {
    let info = pkcs8::PrivateKeyInfoRef::from_der(der).ok()?;
    let oid = info.algorithm.oid;
    let inner = info.private_key.as_bytes();

    let (algorithm, public) = if oid == RSA_ENCRYPTION {
        parse_pkcs1(inner)?
    } else if oid == EC_PUBLIC_KEY {
        let curve = named_curve(info.algorithm.parameters).map(|oid| Curve::from_oid(&oid));
        let (algorithm, public) = parse_sec1(inner, curve)?;
        match (public, info.public_key) {
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
        let public = info
            .public_key
            .map(|key| PublicMaterial::Raw(key.raw_bytes().to_vec()))
            .unwrap_or(PublicMaterial::Unknown);
        (KeyAlgorithm::from_other_oid(&oid), public)
    };
    Some((KeyFormat::Pkcs8, algorithm, public))
}

fn parse_pkcs1(der: &[u8]) -> Option<(KeyAlgorithm, PublicMaterial)> {
    let key = pkcs1::RsaPrivateKeyRef::from_der(der).ok()?;
    let modulus = key.modulus.as_bytes();
    let algorithm = KeyAlgorithm::Rsa {
        bits: bit_length(modulus),
    };
    let public = PublicMaterial::rsa(modulus, key.public_exponent.as_bytes());
    Some((algorithm, public))
}

/// Parses a SEC1 key. `outer_curve` is the curve named by an enclosing PKCS#8 structure,
/// which takes the place of the SEC1 parameters when those are left out.
fn parse_sec1(der: &[u8], outer_curve: Option<Curve>) -> Option<(KeyAlgorithm, PublicMaterial)> {
    let key = sec1::EcPrivateKey::from_der(der).ok()?;
    let curve = key
        .parameters
        .and_then(|parameters| parameters.named_curve())
        .map(|oid| Curve::from_oid(&oid))
        .or(outer_curve);

    let Some(curve) = curve else {
        let algorithm = KeyAlgorithm::Other("ECDSA with an unnamed curve".to_owned());
        return Some((algorithm, PublicMaterial::Unknown));
    };

    let public = match key.public_key {
        Some(point) => PublicMaterial::ec(curve.clone(), point),
        None => PublicMaterial::derive_ec(curve.clone(), key.private_key),
    };
    Some((KeyAlgorithm::Ecdsa(curve), public))
}
