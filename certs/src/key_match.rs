//! Public key material, used to tell whether a private key belongs to a certificate.
//!
//! The comparison is of public keys: the RSA modulus and exponent, or the EC public point.
//! When an EC private key does not carry its public point, the point is derived from the
//! private scalar (see [`public_point`]).

mod public_point;

use const_oid::ObjectIdentifier;
use der::asn1::AnyRef;
use der::{Tag, Tagged};

use crate::algorithm::{Curve, EC_PUBLIC_KEY, KeyAlgorithm, RSA_ENCRYPTION, is_oid};
use crate::der_fields::Fields;

/// The public half of a key pair. [`PublicMaterial::matches`] compares two of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PublicMaterial {
    /// Big-endian modulus and public exponent without leading zero bytes.
    Rsa { modulus: Vec<u8>, exponent: Vec<u8> },
    /// SEC1 encoded point, compressed or uncompressed.
    Ec { curve: Curve, point: Vec<u8> },
    /// The raw subject public key of another algorithm, such as Ed25519.
    Raw(Vec<u8>),
    /// Not available: the private key does not carry it and it cannot be derived here.
    Unknown,
}

impl PublicMaterial {
    /// Builds RSA material from big-endian integers, which may carry leading zeros.
    pub(crate) fn rsa(modulus: &[u8], exponent: &[u8]) -> Self {
        PublicMaterial::Rsa {
            modulus: strip_leading_zeros(modulus).to_vec(),
            exponent: strip_leading_zeros(exponent).to_vec(),
        }
    }

    pub(crate) fn ec(curve: Curve, point: &[u8]) -> Self {
        PublicMaterial::Ec {
            curve,
            point: point.to_vec(),
        }
    }

    /// Derives the public point from an EC private scalar. Returns `Unknown` for curves
    /// other than P-256 and P-384, and for a scalar that is not valid on the curve.
    pub(crate) fn derive_ec(curve: Curve, scalar: &[u8]) -> Self {
        match public_point::derive_public_point(&curve, scalar) {
            Some(point) => PublicMaterial::Ec { curve, point },
            None => PublicMaterial::Unknown,
        }
    }

    /// Returns whether both keys are the same public key, or `None` when either is unknown.
    pub(crate) fn matches(&self, other: &PublicMaterial) -> Option<bool> {
        match (self, other) {
            (PublicMaterial::Unknown, _) | (_, PublicMaterial::Unknown) => None,
            (
                PublicMaterial::Ec { curve, point },
                PublicMaterial::Ec {
                    curve: other_curve,
                    point: other_point,
                },
            ) => Some(curve == other_curve && same_point(point, other_point)),
            _ => Some(self == other),
        }
    }
}

/// Reads the algorithm and public key from the parts of a SubjectPublicKeyInfo: the
/// algorithm's OID and parameters, and the bytes of the subjectPublicKey BIT STRING.
pub(crate) fn read_spki(
    oid: &ObjectIdentifier,
    parameters: Option<AnyRef<'_>>,
    key_bytes: &[u8],
) -> (KeyAlgorithm, PublicMaterial) {
    let oid = *oid;

    if is_oid(&oid, &RSA_ENCRYPTION) {
        return match rsa_public_key(key_bytes) {
            Some((modulus, exponent)) => {
                let algorithm = KeyAlgorithm::Rsa {
                    bits: bit_length(modulus),
                };
                (algorithm, PublicMaterial::rsa(modulus, exponent))
            }
            None => (
                KeyAlgorithm::Other("RSA with an invalid public key".to_owned()),
                PublicMaterial::Unknown,
            ),
        };
    }

    if is_oid(&oid, &EC_PUBLIC_KEY) {
        let curve_oid = named_curve(parameters);
        return match curve_oid {
            Some(curve_oid) => {
                let curve = Curve::from_oid(&curve_oid);
                (
                    KeyAlgorithm::Ecdsa(curve.clone()),
                    PublicMaterial::ec(curve, key_bytes),
                )
            }
            None => (
                KeyAlgorithm::Other("ECDSA with explicit curve parameters".to_owned()),
                PublicMaterial::Raw(key_bytes.to_vec()),
            ),
        };
    }

    (
        KeyAlgorithm::from_other_oid(&oid),
        PublicMaterial::Raw(key_bytes.to_vec()),
    )
}

/// Reads a PKCS#1 RSAPublicKey (RFC 8017, appendix A.1.1): the modulus and the public
/// exponent.
fn rsa_public_key(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let mut key = Fields::sequence(der)?;
    let modulus = key.next_unsigned()?;
    let exponent = key.next_unsigned()?;
    key.is_finished().then_some((modulus, exponent))
}

/// Compares two SEC1 point encodings (SEC 1 v2, section 2.3.3), where either may be
/// compressed: `02`/`03` and X, or uncompressed: `04`, X and Y. A compressed point keeps
/// only the parity of Y, so X and that parity decide. Comparing encodings avoids the
/// curve arithmetic of decompression, which would add to the wasm bundle.
fn same_point(a: &[u8], b: &[u8]) -> bool {
    fn x_and_parity(point: &[u8]) -> Option<(&[u8], u8)> {
        match point.split_first()? {
            (0x02 | 0x03, x) => Some((x, point[0] & 1)),
            (0x04, coordinates) if coordinates.len() % 2 == 0 => {
                let (x, y) = coordinates.split_at(coordinates.len() / 2);
                Some((x, y.last()? & 1))
            }
            _ => None,
        }
    }
    if a == b {
        return true;
    }
    match (x_and_parity(a), x_and_parity(b)) {
        (Some(a), Some(b)) => a == b,
        _ => false,
    }
}

/// Reads the named-curve OID from the parameters of an EC AlgorithmIdentifier.
pub(crate) fn named_curve(parameters: Option<AnyRef<'_>>) -> Option<ObjectIdentifier> {
    let parameters = parameters?;
    if parameters.tag() != Tag::ObjectIdentifier {
        return None;
    }
    parameters.decode_as().ok()
}

/// Returns the number of significant bits in a big-endian unsigned integer.
pub(crate) fn bit_length(value: &[u8]) -> u32 {
    let value = strip_leading_zeros(value);
    match value.first() {
        Some(first) => value.len() as u32 * 8 - first.leading_zeros(),
        None => 0,
    }
}

fn strip_leading_zeros(value: &[u8]) -> &[u8] {
    let start = value.iter().position(|&b| b != 0).unwrap_or(value.len());
    &value[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bit_length_ignores_leading_zeros() {
        assert_eq!(bit_length(&[0x00, 0x80, 0x00]), 16);
        assert_eq!(bit_length(&[0x01, 0xFF]), 9);
        assert_eq!(bit_length(&[]), 0);
    }

    #[test]
    fn compressed_and_uncompressed_points_match() {
        let uncompressed = [0x04, 1, 2, 3, 4, 5, 7];
        let compressed_odd = [0x03, 1, 2, 3];
        let compressed_even = [0x02, 1, 2, 3];
        assert!(same_point(&uncompressed, &compressed_odd));
        assert!(!same_point(&uncompressed, &compressed_even));
        assert!(!same_point(&uncompressed, &[0x03, 1, 2, 4]));
    }

    #[test]
    fn unknown_material_matches_nothing() {
        let rsa = PublicMaterial::rsa(&[0, 1, 2], &[1, 0, 1]);
        assert_eq!(rsa.matches(&PublicMaterial::Unknown), None);
        assert_eq!(
            rsa.matches(&PublicMaterial::rsa(&[1, 2], &[1, 0, 1])),
            Some(true)
        );
        assert_eq!(
            rsa.matches(&PublicMaterial::rsa(&[1, 3], &[1, 0, 1])),
            Some(false)
        );
    }
}
