//! The platform policy for imported material, and the checks of the sorted material against it.

use serde::{Deserialize, Serialize};

use crate::algorithm::{Curve, Family, KeyAlgorithm};
use crate::certificate::Cert;
use crate::extract::Found;
use crate::problems::{Problem, ProblemKind};
use crate::sort::Sorted;
use crate::source::{Source, TlsType};
use crate::validity::check_validity;

/// The platform's rules for imported material. `Default` is what the platform documents;
/// the panel can read overrides from config.json, where missing fields keep the default.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Key algorithms accepted for the server certificate and its private key.
    pub allowed_key_algorithms: Vec<KeyAlgorithm>,
    /// Days before the end of validity from which the platform rejects a certificate.
    /// One older version of the platform's guide says 30; the current one says 60.
    pub expiry_margin_days: u32,
    /// Whether the leaf's key algorithm must be that of the CA that signed it.
    pub require_issuer_algorithm_match: bool,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            allowed_key_algorithms: vec![
                KeyAlgorithm::Rsa { bits: 1024 },
                KeyAlgorithm::Rsa { bits: 2048 },
                KeyAlgorithm::Ecdsa(Curve::P256),
                KeyAlgorithm::Ecdsa(Curve::P384),
            ],
            expiry_margin_days: 60,
            require_issuer_algorithm_match: true,
        }
    }
}

impl Policy {
    fn allowed_list(&self) -> String {
        let names: Vec<String> = self
            .allowed_key_algorithms
            .iter()
            .map(ToString::to_string)
            .collect();
        match names.split_last() {
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
            None => "none".to_owned(),
        }
    }
}

/// Facts from the earlier stages that decide whether a missing part needs its own message.
pub(crate) struct Earlier {
    pub encrypted_key_seen: bool,
    pub pkcs12_seen: bool,
    pub leaf_or_key_ambiguous: bool,
}

pub(crate) fn check(
    sorted: &Sorted,
    sources: &[Source],
    tls_type: TlsType,
    policy: &Policy,
    now_unix: i64,
    earlier: &Earlier,
    problems: &mut Vec<Problem>,
) {
    let name = |found_source: usize| sources[found_source].name.as_str();

    let explained = earlier.pkcs12_seen || earlier.leaf_or_key_ambiguous;
    if sorted.chain.is_empty() && !explained {
        problems.push(
            Problem::blocking(
                ProblemKind::MissingCertificate,
                "No server certificate was found.",
            )
            .with_fix("Drop the server certificate, with its chain, as a PEM file."),
        );
    }
    if sorted.key.is_none() && !explained && !earlier.encrypted_key_seen {
        problems.push(
            Problem::blocking(ProblemKind::MissingKey, "No private key was found.").with_fix(
                "Drop the unencrypted private key of the server certificate as a PEM file.",
            ),
        );
    }

    if let Some(key) = &sorted.key {
        check_algorithm(
            &key.item.algorithm,
            "The private key",
            name(key.source),
            policy,
            problems,
        );
    }

    if let Some(leaf) = sorted.chain.first() {
        let what = format!("The certificate {}", leaf.item.subject);
        check_algorithm(
            &leaf.item.algorithm,
            &what,
            name(leaf.source),
            policy,
            problems,
        );
        if policy.require_issuer_algorithm_match {
            check_issuer_algorithm(&sorted.chain, name(leaf.source), problems);
        }
        if let Some(key) = &sorted.key
            && key.item.public.matches(&leaf.item.public) == Some(false)
        {
            // The key may be that of a CA in the dropped set, such as the intermediate's.
            let owner = sorted
                .chain
                .iter()
                .chain(&sorted.client_ca)
                .chain(&sorted.unplaced)
                .find(|cert| key.item.public.matches(&cert.item.public) == Some(true));
            let message = match owner {
                Some(owner) => format!(
                    "The private key in {} belongs to another certificate: it is the key of {} {}, not of the server certificate {}.",
                    name(key.source),
                    if owner.item.is_ca {
                        "the CA certificate"
                    } else {
                        "the certificate"
                    },
                    owner.item.subject,
                    leaf.item.subject
                ),
                None => format!(
                    "The private key in {} belongs to another certificate: its public key does not match the certificate {}.",
                    name(key.source),
                    leaf.item.subject
                ),
            };
            problems.push(
                Problem::blocking(ProblemKind::KeyMismatch, message)
                .in_source(name(key.source))
                .with_fix("Drop the private key that was created together with this certificate's request, or the certificate issued for this key."),
            );
        }
        check_chain_shape(&sorted.chain, sources, problems);
    }

    for (position, cert) in sorted.chain.iter().enumerate() {
        let is_leaf = position == 0;
        check_validity(cert, name(cert.source), is_leaf, policy, now_unix, problems);
    }
    for cert in &sorted.client_ca {
        check_validity(cert, name(cert.source), false, policy, now_unix, problems);
    }

    if tls_type == TlsType::TwoWay {
        check_client_ca(&sorted.client_ca, sources, problems);
    }
}

fn check_algorithm(
    algorithm: &KeyAlgorithm,
    what: &str,
    source: &str,
    policy: &Policy,
    problems: &mut Vec<Problem>,
) {
    if policy.allowed_key_algorithms.contains(algorithm) {
        return;
    }
    problems.push(
        Problem::blocking(
            ProblemKind::UnsupportedKeyAlgorithm,
            format!(
                "{what} uses {algorithm}, which the platform does not support. It supports {}.",
                policy.allowed_list()
            ),
        )
        .in_source(source)
        .with_fix("Create a new key and certificate with a supported algorithm, for example with openssl req -newkey rsa:2048 or -newkey ec -pkeyopt ec_paramgen_curve:P-256."),
    );
}

/// The platform requires the leaf's key to use the algorithm of the CA that signed it. The
/// issuer's certificate is used when present, and otherwise the leaf's signature algorithm,
/// which names the issuer's key type.
fn check_issuer_algorithm(chain: &[Found<Cert>], source: &str, problems: &mut Vec<Problem>) {
    let leaf = &chain[0].item;
    let leaf_family = leaf.algorithm.family();
    let (issuer_family, issuer_text) = match chain.get(1) {
        Some(issuer) => (
            issuer.item.algorithm.family(),
            format!(
                "its issuer {} has an {} key",
                issuer.item.subject, issuer.item.algorithm
            ),
        ),
        None if leaf.is_self_issued() => return,
        None => (
            leaf.signer_family,
            "its issuer signed it with another algorithm".to_owned(),
        ),
    };
    if leaf_family == Family::Other
        || issuer_family == Family::Other
        || leaf_family == issuer_family
    {
        return;
    }
    problems.push(
        Problem::blocking(
            ProblemKind::IssuerAlgorithmMismatch,
            format!(
                "The certificate {} has an {} key, but {issuer_text}. The platform requires both to use the same algorithm.",
                leaf.subject, leaf.algorithm
            ),
        )
        .in_source(source)
        .with_fix("Have the certificate issued by a CA whose key uses the same algorithm as the certificate's key."),
    );
}

/// Reports a root at the top of the chain, or a leaf without any issuer, under the file
/// of the certificate concerned.
fn check_chain_shape(chain: &[Found<Cert>], sources: &[Source], problems: &mut Vec<Problem>) {
    let Some(top) = chain.last() else {
        return;
    };
    let source = sources[top.source].name.as_str();
    if chain.len() > 1 && top.item.is_self_issued() {
        problems.push(
            Problem::warning(
                ProblemKind::RootIncluded,
                format!(
                    "The chain includes the root certificate {}. Clients already hold their trusted roots, so sending it only adds bytes to each handshake.",
                    top.item.subject
                ),
            )
            .in_source(source),
        );
    }
    // A chain that ends in an intermediate normally leaves out the root,
    // which clients hold. Only a leaf without any issuer certificate is
    // missing one that the platform cannot fetch for its clients.
    if chain.len() == 1 && !top.item.is_self_issued() {
        problems.push(
            Problem::warning(
                ProblemKind::MissingIntermediate,
                format!(
                    "The issuer of {} ({}) is not among the certificates, so clients that do not already hold it cannot verify the chain.",
                    top.item.subject, top.item.issuer
                ),
            )
            .in_source(source)
            .with_fix("Add the intermediate certificate from your CA to the certificate file, after the server certificate."),
        );
    }
}

fn check_client_ca(client_ca: &[Found<Cert>], sources: &[Source], problems: &mut Vec<Problem>) {
    if client_ca.is_empty() {
        problems.push(
            Problem::blocking(
                ProblemKind::MissingClientCa,
                "Two-way TLS needs the client CA certificate, which signs the certificates clients present, and none was given.",
            )
            .with_fix("Drop the CA certificate that issues your client certificates on the client CA slot, or choose one-way TLS."),
        );
        return;
    }
    for cert in client_ca.iter().filter(|cert| !cert.item.is_ca) {
        let name = &sources[cert.source].name;
        problems.push(
            Problem::blocking(
                ProblemKind::ClientCaNotCa,
                format!(
                    "The client CA {} from {name} is not a CA certificate: it lacks basicConstraints CA:TRUE, so it cannot vouch for client certificates.",
                    cert.item.subject
                ),
            )
            .in_source(name)
            .with_fix("Drop the certificate of the CA that issued the client certificates, not a client or server certificate."),
        );
    }
}
