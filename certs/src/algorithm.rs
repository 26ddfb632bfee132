//! Key algorithms with their sizes and curves, named as operators read them ("RSA 2048").

use core::fmt;
use core::str::FromStr;

use const_oid::ObjectIdentifier;
use serde::{Deserialize, Serialize};

pub(crate) const RSA_ENCRYPTION: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
pub(crate) const RSASSA_PSS: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.10");
pub(crate) const EC_PUBLIC_KEY: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
pub(crate) const ED25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.112");
pub(crate) const ED448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.113");
const DSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10040.4.1");
const X25519: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.110");
const X448: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.101.111");

pub(crate) const SECP256R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");
pub(crate) const SECP384R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.34");
const SECP521R1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.35");
const SECP256K1: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.132.0.10");

/// Signature algorithm OIDs of the PKCS#1 family (`sha256WithRSAEncryption`, RSASSA-PSS, ...)
/// are below this arc, and those of ECDSA (`ecdsa-with-SHA256`, ...) below the next one.
const RSA_SIGNATURE_ARC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1");
const ECDSA_SIGNATURE_ARC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4");

/// An elliptic curve, identified by its named-curve OID.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Curve {
    P256,
    P384,
    P521,
    Secp256k1,
    /// Another named curve, by its dotted OID.
    Other(String),
}

impl Curve {
    pub(crate) fn from_oid(oid: &ObjectIdentifier) -> Self {
        let named = [
            (SECP256R1, Curve::P256),
            (SECP384R1, Curve::P384),
            (SECP521R1, Curve::P521),
            (SECP256K1, Curve::Secp256k1),
        ];
        named
            .into_iter()
            .find(|(named_oid, _)| is_oid(oid, named_oid))
            .map(|(_, curve)| curve)
            .unwrap_or_else(|| Curve::Other(oid.to_string()))
    }
}

impl fmt::Display for Curve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Curve::P256 => f.write_str("P-256"),
            Curve::P384 => f.write_str("P-384"),
            Curve::P521 => f.write_str("P-521"),
            Curve::Secp256k1 => f.write_str("secp256k1"),
            Curve::Other(oid) => write!(f, "curve {oid}"),
        }
    }
}

/// The algorithm of a public or private key, with the RSA modulus size or the EC curve.
///
/// Serialised as its display form, such as `"RSA 2048"` or `"ECDSA P-256"`, so the policy
/// in config.json reads the way the platform's documentation writes it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub enum KeyAlgorithm {
    Rsa {
        bits: u32,
    },
    Ecdsa(Curve),
    Ed25519,
    Ed448,
    /// An algorithm this crate does not inspect further, by name or dotted OID.
    Other(String),
}

/// Algorithm families, used to compare a certificate's key with its issuer's key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Family {
    Rsa,
    Ecdsa,
    Ed25519,
    Ed448,
    Other,
}

impl KeyAlgorithm {
    pub(crate) fn family(&self) -> Family {
        match self {
            KeyAlgorithm::Rsa { .. } => Family::Rsa,
            KeyAlgorithm::Ecdsa(_) => Family::Ecdsa,
            KeyAlgorithm::Ed25519 => Family::Ed25519,
            KeyAlgorithm::Ed448 => Family::Ed448,
            KeyAlgorithm::Other(_) => Family::Other,
        }
    }

    /// Names an algorithm that carries no size or curve in this crate's terms.
    pub(crate) fn from_other_oid(oid: &ObjectIdentifier) -> Self {
        if is_oid(oid, &ED25519) {
            return KeyAlgorithm::Ed25519;
        }
        if is_oid(oid, &ED448) {
            return KeyAlgorithm::Ed448;
        }
        let named = [
            (RSASSA_PSS, "RSA-PSS"),
            (DSA, "DSA"),
            (X25519, "X25519"),
            (X448, "X448"),
        ];
        let name = match named.iter().find(|(named_oid, _)| is_oid(oid, named_oid)) {
            Some((_, name)) => (*name).to_owned(),
            None => format!("algorithm {oid}"),
        };
        KeyAlgorithm::Other(name)
    }
}

/// Returns the family of the key that made a signature, read from the signature algorithm.
pub(crate) fn signer_family(signature_algorithm: &ObjectIdentifier) -> Family {
    if signature_algorithm.starts_with(RSA_SIGNATURE_ARC) {
        Family::Rsa
    } else if signature_algorithm.starts_with(ECDSA_SIGNATURE_ARC) {
        Family::Ecdsa
    } else if is_oid(signature_algorithm, &ED25519) {
        Family::Ed25519
    } else if is_oid(signature_algorithm, &ED448) {
        Family::Ed448
    } else {
        Family::Other
    }
}

/// Returns whether `oid` is `expected`. Comparing the encoded bytes compiles to less wasm
/// than `==`, which compares the whole fixed-size buffer of both values.
pub(crate) fn is_oid(oid: &ObjectIdentifier, expected: &ObjectIdentifier) -> bool {
    oid.as_bytes() == expected.as_bytes()
}

impl fmt::Display for KeyAlgorithm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KeyAlgorithm::Rsa { bits } => write!(f, "RSA {bits}"),
            KeyAlgorithm::Ecdsa(curve) => write!(f, "ECDSA {curve}"),
            KeyAlgorithm::Ed25519 => f.write_str("Ed25519"),
            KeyAlgorithm::Ed448 => f.write_str("Ed448"),
            KeyAlgorithm::Other(name) => f.write_str(name),
        }
    }
}

/// Error for a key algorithm name that is not of the form `RSA <bits>`, `ECDSA <curve>`,
/// `Ed25519` or `Ed448`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownAlgorithmName(pub String);

impl fmt::Display for UnknownAlgorithmName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown key algorithm name {:?}: expected \"RSA <bits>\", \"ECDSA P-256\", \"ECDSA P-384\", \"ECDSA P-521\", \"Ed25519\" or \"Ed448\"",
            self.0
        )
    }
}

impl std::error::Error for UnknownAlgorithmName {}

impl FromStr for KeyAlgorithm {
    type Err = UnknownAlgorithmName;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        let unknown = || UnknownAlgorithmName(name.to_owned());
        let mut words = name.split_whitespace();
        let first = words.next().ok_or_else(unknown)?.to_ascii_uppercase();
        let second = words.next();
        if words.next().is_some() {
            return Err(unknown());
        }

        match (first.as_str(), second) {
            ("RSA", Some(bits)) => bits
                .parse()
                .map(|bits| KeyAlgorithm::Rsa { bits })
                .map_err(|_| unknown()),
            ("ECDSA", Some(curve)) => match curve.to_ascii_uppercase().as_str() {
                "P-256" | "P256" => Ok(KeyAlgorithm::Ecdsa(Curve::P256)),
                "P-384" | "P384" => Ok(KeyAlgorithm::Ecdsa(Curve::P384)),
                "P-521" | "P521" => Ok(KeyAlgorithm::Ecdsa(Curve::P521)),
                "SECP256K1" => Ok(KeyAlgorithm::Ecdsa(Curve::Secp256k1)),
                _ => Err(unknown()),
            },
            ("ED25519", None) => Ok(KeyAlgorithm::Ed25519),
            ("ED448", None) => Ok(KeyAlgorithm::Ed448),
            _ => Err(unknown()),
        }
    }
}

impl TryFrom<String> for KeyAlgorithm {
    type Error = UnknownAlgorithmName;

    fn try_from(name: String) -> Result<Self, Self::Error> {
        name.parse()
    }
}

impl From<KeyAlgorithm> for String {
    fn from(algorithm: KeyAlgorithm) -> Self {
        algorithm.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for name in [
            "RSA 2048",
            "ECDSA P-256",
            "ECDSA P-384",
            "ECDSA P-521",
            "Ed25519",
        ] {
            let algorithm: KeyAlgorithm = name.parse().unwrap();
            assert_eq!(algorithm.to_string(), name);
        }
    }

    #[test]
    fn unknown_name_is_rejected() {
        assert!("RSA".parse::<KeyAlgorithm>().is_err());
        assert!("ECDSA P-999".parse::<KeyAlgorithm>().is_err());
        assert!("DSA 1024".parse::<KeyAlgorithm>().is_err());
    }

    #[test]
    fn signature_algorithm_names_its_signer() {
        let sha256_rsa = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
        let ecdsa_sha384 = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.3");
        assert_eq!(signer_family(&sha256_rsa), Family::Rsa);
        assert_eq!(signer_family(&ecdsa_sha384), Family::Ecdsa);
        assert_eq!(signer_family(&ED25519), Family::Ed25519);
    }
}
