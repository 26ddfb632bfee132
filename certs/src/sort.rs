//! Sorts the found material into the server chain, the key and the client CA.
//!
//! A certificate or key dropped on the wrong slot is moved by its content. Certificates
//! outside the leaf's chain become the client CA only when that is the one reading; any
//! other case is reported for the operator to decide. Where several certificates could be
//! the leaf, the operator's choice, if it names one of them, decides.

use crate::certificate::Cert;
use crate::chain::{LeafChoice, build_chain, choose_leaf, issued_a_server_certificate};
use crate::choices::{Choices, set_aside_not_chosen, settle_ambiguous_leaf};
use crate::extract::{Extracted, Found};
use crate::key::PrivateKey;
use crate::problems::{Problem, ProblemKind};
use crate::source::{DropSlot, Source, TlsType};

#[derive(Debug, Default)]
pub(crate) struct Sorted {
    /// The server chain, leaf first.
    pub chain: Vec<Found<Cert>>,
    pub client_ca: Vec<Found<Cert>>,
    /// Certificates that are not sent.
    pub unplaced: Vec<Found<Cert>>,
    pub key: Option<Found<PrivateKey>>,
    /// Copies of the certificates that could each be the leaf, when the material alone
    /// does not decide, whether or not the operator's choice settled it.
    pub leaf_candidates: Vec<Found<Cert>>,
}

pub(crate) fn sort(
    extracted: Extracted,
    sources: &[Source],
    tls_type: TlsType,
    choices: &Choices,
    problems: &mut Vec<Problem>,
) -> Sorted {
    let name = |found_source: usize| sources[found_source].name.as_str();
    let mut sorted = Sorted::default();

    let keys = dedup(
        extracted.keys,
        |key| &key.der,
        "private key",
        sources,
        problems,
    );
    for key in &keys {
        if matches!(key.slot, DropSlot::CertificateChain | DropSlot::ClientCa) {
            problems.push(
                Problem::warning(
                    ProblemKind::KeyMoved,
                    format!("{} contains a private key and was dropped on a certificate slot, so the key was moved to the key slot. It is never sent as a certificate.", name(key.source)),
                )
                .in_source(name(key.source)),
            );
        }
    }

    let mut candidates = Vec::new();
    let mut explicit_client_ca = Vec::new();
    for cert in extracted.certs {
        match cert.slot {
            DropSlot::ClientCa => explicit_client_ca.push(cert),
            DropSlot::PrivateKey => {
                problems.push(
                    Problem::warning(
                        ProblemKind::CertificateMoved,
                        format!("{} contains the certificate {} and was dropped on the key slot, so it was moved to the certificates.", name(cert.source), cert.item.subject),
                    )
                    .in_source(name(cert.source)),
                );
                candidates.push(cert);
            }
            DropSlot::CertificateChain | DropSlot::Any => candidates.push(cert),
        }
    }
    let candidates = dedup(
        candidates,
        |cert| &cert.der,
        "certificate",
        sources,
        problems,
    );
    let explicit_client_ca = dedup(
        explicit_client_ca,
        |cert| &cert.der,
        "certificate",
        sources,
        problems,
    );

    let candidate_certs: Vec<&Cert> = candidates.iter().map(|found| &found.item).collect();
    sorted.key = choose_key(keys, &candidate_certs, sources, problems);
    let key_public = sorted.key.as_ref().map(|key| &key.item.public);

    // The choice only picks among the candidates that choose_leaf returns, so it never
    // overrides a key that matches exactly one certificate. With a key that matches none
    // of the candidates, the policy check still blocks the chosen leaf as a key mismatch.
    let mut leaf_options = Vec::new();
    let chain_order = match choose_leaf(&candidate_certs, key_public) {
        LeafChoice::Leaf(leaf) => build_chain(&candidate_certs, leaf),
        LeafChoice::Ambiguous(options) => {
            let chosen = settle_ambiguous_leaf(&candidate_certs, &options, choices, problems);
            leaf_options = options;
            chosen.map_or_else(Vec::new, |leaf| build_chain(&candidate_certs, leaf))
        }
        LeafChoice::Empty => Vec::new(),
    };
    sorted.leaf_candidates = leaf_options
        .iter()
        .map(|&i| Found {
            item: candidates[i].item.clone(),
            source: candidates[i].source,
            slot: candidates[i].slot,
        })
        .collect();
    report_reordering(&candidates, &chain_order, sources, problems);

    let mut slots: Vec<Option<Found<Cert>>> = candidates.into_iter().map(Some).collect();
    sorted.chain = chain_order
        .iter()
        .filter_map(|&i| slots[i].take())
        .collect();
    if !sorted.chain.is_empty() {
        set_aside_not_chosen(
            &mut slots,
            &leaf_options,
            sources,
            problems,
            &mut sorted.unplaced,
        );
    }
    let rest: Vec<Found<Cert>> = slots.into_iter().flatten().collect();

    match tls_type {
        TlsType::OneWay => {
            for cert in &explicit_client_ca {
                problems.push(
                    Problem::warning(
                        ProblemKind::ClientCaIgnored,
                        format!("{} was dropped as client CA, but one-way TLS does not check client certificates, so it is not sent.", name(cert.source)),
                    )
                    .in_source(name(cert.source))
                    .with_fix("Choose two-way TLS if clients must present certificates."),
                );
            }
            sorted.unplaced.extend(explicit_client_ca);
            place_outside_chain_one_way(
                rest,
                &sorted.chain,
                sources,
                problems,
                &mut sorted.unplaced,
            );
        }
        TlsType::TwoWay => {
            let sort_as_client_ca =
                explicit_client_ca.is_empty() && rest.iter().all(|cert| cert.item.is_ca);
            sorted.client_ca = explicit_client_ca;
            for cert in rest {
                if sort_as_client_ca {
                    problems.push(
                        Problem::warning(
                            ProblemKind::ClientCaSorted,
                            format!("The CA certificate {} from {} is not part of the server chain, so it is used as the client CA.", cert.item.subject, name(cert.source)),
                        )
                        .in_source(name(cert.source)),
                    );
                    sorted.client_ca.push(cert);
                } else {
                    problems.push(
                        Problem::blocking(
                            ProblemKind::AmbiguousCertificate,
                            format!("The certificate {} from {} is not part of the server chain, and it is unclear whether it is meant as the client CA.", cert.item.subject, name(cert.source)),
                        )
                        .in_source(name(cert.source))
                        .with_fix("Drop it on the client CA slot if clients present certificates issued by it, and otherwise remove it."),
                    );
                    sorted.unplaced.push(cert);
                }
            }
        }
    }
    sorted
}

fn place_outside_chain_one_way(
    rest: Vec<Found<Cert>>,
    chain: &[Found<Cert>],
    sources: &[Source],
    problems: &mut Vec<Problem>,
    unplaced: &mut Vec<Found<Cert>>,
) {
    // Without a chain, the ambiguity problem already explains why nothing was placed.
    if chain.is_empty() {
        unplaced.extend(rest);
        return;
    }
    let leaf = &chain[0].item.subject;
    for cert in rest {
        let name = &sources[cert.source].name;
        problems.push(
            Problem::warning(
                ProblemKind::UnrelatedCertificate,
                format!("The certificate {} from {name} is not part of the chain of {leaf}, so it is not sent.", cert.item.subject),
            )
            .in_source(name),
        );
        unplaced.push(cert);
    }
}

/// Chooses the key to send. With several keys, the one that belongs to a certificate wins.
fn choose_key(
    mut keys: Vec<Found<PrivateKey>>,
    certs: &[&Cert],
    sources: &[Source],
    problems: &mut Vec<Problem>,
) -> Option<Found<PrivateKey>> {
    if keys.len() <= 1 {
        return keys.pop();
    }

    // The certificate each key belongs to, if it is in the set.
    let owners: Vec<Option<usize>> = keys
        .iter()
        .map(|key| {
            (0..certs.len()).find(|&c| certs[c].public.matches(&key.item.public) == Some(true))
        })
        .collect();
    // A CA's key, such as the intermediate's, is never the one to send, so it does not
    // make the choice unclear.
    let matching: Vec<usize> = (0..keys.len())
        .filter(|&i| owners[i].is_some_and(|c| !issued_a_server_certificate(certs, c)))
        .collect();
    if matching.len() != 1 {
        let names: Vec<&str> = keys
            .iter()
            .map(|key| sources[key.source].name.as_str())
            .collect();
        problems.push(
            Problem::blocking(
                ProblemKind::MultipleKeys,
                format!(
                    "{} private keys were found (in {}), and it is unclear which one to send.",
                    keys.len(),
                    names.join(", ")
                ),
            )
            .with_fix("Drop only the private key of the server certificate."),
        );
        return None;
    }

    let chosen_index = matching[0];
    for (index, key) in keys.iter().enumerate() {
        if index == chosen_index {
            continue;
        }
        let name = &sources[key.source].name;
        let message = match owners[index] {
            Some(owner) => format!(
                "The private key in {name} is the key of {}, not of the server certificate, and is not sent.",
                certs[owner].subject
            ),
            None => format!(
                "The private key in {name} belongs to none of the certificates and is not sent."
            ),
        };
        problems.push(Problem::warning(ProblemKind::UnusedKey, message).in_source(name));
    }
    Some(keys.swap_remove(chosen_index))
}

/// Reports each source whose chain certificates were not already in leaf-first order.
/// Files are compared one at a time, because the order in which files are dropped carries
/// no meaning.
fn report_reordering(
    candidates: &[Found<Cert>],
    chain_order: &[usize],
    sources: &[Source],
    problems: &mut Vec<Problem>,
) {
    let position_in_chain = |candidate: usize| chain_order.iter().position(|&c| c == candidate);
    for (source_index, source) in sources.iter().enumerate() {
        // Candidates are in order of appearance, so these are the chain positions of this
        // source's certificates in the order the source had them.
        let positions: Vec<usize> = (0..candidates.len())
            .filter(|&candidate| candidates[candidate].source == source_index)
            .filter_map(position_in_chain)
            .collect();
        if positions.windows(2).any(|pair| pair[0] > pair[1]) {
            problems.push(
                Problem::warning(
                    ProblemKind::ChainReordered,
                    format!("The certificates in {} were not in leaf-first order, so they were reordered to put each before its issuer.", source.name),
                )
                .in_source(&source.name),
            );
        }
    }
}

/// Drops exact copies, keeping the first, and reports each copy.
fn dedup<T>(
    items: Vec<Found<T>>,
    der: impl Fn(&T) -> &Vec<u8>,
    item_kind: &str,
    sources: &[Source],
    problems: &mut Vec<Problem>,
) -> Vec<Found<T>> {
    let mut unique: Vec<Found<T>> = Vec::new();
    for item in items {
        let original = unique.iter().find(|k| der(&k.item) == der(&item.item));
        match original {
            Some(original) => {
                let copy_name = &sources[item.source].name;
                let original_name = &sources[original.source].name;
                problems.push(
                    Problem::warning(
                        ProblemKind::DuplicateDropped,
                        format!("A {item_kind} in {copy_name} is the same as one in {original_name}, so the copy was dropped."),
                    )
                    .in_source(copy_name),
                );
            }
            None => unique.push(item),
        }
    }
    unique
}
