//! Picks the leaf certificate and orders its chain leaf first, by issuer and subject names.

use crate::certificate::Cert;
use crate::key_match::PublicMaterial;

/// The outcome of looking for the server certificate among the candidates.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum LeafChoice {
    /// Index of the leaf.
    Leaf(usize),
    /// Indices of the certificates that could each be the leaf.
    Ambiguous(Vec<usize>),
    /// There are no candidates.
    Empty,
}

/// Chooses the leaf: the certificate whose public key is `key`, or else the certificate that
/// issued no other one in the set, preferring one that is not a CA.
///
/// A key that belongs to a CA which issued a non-CA certificate in the set was dropped by
/// mistake. Such a key does not choose the leaf, so the server certificate below the CA
/// stays the leaf and the key mismatch check reports the key.
pub(crate) fn choose_leaf(certs: &[&Cert], key: Option<&PublicMaterial>) -> LeafChoice {
    if certs.is_empty() {
        return LeafChoice::Empty;
    }

    if let Some(key) = key {
        let matching: Vec<usize> = (0..certs.len())
            .filter(|&i| certs[i].public.matches(key) == Some(true))
            .filter(|&i| !issued_a_server_certificate(certs, i))
            .collect();
        match matching.len() {
            0 => {}
            1 => return LeafChoice::Leaf(matching[0]),
            // Two certificates for one key, such as a renewed certificate next to the old one.
            _ => return LeafChoice::Ambiguous(matching),
        }
    }

    let issued_nothing: Vec<usize> = (0..certs.len())
        .filter(|&i| {
            !certs
                .iter()
                .enumerate()
                .any(|(j, other)| j != i && !other.is_self_issued() && other.is_issued_by(certs[i]))
        })
        .collect();
    let end_entities: Vec<usize> = issued_nothing
        .iter()
        .copied()
        .filter(|&i| !certs[i].is_ca)
        .collect();

    let pool = if end_entities.is_empty() {
        issued_nothing
    } else {
        end_entities
    };
    match pool.len() {
        0 => LeafChoice::Leaf(0),
        1 => LeafChoice::Leaf(pool[0]),
        _ => LeafChoice::Ambiguous(pool),
    }
}

/// Returns whether `certs[ca]` is a CA that issued a certificate in the set which is not
/// a CA, such as the intermediate above a server certificate. The private key of such a
/// CA is never the key to send.
pub(crate) fn issued_a_server_certificate(certs: &[&Cert], ca: usize) -> bool {
    certs[ca].is_ca
        && (0..certs.len()).any(|i| i != ca && !certs[i].is_ca && certs[i].is_issued_by(certs[ca]))
}

/// Returns the indices of the chain that starts at `leaf`, leaf first, each followed by its
/// issuer. The walk stops at a self-issued certificate or when the issuer is not in the set.
pub(crate) fn build_chain(certs: &[&Cert], leaf: usize) -> Vec<usize> {
    let mut chain = vec![leaf];
    let mut current = leaf;
    while !certs[current].is_self_issued() {
        let issuer = (0..certs.len())
            .find(|&i| !chain.contains(&i) && certs[current].is_issued_by(certs[i]));
        match issuer {
            Some(issuer) => {
                chain.push(issuer);
                current = issuer;
            }
            None => break,
        }
    }
    chain
}
