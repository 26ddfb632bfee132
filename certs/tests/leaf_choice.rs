//! The operator's choice of the server certificate when several could be it: a renewed
//! certificate next to the old one for the same key, or unrelated leaves without a key.

mod common;

use common::*;
use tls_certs::{
    Analysis, CertificateRole, Choices, Policy, ProblemKind, Source, TlsType, analyze,
};

/// Days of validity of the renewed leaf, longer than the old one's `LEAF_DAYS`.
const RENEWED_DAYS: u32 = 2 * LEAF_DAYS;

fn analyze_choosing(sources: &[Source], tls_type: TlsType, leaf: Option<&str>) -> Analysis {
    let choices = Choices {
        leaf: leaf.map(str::to_owned),
    };
    analyze(sources, tls_type, &Policy::default(), &choices, now())
}

/// Issues a renewed leaf for the key of the shared leaf, signed by the same intermediate.
fn renewed_leaf(dir: &Workdir) -> Issued {
    let pki = pki();
    dir.issue_for_key(
        &pki.leaf.key,
        LEAF_CN,
        &pki.intermediate,
        Profile::Leaf,
        RENEWED_DAYS,
    )
}

/// Returns the old and the renewed leaf in one bundle with the intermediate, and the shared
/// key in a file of its own.
fn renewal_sources(renewed: &Issued) -> Vec<Source> {
    let pki = pki();
    vec![
        source(
            "bundle.pem",
            concat(&[&pki.leaf.cert, &renewed.cert, &pki.intermediate.cert]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ]
}

fn candidate_fingerprints(analysis: &Analysis) -> Vec<&str> {
    analysis
        .leaf_candidates
        .iter()
        .map(|candidate| candidate.sha256_fingerprint.as_str())
        .collect()
}

#[test]
fn renewal_for_one_key_lists_both_candidates() {
    let pki = pki();
    let dir = Workdir::new();
    let renewed = renewed_leaf(&dir);
    let old_fingerprint = dir.fingerprint(&pki.leaf.cert);
    let renewed_fingerprint = dir.fingerprint(&renewed.cert);

    let analysis = analyze_choosing(&renewal_sources(&renewed), TlsType::OneWay, None);

    assert_blocked_by(&analysis, ProblemKind::AmbiguousLeaf);
    assert!(analysis.chain.is_empty(), "{}", describe(&analysis));
    assert_eq!(
        candidate_fingerprints(&analysis),
        [old_fingerprint.as_str(), renewed_fingerprint.as_str()]
    );
    let old = &analysis.leaf_candidates[0];
    let new = &analysis.leaf_candidates[1];
    assert!(old.subject.starts_with(&format!("CN={LEAF_CN}")));
    assert_eq!(old.subject, new.subject);
    assert!(old.dns_names.contains(&LEAF_CN.to_owned()));
    assert!(
        new.not_after > old.not_after,
        "{} vs {}",
        new.not_after,
        old.not_after
    );
    assert_eq!(old.role, CertificateRole::Unplaced);

    let problem = problem_of(&analysis, ProblemKind::AmbiguousLeaf);
    assert!(
        problem.message.contains(&old.not_after),
        "{}",
        problem.message
    );
    assert!(
        problem.message.contains(&new.not_after),
        "{}",
        problem.message
    );
    let fix = problem.fix.as_deref().unwrap_or_default();
    assert!(
        fix.contains("Choose the server certificate in the form"),
        "{fix}"
    );
}

#[test]
fn choosing_renewed_leaf_builds_its_chain() {
    let pki = pki();
    let dir = Workdir::new();
    let renewed = renewed_leaf(&dir);
    let renewed_fingerprint = dir.fingerprint(&renewed.cert);

    let analysis = analyze_choosing(
        &renewal_sources(&renewed),
        TlsType::OneWay,
        Some(&renewed_fingerprint),
    );

    assert_sendable(&analysis);
    assert!(!analysis.has_problem(ProblemKind::AmbiguousLeaf));
    assert_eq!(analysis.chain.len(), 2, "{}", describe(&analysis));
    assert_eq!(analysis.chain[0].sha256_fingerprint, renewed_fingerprint);
    assert!(
        analysis.chain[1]
            .subject
            .starts_with(&format!("CN={INTERMEDIATE_CN}"))
    );
    assert_eq!(analysis.key.as_ref().unwrap().matches_leaf, Some(true));
    let payload = analysis.payload().unwrap();
    assert_eq!(
        canonical_certs(payload.cert.as_bytes()),
        [
            canonical_certs(&renewed.cert),
            canonical_certs(&pki.intermediate.cert)
        ]
        .concat()
    );

    // The old certificate is left out, with a note, and stays a candidate to switch to.
    assert_eq!(analysis.unplaced.len(), 1);
    assert_eq!(
        analysis.unplaced[0].sha256_fingerprint,
        dir.fingerprint(&pki.leaf.cert)
    );
    let note = problem_of(&analysis, ProblemKind::UnrelatedCertificate);
    assert!(!note.is_blocking());
    assert!(
        note.message
            .contains("was not chosen as the server certificate"),
        "{}",
        note.message
    );
    assert_eq!(analysis.leaf_candidates.len(), 2);
    assert_eq!(analysis.leaf_candidates[0].role, CertificateRole::Unplaced);
    assert_eq!(analysis.leaf_candidates[1].role, CertificateRole::Leaf);
}

#[test]
fn choice_ignores_fingerprint_letter_case() {
    let dir = Workdir::new();
    let renewed = renewed_leaf(&dir);
    let renewed_fingerprint = dir.fingerprint(&renewed.cert);

    let analysis = analyze_choosing(
        &renewal_sources(&renewed),
        TlsType::OneWay,
        Some(&renewed_fingerprint.to_lowercase()),
    );

    assert_sendable(&analysis);
    assert_eq!(analysis.chain[0].sha256_fingerprint, renewed_fingerprint);
}

#[test]
fn choice_of_no_candidate_keeps_ambiguity() {
    let pki = pki();
    let dir = Workdir::new();
    let renewed = renewed_leaf(&dir);
    let sources = renewal_sources(&renewed);
    // The intermediate is in the material but is not a leaf candidate. The other values
    // name no certificate at all, as after the files changed.
    let not_candidates = [
        dir.fingerprint(&pki.intermediate.cert),
        dir.fingerprint(&pki.root.cert),
        String::new(),
        "not a fingerprint".to_owned(),
    ];

    for chosen in &not_candidates {
        let analysis = analyze_choosing(&sources, TlsType::OneWay, Some(chosen));
        assert_blocked_by(&analysis, ProblemKind::AmbiguousLeaf);
        assert!(analysis.chain.is_empty(), "chosen {chosen:?}");
        assert_eq!(analysis.leaf_candidates.len(), 2, "chosen {chosen:?}");
    }
}

#[test]
fn choice_between_unrelated_leaves_without_key() {
    let pki = pki();
    let dir = Workdir::new();
    let other = dir.issue(
        &KeySpec::Rsa(2048),
        "other.example.test",
        &pki.intermediate,
        Profile::Leaf,
        LEAF_DAYS,
    );
    let other_fingerprint = dir.fingerprint(&other.cert);
    let sources = [source(
        "bundle.pem",
        concat(&[&pki.leaf.cert, &other.cert, &pki.intermediate.cert]),
    )];

    let open = analyze_choosing(&sources, TlsType::OneWay, None);
    assert_blocked_by(&open, ProblemKind::AmbiguousLeaf);
    assert_eq!(open.leaf_candidates.len(), 2);

    let analysis = analyze_choosing(&sources, TlsType::OneWay, Some(&other_fingerprint));
    assert!(!analysis.has_problem(ProblemKind::AmbiguousLeaf));
    assert_eq!(analysis.chain.len(), 2, "{}", describe(&analysis));
    assert_eq!(analysis.chain[0].sha256_fingerprint, other_fingerprint);
    // In one-way TLS the leaf that was not chosen is not sent, with a note.
    assert_eq!(analysis.unplaced.len(), 1);
    assert!(
        analysis.unplaced[0]
            .subject
            .starts_with(&format!("CN={LEAF_CN}"))
    );
    assert_eq!(analysis.unplaced[0].role, CertificateRole::Unplaced);
    assert_warned(&analysis, ProblemKind::UnrelatedCertificate);
    // Only the missing key still blocks.
    assert_blocked_by(&analysis, ProblemKind::MissingKey);
    assert_eq!(
        analysis.blocking_problems().count(),
        1,
        "{}",
        describe(&analysis)
    );
}

#[test]
fn choice_does_not_override_matching_key() {
    let pki = pki();
    let dir = Workdir::new();
    let other = dir.issue(
        &KeySpec::Rsa(2048),
        "other.example.test",
        &pki.intermediate,
        Profile::Leaf,
        LEAF_DAYS,
    );
    let sources = [
        source(
            "bundle.pem",
            concat(&[&pki.leaf.cert, &other.cert, &pki.intermediate.cert]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ];

    let analysis = analyze_choosing(
        &sources,
        TlsType::OneWay,
        Some(&dir.fingerprint(&other.cert)),
    );

    assert_sendable(&analysis);
    assert_eq!(
        analysis.chain[0].sha256_fingerprint,
        dir.fingerprint(&pki.leaf.cert)
    );
    assert!(analysis.leaf_candidates.is_empty());
}

#[test]
fn chosen_leaf_with_foreign_key_is_blocked() {
    let pki = pki();
    let dir = Workdir::new();
    let other = dir.issue(
        &KeySpec::Rsa(2048),
        "other.example.test",
        &pki.intermediate,
        Profile::Leaf,
        LEAF_DAYS,
    );
    let foreign_key = dir.generate_key(&KeySpec::Rsa(2048), "foreign.key");
    let sources = [
        source(
            "bundle.pem",
            concat(&[&pki.leaf.cert, &other.cert, &pki.intermediate.cert]),
        ),
        source("foreign.key", foreign_key),
    ];

    let open = analyze_choosing(&sources, TlsType::OneWay, None);
    assert_blocked_by(&open, ProblemKind::AmbiguousLeaf);

    let analysis = analyze_choosing(
        &sources,
        TlsType::OneWay,
        Some(&dir.fingerprint(&other.cert)),
    );
    assert_blocked_by(&analysis, ProblemKind::KeyMismatch);
    assert_eq!(analysis.key.as_ref().unwrap().matches_leaf, Some(false));
}

#[test]
fn two_way_choice_leaves_other_leaf_out() {
    let pki = pki();
    let dir = Workdir::new();
    let renewed = renewed_leaf(&dir);
    let renewed_fingerprint = dir.fingerprint(&renewed.cert);
    let mut sources = renewal_sources(&renewed);
    sources.push(Source::new(
        "client-ca.pem",
        pki.root.cert.clone(),
        tls_certs::DropSlot::ClientCa,
    ));

    let open = analyze_choosing(&sources, TlsType::TwoWay, None);
    assert_blocked_by(&open, ProblemKind::AmbiguousLeaf);

    // The old leaf is neither sent nor taken for a client CA of unclear purpose.
    let analysis = analyze_choosing(&sources, TlsType::TwoWay, Some(&renewed_fingerprint));
    assert_sendable(&analysis);
    assert!(!analysis.has_problem(ProblemKind::AmbiguousCertificate));
    assert_eq!(analysis.chain[0].sha256_fingerprint, renewed_fingerprint);
    assert_eq!(analysis.client_ca.len(), 1);
    assert!(
        analysis.client_ca[0]
            .subject
            .starts_with(&format!("CN={ROOT_CN}"))
    );
    assert_eq!(analysis.unplaced.len(), 1);
    assert_warned(&analysis, ProblemKind::UnrelatedCertificate);
}

#[test]
fn two_way_ca_not_chosen_becomes_client_ca() {
    let dir = Workdir::new();
    let server_ca = dir.self_signed_ca(&KeySpec::Rsa(2048), "Server Self-Signed CA");
    let client_ca = dir.self_signed_ca(&KeySpec::Rsa(2048), "Client Self-Signed CA");
    let server_fingerprint = dir.fingerprint(&server_ca.cert);

    // Both CAs issued nothing in the set, so without a key either could be the leaf.
    let without_key = [
        source("server.pem", server_ca.cert.clone()),
        source("client.pem", client_ca.cert.clone()),
    ];
    let open = analyze_choosing(&without_key, TlsType::TwoWay, None);
    assert_blocked_by(&open, ProblemKind::AmbiguousLeaf);
    let analysis = analyze_choosing(&without_key, TlsType::TwoWay, Some(&server_fingerprint));
    assert_eq!(analysis.chain.len(), 1, "{}", describe(&analysis));
    assert_eq!(analysis.chain[0].sha256_fingerprint, server_fingerprint);
    assert_eq!(analysis.client_ca.len(), 1, "{}", describe(&analysis));
    assert_eq!(
        analysis.client_ca[0].sha256_fingerprint,
        dir.fingerprint(&client_ca.cert)
    );
    assert_warned(&analysis, ProblemKind::ClientCaSorted);
    let roles: Vec<CertificateRole> = analysis
        .leaf_candidates
        .iter()
        .map(|candidate| candidate.role)
        .collect();
    assert_eq!(roles, [CertificateRole::Leaf, CertificateRole::ClientCa]);

    // With the key, the key decides and nothing is asked.
    let with_key = [
        source("server.pem", server_ca.cert.clone()),
        source("client.pem", client_ca.cert.clone()),
        source("server.key", server_ca.key.clone()),
    ];
    let keyed = analyze_choosing(&with_key, TlsType::TwoWay, None);
    assert!(keyed.leaf_candidates.is_empty(), "{}", describe(&keyed));
    assert_eq!(keyed.chain[0].sha256_fingerprint, server_fingerprint);
}
