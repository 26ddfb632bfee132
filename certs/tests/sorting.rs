//! Sorting material into slots: moved items, chain order, duplicates and the client CA.

mod common;

use common::*;
use tls_certs::{CertificateRole, DropSlot, ProblemKind, Source};

fn certificate_in_payload(analysis: &tls_certs::Analysis) -> Vec<String> {
    canonical_certs(analysis.payload().unwrap().cert.as_bytes())
}

#[test]
fn swapped_slots_are_moved() {
    let pki = pki();
    let sources = [
        Source::new(
            "server.key",
            pki.leaf.key.clone(),
            DropSlot::CertificateChain,
        ),
        Source::new(
            "fullchain.pem",
            concat(&[&pki.leaf.cert, &pki.intermediate.cert]),
            DropSlot::PrivateKey,
        ),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    assert_eq!(
        problem_of(&analysis, ProblemKind::KeyMoved)
            .source
            .as_deref(),
        Some("server.key")
    );
    let moved: Vec<_> = analysis
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::CertificateMoved)
        .collect();
    assert_eq!(moved.len(), 2, "{}", describe(&analysis));
    let payload = analysis.payload().unwrap();
    assert!(
        !payload.cert.contains("PRIVATE KEY"),
        "a key must never be sent in cert"
    );
    assert!(!payload.key.contains("CERTIFICATE"));
    assert_eq!(analysis.key.as_ref().unwrap().source, "server.key");
}

#[test]
fn bundled_key_never_sent_as_cert() {
    let pki = pki();
    let bundle = concat(&[&pki.leaf.key, &pki.leaf.cert, &pki.intermediate.cert]);
    let analysis = analyze_one_way(&[Source::new(
        "bundle.pem",
        bundle,
        DropSlot::CertificateChain,
    )]);
    assert_sendable(&analysis);
    assert_warned(&analysis, ProblemKind::KeyMoved);
    assert!(!analysis.payload().unwrap().cert.contains("PRIVATE KEY"));
}

#[test]
fn chain_in_wrong_order_is_reordered_leaf_first() {
    let pki = pki();
    let orders: [&[&[u8]]; 3] = [
        &[&pki.intermediate.cert, &pki.leaf.cert],
        &[&pki.root.cert, &pki.leaf.cert, &pki.intermediate.cert],
        &[&pki.intermediate.cert, &pki.root.cert, &pki.leaf.cert],
    ];
    for order in orders {
        let analysis = analyze_one_way(&[
            source("bundle.pem", concat(order)),
            source("server.key", pki.leaf.key.clone()),
        ]);
        assert_sendable(&analysis);
        let warning = problem_of(&analysis, ProblemKind::ChainReordered);
        assert_eq!(warning.source.as_deref(), Some("bundle.pem"));
        let sent = certificate_in_payload(&analysis);
        assert_eq!(sent[0], canonical_certs(&pki.leaf.cert)[0]);
        assert_eq!(sent[1], canonical_certs(&pki.intermediate.cert)[0]);
        assert_eq!(analysis.chain[0].role, CertificateRole::Leaf);
    }
}

#[test]
fn file_order_is_not_reordering() {
    let pki = pki();
    let sources = [
        source("chain.pem", pki.intermediate.cert.clone()),
        source("server.key", pki.leaf.key.clone()),
        source("leaf.pem", pki.leaf.cert.clone()),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    assert!(
        !analysis.has_problem(ProblemKind::ChainReordered),
        "{}",
        describe(&analysis)
    );
    assert_eq!(
        certificate_in_payload(&analysis)[0],
        canonical_certs(&pki.leaf.cert)[0]
    );
}

#[test]
fn leaf_without_its_issuer_warns_of_missing_intermediate() {
    let pki = pki();
    let analysis = analyze_one_way(&[
        source("leaf.pem", pki.leaf.cert.clone()),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_sendable(&analysis);
    let warning = problem_of(&analysis, ProblemKind::MissingIntermediate);
    assert!(
        warning.message.contains(INTERMEDIATE_CN),
        "{}",
        warning.message
    );

    // Leaf and root without the intermediate between them: still missing.
    let analysis = analyze_one_way(&[
        source("bundle.pem", concat(&[&pki.leaf.cert, &pki.root.cert])),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_warned(&analysis, ProblemKind::MissingIntermediate);
    assert_warned(&analysis, ProblemKind::UnrelatedCertificate);
}

#[test]
fn self_signed_leaf_is_not_missing_an_intermediate() {
    let dir = Workdir::new();
    let leaf = dir.self_signed_leaf(&KeySpec::Rsa(2048), "self.example.test", 365);
    let analysis = analyze_one_way(&[source("self.pem", leaf.cert), source("self.key", leaf.key)]);
    assert_sendable(&analysis);
    assert!(analysis.problems.is_empty(), "{}", describe(&analysis));
}

#[test]
fn chain_without_root_is_not_missing_an_intermediate() {
    let pki = pki();
    let analysis = analyze_one_way(&[
        source(
            "chain.pem",
            concat(&[&pki.leaf.cert, &pki.intermediate.cert]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_sendable(&analysis);
    assert!(
        !analysis.has_problem(ProblemKind::MissingIntermediate),
        "{}",
        describe(&analysis)
    );
}

#[test]
fn root_in_chain_is_reported() {
    let pki = pki();
    let analysis = analyze_one_way(&[
        source(
            "fullchain.pem",
            concat(&[&pki.leaf.cert, &pki.intermediate.cert, &pki.root.cert]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_sendable(&analysis);
    assert!(
        problem_of(&analysis, ProblemKind::RootIncluded)
            .message
            .contains(ROOT_CN)
    );
    assert!(!analysis.has_problem(ProblemKind::MissingIntermediate));
    assert_eq!(analysis.chain[2].role, CertificateRole::Root);
}

#[test]
fn root_note_sits_under_root_file() {
    let pki = pki();
    let analysis = analyze_one_way(&[
        source("leaf.pem", pki.leaf.cert.clone()),
        source("intermediate.pem", pki.intermediate.cert.clone()),
        source("root.pem", pki.root.cert.clone()),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_sendable(&analysis);
    assert_eq!(
        problem_of(&analysis, ProblemKind::RootIncluded)
            .source
            .as_deref(),
        Some("root.pem")
    );
}

#[test]
fn duplicate_certificates_and_keys_are_dropped() {
    let pki = pki();
    let sources = [
        source(
            "fullchain.pem",
            concat(&[&pki.leaf.cert, &pki.intermediate.cert]),
        ),
        source("leaf.pem", pki.leaf.cert.clone()),
        source("chain.pem", pki.intermediate.cert.clone()),
        source("server.key", pki.leaf.key.clone()),
        source("server-copy.key", pki.leaf.key.clone()),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    let dropped: Vec<_> = analysis
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::DuplicateDropped)
        .filter_map(|p| p.source.clone())
        .collect();
    assert_eq!(dropped, ["server-copy.key", "leaf.pem", "chain.pem"]);
    assert_eq!(certificate_in_payload(&analysis).len(), 2);
}

#[test]
fn issuer_chosen_by_key_identifier() {
    let pki = pki();
    let dir = Workdir::new();
    // A re-keyed intermediate with the same name as the real issuer of the leaf.
    let rekeyed = dir.issue(
        &KeySpec::Rsa(2048),
        INTERMEDIATE_CN,
        &pki.root,
        Profile::Ca,
        3650,
    );
    let analysis = analyze_one_way(&[
        source(
            "bundle.pem",
            concat(&[&pki.leaf.cert, &rekeyed.cert, &pki.intermediate.cert]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_sendable(&analysis);
    let sent = certificate_in_payload(&analysis);
    assert_eq!(sent.len(), 2);
    assert_eq!(sent[1], canonical_certs(&pki.intermediate.cert)[0]);
    assert_eq!(analysis.unplaced.len(), 1);
}

#[test]
fn two_way_without_client_ca_is_blocked() {
    let analysis = analyze_two_way(&standard_sources());
    assert_blocked_by(&analysis, ProblemKind::MissingClientCa);
    assert!(
        problem_of(&analysis, ProblemKind::MissingClientCa)
            .message
            .contains("client CA")
    );
}

#[test]
fn two_way_non_ca_client_ca_blocked() {
    let pki = pki();
    let mut sources = standard_sources();
    sources.push(Source::new(
        "client.pem",
        pki.leaf.cert.clone(),
        DropSlot::ClientCa,
    ));
    let analysis = analyze_two_way(&sources);
    assert_blocked_by(&analysis, ProblemKind::ClientCaNotCa);
    assert!(
        problem_of(&analysis, ProblemKind::ClientCaNotCa)
            .message
            .contains("CA:TRUE")
    );
}

#[test]
fn two_way_with_client_ca_sends_cacert() {
    let pki = pki();
    let mut sources = standard_sources();
    sources.push(Source::new(
        "client-ca.pem",
        pki.root.cert.clone(),
        DropSlot::ClientCa,
    ));
    let analysis = analyze_two_way(&sources);
    assert_sendable(&analysis);
    assert_eq!(analysis.client_ca.len(), 1);
    assert_eq!(analysis.client_ca[0].role, CertificateRole::ClientCa);
    let cacert = analysis.payload().unwrap().cacert.unwrap();
    assert_canonical_pem(&cacert);
    assert_eq!(cacert, canonical_certs(&pki.root.cert)[0]);
}

#[test]
fn two_way_sorts_stray_ca_as_client_ca() {
    let dir = Workdir::new();
    let client_root = dir.self_signed_ca(&KeySpec::Ec("P-256"), "Client Devices CA");
    let mut sources = standard_sources();
    sources.push(source("devices-ca.pem", client_root.cert.clone()));
    let analysis = analyze_two_way(&sources);
    assert_sendable(&analysis);
    assert_warned(&analysis, ProblemKind::ClientCaSorted);
    assert_eq!(
        analysis.payload().unwrap().cacert.unwrap(),
        canonical_certs(&client_root.cert)[0]
    );
    assert_eq!(analysis.chain.len(), 2);
}

#[test]
fn two_way_stray_leaf_is_ambiguous() {
    let dir = Workdir::new();
    let stranger = dir.self_signed_leaf(&KeySpec::Ec("P-256"), "stranger.example.test", 365);
    let mut sources = standard_sources();
    sources.push(source("stranger.pem", stranger.cert));
    let analysis = analyze_two_way(&sources);
    assert_blocked_by(&analysis, ProblemKind::AmbiguousCertificate);
    assert_eq!(analysis.unplaced.len(), 1);
    assert_eq!(analysis.unplaced[0].role, CertificateRole::Unplaced);
}

#[test]
fn one_way_ignores_client_ca_and_unrelated_certificates() {
    let pki = pki();
    let dir = Workdir::new();
    let stranger = dir.self_signed_leaf(&KeySpec::Ec("P-256"), "stranger.example.test", 365);
    let mut sources = standard_sources();
    sources.push(Source::new(
        "client-ca.pem",
        pki.root.cert.clone(),
        DropSlot::ClientCa,
    ));
    sources.push(source("stranger.pem", stranger.cert));
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    assert_warned(&analysis, ProblemKind::ClientCaIgnored);
    assert_warned(&analysis, ProblemKind::UnrelatedCertificate);
    assert_eq!(analysis.payload().unwrap().cacert, None);
    assert_eq!(analysis.unplaced.len(), 2);
}

#[test]
fn two_leaves_without_key_are_ambiguous() {
    let pki = pki();
    let dir = Workdir::new();
    let other = dir.issue(
        &KeySpec::Rsa(2048),
        "other.example.test",
        &pki.intermediate,
        Profile::Leaf,
        365,
    );
    let analysis = analyze_one_way(&[source(
        "bundle.pem",
        concat(&[&pki.leaf.cert, &other.cert, &pki.intermediate.cert]),
    )]);
    assert_blocked_by(&analysis, ProblemKind::AmbiguousLeaf);

    // The key settles which one is the leaf.
    let analysis = analyze_one_way(&[
        source(
            "bundle.pem",
            concat(&[&other.cert, &pki.leaf.cert, &pki.intermediate.cert]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_sendable(&analysis);
    assert!(
        analysis.chain[0]
            .subject
            .starts_with(&format!("CN={LEAF_CN}"))
    );
    assert_eq!(analysis.chain.len(), 2);
}

#[test]
fn extra_keys_are_resolved_by_matching() {
    let pki = pki();
    let dir = Workdir::new();
    let stray = dir.generate_key(&KeySpec::Rsa(2048), "stray.key");
    let mut sources = standard_sources();
    sources.push(source("stray.key", stray.clone()));
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    assert_eq!(
        problem_of(&analysis, ProblemKind::UnusedKey)
            .source
            .as_deref(),
        Some("stray.key")
    );
    assert_eq!(analysis.key.as_ref().unwrap().source, "server.key");

    let second_stray = dir.generate_key(&KeySpec::Rsa(2048), "stray2.key");
    let analysis = analyze_one_way(&[
        source("leaf.pem", pki.leaf.cert.clone()),
        source("stray.key", stray),
        source("stray2.key", second_stray),
    ]);
    assert_blocked_by(&analysis, ProblemKind::MultipleKeys);
    assert!(!analysis.has_problem(ProblemKind::MissingKey));
}

#[test]
fn intermediate_key_beside_leaf_key_is_set_aside() {
    let pki = pki();
    let mut sources = standard_sources();
    sources.push(source("intermediate.key", pki.intermediate.key.clone()));
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    assert_eq!(analysis.key.as_ref().unwrap().source, "server.key");
    let unused = problem_of(&analysis, ProblemKind::UnusedKey);
    assert_eq!(unused.source.as_deref(), Some("intermediate.key"));
    assert!(
        unused.message.contains(INTERMEDIATE_CN),
        "{}",
        unused.message
    );
}

#[test]
fn nothing_dropped_reports_missing_certificate_and_key() {
    let analysis = analyze_one_way(&[]);
    assert_blocked_by(&analysis, ProblemKind::MissingCertificate);
    assert_blocked_by(&analysis, ProblemKind::MissingKey);
}
