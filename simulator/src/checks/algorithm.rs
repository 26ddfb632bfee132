//! Key algorithms as the platform names them, and which ones it supports.

use openssl::nid::Nid;
use openssl::pkey::{HasPublic, Id, PKeyRef};
use openssl::x509::X509Ref;

/// The key algorithms the platform accepts, for messages.
pub const SUPPORTED: &str = "RSA 1024, RSA 2048, ECDSA P-256 and ECDSA P-384";

/// Key algorithm family, which a certificate must share with its issuer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Rsa,
    Ec,
    Other,
}

/// A key's algorithm with its size or curve.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Algorithm {
    pub family: Family,
    /// Name such as `RSA 2048` or `ECDSA P-256`.
    pub name: String,
    pub supported: bool,
}

impl Algorithm {
    /// Reads the algorithm from the key's own structure.
    pub fn of<T: HasPublic>(key: &PKeyRef<T>) -> Self {
        let id = key.id();
        if id == Id::RSA {
            let bits = key.bits();
            return Self {
                family: Family::Rsa,
                name: format!("RSA {bits}"),
                supported: bits == 1024 || bits == 2048,
            };
        }
        if id == Id::EC {
            let curve = key.ec_key().ok().and_then(|ec| ec.group().curve_name());
            let (name, supported) = match curve {
                Some(Nid::X9_62_PRIME256V1) => ("ECDSA P-256".to_owned(), true),
                Some(Nid::SECP384R1) => ("ECDSA P-384".to_owned(), true),
                Some(Nid::SECP521R1) => ("ECDSA P-521".to_owned(), false),
                Some(other) => (
                    format!("ECDSA on curve {}", other.short_name().unwrap_or("unknown")),
                    false,
                ),
                None => ("ECDSA on explicit curve parameters".to_owned(), false),
            };
            return Self {
                family: Family::Ec,
                name,
                supported,
            };
        }

        let name = match id {
            Id::RSA_PSS => format!("RSA-PSS {}", key.bits()),
            Id::DSA => format!("DSA {}", key.bits()),
            Id::ED25519 => "Ed25519".to_owned(),
            Id::ED448 => "Ed448".to_owned(),
            Id::X25519 => "X25519".to_owned(),
            Id::X448 => "X448".to_owned(),
            other => format!("an unknown algorithm (OpenSSL id {})", other.as_raw()),
        };
        Self {
            family: Family::Other,
            name,
            supported: false,
        }
    }
}

/// Reads the key family of the CA that signed `certificate` from the
/// certificate's signature algorithm, or `None` for an unknown one.
pub fn signer_family(certificate: &X509Ref) -> Option<Family> {
    let algorithms = certificate
        .signature_algorithm()
        .object()
        .nid()
        .signature_algorithms()?;
    match algorithms.pkey {
        Nid::RSAENCRYPTION | Nid::RSASSAPSS => Some(Family::Rsa),
        Nid::X9_62_ID_ECPUBLICKEY => Some(Family::Ec),
        _ => None,
    }
}

/// Names a key family for messages.
pub fn family_name(family: Family) -> &'static str {
    match family {
        Family::Rsa => "RSA",
        Family::Ec => "ECDSA",
        Family::Other => "another algorithm",
    }
}
