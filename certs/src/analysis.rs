//! The single entry point: from dropped sources to slots, preview, problems and payload.

use serde::Serialize;

use crate::choices::Choices;
use crate::extract::extract;
use crate::key::PrivateKey;
use crate::payload::{Payload, encode_pem, encode_pem_bundle};
use crate::policy::{Earlier, Policy, check};
use crate::preview::{CertificatePreview, CertificateRole, KeyPreview, certificate_preview};
use crate::problems::{Problem, ProblemKind};
use crate::sort::sort;
use crate::source::{Source, TlsType};

/// The result of [`analyze`]: what goes where, what the operator sees, and the verdict.
#[derive(Clone, Debug, Serialize)]
pub struct Analysis {
    pub tls_type: TlsType,
    /// The server chain, leaf first, in the order it is sent.
    pub chain: Vec<CertificatePreview>,
    /// The client CA certificates, sent only for two-way TLS.
    pub client_ca: Vec<CertificatePreview>,
    /// Certificates that are not sent, with a problem that says why.
    pub unplaced: Vec<CertificatePreview>,
    pub key: Option<KeyPreview>,
    /// The certificates that could each be the server certificate, for the operator to
    /// choose from with [`Choices::leaf`]. Empty unless the material alone leaves the leaf
    /// open, and still filled once a choice settled it, so the choice can be changed. The
    /// role of each is the place it got: `Leaf` for the chosen one.
    pub leaf_candidates: Vec<CertificatePreview>,
    /// Every problem found, blocking ones and warnings, in the order they were found.
    pub problems: Vec<Problem>,
    #[serde(skip)]
    material: Material,
}

/// The DER values behind the preview, kept out of serialisation because the key is secret.
#[derive(Clone, Debug, Default)]
struct Material {
    chain: Vec<Vec<u8>>,
    client_ca: Vec<Vec<u8>>,
    key: Option<PrivateKey>,
}

impl Analysis {
    /// Whether the material may be sent: a chain and a key are present, the client CA too
    /// for two-way TLS, and no problem blocks.
    pub fn can_send(&self) -> bool {
        let has_client_ca = self.tls_type == TlsType::OneWay || !self.material.client_ca.is_empty();
        !self.material.chain.is_empty()
            && self.material.key.is_some()
            && has_client_ca
            && !self.problems.iter().any(Problem::is_blocking)
    }

    /// Returns the canonical PEM to send, or `None` while [`Analysis::can_send`] is false.
    pub fn payload(&self) -> Option<Payload> {
        if !self.can_send() {
            return None;
        }
        let key = self.material.key.as_ref()?;
        let cacert = match self.tls_type {
            TlsType::OneWay => None,
            TlsType::TwoWay => Some(encode_pem_bundle(
                "CERTIFICATE",
                self.material.client_ca.iter().map(Vec::as_slice),
            )),
        };
        Some(Payload {
            cert: encode_pem_bundle("CERTIFICATE", self.material.chain.iter().map(Vec::as_slice)),
            key: encode_pem(key.format.pem_label(), &key.der),
            cacert,
        })
    }

    pub fn blocking_problems(&self) -> impl Iterator<Item = &Problem> {
        self.problems.iter().filter(|problem| problem.is_blocking())
    }

    pub fn warnings(&self) -> impl Iterator<Item = &Problem> {
        self.problems
            .iter()
            .filter(|problem| !problem.is_blocking())
    }

    /// Whether a problem of `kind` was found.
    pub fn has_problem(&self, kind: ProblemKind) -> bool {
        self.problems.iter().any(|problem| problem.kind == kind)
    }
}

/// Analyses the dropped sources for an upload with `tls_type`, checking them against
/// `policy` at the time `now_unix` (Unix seconds, UTC). `choices` contains the operator's
/// decisions on earlier questions, such as which certificate is the server certificate.
pub fn analyze(
    sources: &[Source],
    tls_type: TlsType,
    policy: &Policy,
    choices: &Choices,
    now_unix: i64,
) -> Analysis {
    let mut problems = Vec::new();
    let extracted = extract(sources, &mut problems);
    let encrypted_key_seen = extracted.encrypted_key_seen;
    let pkcs12_seen = extracted.pkcs12_seen;

    let sorted = sort(extracted, sources, tls_type, choices, &mut problems);
    let leaf_or_key_ambiguous = problems.iter().any(|problem| {
        matches!(
            problem.kind,
            ProblemKind::AmbiguousLeaf | ProblemKind::MultipleKeys
        )
    });
    let earlier = Earlier {
        encrypted_key_seen,
        pkcs12_seen,
        leaf_or_key_ambiguous,
    };
    check(
        &sorted,
        sources,
        tls_type,
        policy,
        now_unix,
        &earlier,
        &mut problems,
    );

    let source_name = |index: usize| sources[index].name.as_str();
    let last = sorted.chain.len().saturating_sub(1);
    let chain = sorted
        .chain
        .iter()
        .enumerate()
        .map(|(position, found)| {
            let role = match position {
                0 => CertificateRole::Leaf,
                p if p == last && found.item.is_self_issued() => CertificateRole::Root,
                _ => CertificateRole::Intermediate,
            };
            certificate_preview(&found.item, source_name(found.source), role, now_unix)
        })
        .collect();
    let previews = |certs: &[crate::extract::Found<crate::certificate::Cert>], role| {
        certs
            .iter()
            .map(|found| {
                certificate_preview(&found.item, source_name(found.source), role, now_unix)
            })
            .collect::<Vec<_>>()
    };
    let client_ca = previews(&sorted.client_ca, CertificateRole::ClientCa);
    let unplaced = previews(&sorted.unplaced, CertificateRole::Unplaced);
    let placed_role = |der: &[u8]| {
        if sorted
            .chain
            .first()
            .is_some_and(|leaf| leaf.item.der == der)
        {
            CertificateRole::Leaf
        } else if sorted.client_ca.iter().any(|found| found.item.der == der) {
            CertificateRole::ClientCa
        } else {
            CertificateRole::Unplaced
        }
    };
    let leaf_candidates = sorted
        .leaf_candidates
        .iter()
        .map(|found| {
            let role = placed_role(&found.item.der);
            certificate_preview(&found.item, source_name(found.source), role, now_unix)
        })
        .collect();

    let leaf = sorted.chain.first();
    let key = sorted.key.as_ref().map(|found| KeyPreview {
        source: source_name(found.source).to_owned(),
        algorithm: found.item.algorithm.clone(),
        format: found.item.format,
        matches_leaf: leaf.and_then(|leaf| found.item.public.matches(&leaf.item.public)),
    });

    let material = Material {
        chain: sorted
            .chain
            .iter()
            .map(|found| found.item.der.clone())
            .collect(),
        client_ca: sorted
            .client_ca
            .iter()
            .map(|found| found.item.der.clone())
            .collect(),
        key: sorted.key.map(|found| found.item),
    };

    Analysis {
        tls_type,
        chain,
        client_ca,
        unplaced,
        key,
        leaf_candidates,
        problems,
        material,
    }
}
