//! Finding PEM blocks among other text, and the canonical PEM that is sent.

mod common;

use common::*;
use tls_certs::{CertificateRole, ProblemKind};

#[test]
fn pkcs12_export_text_around_blocks_is_ignored() {
    let pki = pki();
    let dir = Workdir::new();
    dir.write("leaf.pem", &pki.leaf.cert);
    dir.write("leaf.key", &pki.leaf.key);
    dir.write("chain.pem", &pki.intermediate.cert);
    dir.openssl(&[
        "pkcs12",
        "-export",
        "-in",
        "leaf.pem",
        "-inkey",
        "leaf.key",
        "-certfile",
        "chain.pem",
        "-passout",
        "pass:test",
        "-out",
        "bundle.p12",
    ]);
    // `-nodes` output carries Bag Attributes, subject= and issuer= lines around each block.
    let exported = dir.openssl(&[
        "pkcs12",
        "-in",
        "bundle.p12",
        "-passin",
        "pass:test",
        "-nodes",
    ]);
    let exported_text = String::from_utf8_lossy(&exported);
    assert!(
        exported_text.contains("Bag Attributes"),
        "fixture lacks bag attributes"
    );
    assert!(
        exported_text.contains("subject="),
        "fixture lacks subject lines"
    );

    let analysis = analyze_one_way(&[source("export.pem", exported)]);
    assert_sendable(&analysis);
    let payload = analysis.payload().unwrap();
    assert_canonical_pem(&payload.cert);
    assert_canonical_pem(&payload.key);
    assert!(!payload.cert.contains("Bag Attributes"));
    assert!(!payload.cert.contains("subject="));
    assert_eq!(count_blocks(&payload.cert, "CERTIFICATE"), 2);
}

#[test]
fn x509_text_dump_above_block_is_ignored() {
    let pki = pki();
    let dir = Workdir::new();
    let dumped = dir.convert("x509", &pki.leaf.cert, &["-text"]);
    assert!(
        String::from_utf8_lossy(&dumped).contains("Signature Algorithm"),
        "fixture lacks the text dump"
    );

    let sources = [
        source("leaf.pem", dumped),
        source("chain.pem", pki.intermediate.cert.clone()),
        source("server.key", pki.leaf.key.clone()),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    let payload = analysis.payload().unwrap();
    assert_canonical_pem(&payload.cert);
    assert_eq!(
        payload.cert,
        canonical_certs(&pki.leaf.cert)[0].clone() + &canonical_certs(&pki.intermediate.cert)[0]
    );
}

#[test]
fn blocks_glued_on_one_line_are_all_found() {
    let pki = pki();
    let leaf_without_newline = pki.leaf.cert.strip_suffix(b"\n").unwrap();
    let glued = concat(&[leaf_without_newline, &pki.intermediate.cert]);
    assert!(
        String::from_utf8_lossy(&glued)
            .contains("-----END CERTIFICATE----------BEGIN CERTIFICATE-----")
    );

    let analysis = analyze_one_way(&[
        source("fullchain.pem", glued),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_sendable(&analysis);
    assert_eq!(analysis.chain.len(), 2);
    assert_eq!(
        count_blocks(&analysis.payload().unwrap().cert, "CERTIFICATE"),
        2
    );
}

#[test]
fn key_glued_after_certificate_is_found() {
    let pki = pki();
    let glued = concat(&[
        pki.leaf.cert.strip_suffix(b"\n").unwrap(),
        &pki.leaf.key,
        &pki.intermediate.cert,
    ]);
    let analysis = analyze_one_way(&[source("everything.pem", glued)]);
    assert_sendable(&analysis);
    assert!(analysis.key.is_some());
}

#[test]
fn trusted_certificate_is_converted_to_plain_certificate() {
    let pki = pki();
    let dir = Workdir::new();
    let trusted = dir.convert(
        "x509",
        &pki.intermediate.cert,
        &["-trustout", "-addtrust", "serverAuth"],
    );
    assert!(String::from_utf8_lossy(&trusted).contains("BEGIN TRUSTED CERTIFICATE"));

    let sources = [
        source("leaf.pem", pki.leaf.cert.clone()),
        source("chain.pem", trusted),
        source("server.key", pki.leaf.key.clone()),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    let warning = problem_of(&analysis, ProblemKind::TrustedCertificateConverted);
    assert_eq!(warning.source.as_deref(), Some("chain.pem"));
    let payload = analysis.payload().unwrap();
    assert!(!payload.cert.contains("TRUSTED"));
    assert_eq!(
        payload.cert,
        canonical_certs(&pki.leaf.cert)[0].clone() + &canonical_certs(&pki.intermediate.cert)[0]
    );
}

#[test]
fn ec_parameters_block_is_dropped_silently() {
    let dir = Workdir::new();
    dir.openssl(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-out",
        "ec.key",
    ]);
    let key = dir.read("ec.key");
    assert!(String::from_utf8_lossy(&key).starts_with("-----BEGIN EC PARAMETERS-----"));
    dir.write("req.cnf", b"[req]\ndistinguished_name = dn\n[dn]\n");
    dir.openssl(&[
        "req",
        "-x509",
        "-config",
        "req.cnf",
        "-key",
        "ec.key",
        "-out",
        "ec.pem",
        "-days",
        "365",
        "-subj",
        "/CN=ec.example.test",
    ]);

    let analysis = analyze_one_way(&[source("ec.pem", dir.read("ec.pem")), source("ec.key", key)]);
    assert_sendable(&analysis);
    assert!(analysis.problems.is_empty(), "{}", describe(&analysis));
    let sent_key = analysis.payload().unwrap().key;
    assert!(!sent_key.contains("EC PARAMETERS"));
    assert_eq!(count_blocks(&sent_key, "EC PRIVATE KEY"), 1);
}

#[test]
fn every_bundled_certificate_is_checked() {
    let pki = pki();
    let dir = Workdir::new();
    let sources = [
        source(
            "fullchain.pem",
            concat(&[&pki.leaf.cert, &pki.intermediate.cert, &pki.root.cert]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    let roles: Vec<_> = analysis.chain.iter().map(|c| c.role).collect();
    assert_eq!(
        roles,
        [
            CertificateRole::Leaf,
            CertificateRole::Intermediate,
            CertificateRole::Root
        ]
    );
    assert!(
        analysis.chain[1]
            .subject
            .starts_with(&format!("CN={INTERMEDIATE_CN}"))
    );
    assert!(analysis.chain.iter().all(|c| c.source == "fullchain.pem"));

    // A second intermediate that has expired is reported even though it is not first.
    let old_intermediate = dir.issue(
        &KeySpec::Ec("P-256"),
        "Old Intermediate",
        &pki.root,
        Profile::Ca,
        1,
    );
    let old_leaf = dir.issue(
        &KeySpec::Ec("P-256"),
        "old-chain.example.test",
        &old_intermediate,
        Profile::Leaf,
        1,
    );
    let analysis = tls_certs::analyze(
        &[
            source(
                "bundle.pem",
                concat(&[&old_leaf.cert, &old_intermediate.cert]),
            ),
            source("k.pem", old_leaf.key),
        ],
        tls_certs::TlsType::OneWay,
        &tls_certs::Policy::default(),
        &tls_certs::Choices::default(),
        now() + 3 * DAY,
    );
    let expired_subjects: Vec<_> = analysis
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::Expired)
        .map(|p| p.message.clone())
        .collect();
    assert_eq!(expired_subjects.len(), 2, "{}", describe(&analysis));
    assert!(
        expired_subjects
            .iter()
            .any(|m| m.contains("Old Intermediate"))
    );
}

#[test]
fn wide_base64_lines_and_trailing_spaces_are_accepted() {
    let pki = pki();
    // Re-wrap the leaf at 76 columns with trailing spaces, as some mail clients do.
    let text = String::from_utf8(pki.leaf.cert.clone()).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let wrapped: Vec<String> = body
        .as_bytes()
        .chunks(76)
        .map(|c| format!("{}  ", String::from_utf8_lossy(c)))
        .collect();
    let rewrapped = format!(
        "-----BEGIN CERTIFICATE-----\n{}\n-----END CERTIFICATE-----\n",
        wrapped.join("\n")
    );

    let sources = [
        source("leaf.pem", rewrapped.into_bytes()),
        source("chain.pem", pki.intermediate.cert.clone()),
        source("server.key", pki.leaf.key.clone()),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    let cert = analysis.payload().unwrap().cert;
    assert_canonical_pem(&cert);
    assert!(cert.starts_with(&canonical_certs(&pki.leaf.cert)[0]));
}

#[test]
fn truncated_block_is_blocked() {
    let pki = pki();
    let text = String::from_utf8(pki.leaf.cert.clone()).unwrap();
    let cut = text.split("-----END").next().unwrap().to_owned();
    let analysis = analyze_one_way(&[
        source("leaf.pem", cut.into_bytes()),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_blocked_by(&analysis, ProblemKind::UnterminatedBlock);
}

#[test]
fn corrupted_base64_is_blocked() {
    let pki = pki();
    let text = String::from_utf8(pki.leaf.cert.clone())
        .unwrap()
        .replacen("MII", "M*I", 1);
    let analysis = analyze_one_way(&[
        source("leaf.pem", text.into_bytes()),
        source("server.key", pki.leaf.key.clone()),
    ]);
    assert_blocked_by(&analysis, ProblemKind::InvalidBase64);
}

#[test]
fn certificate_request_is_skipped_with_warning() {
    let pki = pki();
    let dir = Workdir::new();
    dir.write("leaf.key", &pki.leaf.key);
    dir.write("req.cnf", b"[req]\ndistinguished_name = dn\n[dn]\n");
    let csr = dir.openssl(&[
        "req", "-new", "-config", "req.cnf", "-key", "leaf.key", "-subj", "/CN=x",
    ]);
    let mut sources = standard_sources();
    sources.push(source("server.csr", csr));
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    assert_warned(&analysis, ProblemKind::IgnoredBlock);
}

#[test]
fn text_without_blocks_is_reported() {
    let analysis = analyze_one_way(&[source(
        "pasted text",
        b"hello, this is not a certificate\n".to_vec(),
    )]);
    assert_blocked_by(&analysis, ProblemKind::NoMaterial);
    assert_eq!(
        problem_of(&analysis, ProblemKind::NoMaterial)
            .source
            .as_deref(),
        Some("pasted text")
    );
}

#[test]
fn payload_is_canonical_and_leaf_first() {
    let pki = pki();
    let analysis = analyze_one_way(&standard_sources());
    assert_sendable(&analysis);
    let payload = analysis.payload().unwrap();
    assert_canonical_pem(&payload.cert);
    assert_canonical_pem(&payload.key);
    assert_eq!(payload.cacert, None);
    assert_eq!(
        payload.cert,
        canonical_certs(&pki.leaf.cert)[0].clone() + &canonical_certs(&pki.intermediate.cert)[0]
    );
    assert_eq!(
        payload.key.replace('\r', ""),
        String::from_utf8(pki.leaf.key.clone()).unwrap()
    );
    assert!(
        !format!("{payload:?}").contains("PRIVATE KEY"),
        "Debug output must not show the key"
    );
}
