//! Private keys: formats, labels, encryption, algorithms and matching the certificate.

mod common;

use common::*;
use tls_certs::{Curve, KeyAlgorithm, KeyFormat, ProblemKind};

fn relabel(pem: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(pem.to_vec()).unwrap();
    assert!(
        text.contains(&format!("BEGIN {from}-----")),
        "fixture lacks {from}"
    );
    text.replace(&format!("BEGIN {from}-----"), &format!("BEGIN {to}-----"))
        .replace(&format!("END {from}-----"), &format!("END {to}-----"))
        .into_bytes()
}

fn leaf_sources_with_key(key: Vec<u8>) -> Vec<tls_certs::Source> {
    let pki = pki();
    vec![
        source(
            "fullchain.pem",
            concat(&[&pki.leaf.cert, &pki.intermediate.cert]),
        ),
        source("server.key", key),
    ]
}

#[test]
fn pkcs8_key_algorithm_read_from_content() {
    let pki = pki();
    assert!(String::from_utf8_lossy(&pki.leaf.key).starts_with("-----BEGIN PRIVATE KEY-----"));
    let analysis = analyze_one_way(&leaf_sources_with_key(pki.leaf.key.clone()));
    assert_sendable(&analysis);
    let key = analysis.key.as_ref().unwrap();
    assert_eq!(key.format, KeyFormat::Pkcs8);
    assert_eq!(key.algorithm, KeyAlgorithm::Rsa { bits: 2048 });
    assert_eq!(key.matches_leaf, Some(true));
}

#[test]
fn pkcs1_and_sec1_keys_are_accepted() {
    let pki = pki();
    let dir = Workdir::new();
    let pkcs1 = dir.convert("rsa", &pki.leaf.key, &["-traditional"]);
    let analysis = analyze_one_way(&leaf_sources_with_key(pkcs1));
    assert_sendable(&analysis);
    assert_eq!(analysis.key.as_ref().unwrap().format, KeyFormat::Pkcs1);
    assert!(
        analysis
            .payload()
            .unwrap()
            .key
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );

    let ec = dir.self_signed_leaf(&KeySpec::Ec("P-384"), "ec384.example.test", 365);
    let sec1 = dir.convert("ec", &ec.key, &[]);
    let analysis = analyze_one_way(&[source("ec.pem", ec.cert.clone()), source("ec.key", sec1)]);
    assert_sendable(&analysis);
    let key = analysis.key.as_ref().unwrap();
    assert_eq!(key.format, KeyFormat::Sec1);
    assert_eq!(key.algorithm, KeyAlgorithm::Ecdsa(Curve::P384));
}

#[test]
fn mislabelled_pkcs1_key_names_mismatch() {
    let pki = pki();
    let dir = Workdir::new();
    let pkcs1 = dir.convert("rsa", &pki.leaf.key, &["-traditional"]);
    let mislabelled = relabel(&pkcs1, "RSA PRIVATE KEY", "PRIVATE KEY");
    let analysis = analyze_one_way(&leaf_sources_with_key(mislabelled));

    let problem = problem_of(&analysis, ProblemKind::LabelMismatch);
    assert!(
        problem.message.contains("labelled PRIVATE KEY"),
        "{}",
        problem.message
    );
    assert!(problem.message.contains("PKCS#1"), "{}", problem.message);
    assert!(
        problem.message.contains("RSA PRIVATE KEY"),
        "{}",
        problem.message
    );
    let fix = problem.fix.as_deref().unwrap();
    assert!(
        fix.contains("openssl pkey -in server.key -out key-fixed.pem"),
        "{fix}"
    );
    let advice = format!("{} {fix}", problem.message).to_lowercase();
    assert!(
        !advice.contains("edit"),
        "never advise editing the header: {advice}"
    );
    assert!(
        !advice.contains("rename"),
        "never advise editing the header: {advice}"
    );

    // The content decides, so the key is still used, and sent under its correct label.
    assert_eq!(analysis.key.as_ref().unwrap().format, KeyFormat::Pkcs1);
    assert_sendable(&analysis);
    assert!(
        analysis
            .payload()
            .unwrap()
            .key
            .starts_with("-----BEGIN RSA PRIVATE KEY-----\n")
    );
}

#[test]
fn other_label_mismatches_are_reported() {
    let pki = pki();
    let dir = Workdir::new();
    let ec = dir.self_signed_leaf(&KeySpec::Ec("P-256"), "ec.example.test", 365);
    let sec1 = dir.convert("ec", &ec.key, &[]);
    let cases = [
        (
            relabel(&pki.leaf.key, "PRIVATE KEY", "RSA PRIVATE KEY"),
            "PKCS#8",
            pki.leaf.clone(),
        ),
        (
            relabel(&sec1, "EC PRIVATE KEY", "PRIVATE KEY"),
            "SEC1",
            ec.clone(),
        ),
        (
            relabel(&ec.key, "PRIVATE KEY", "EC PRIVATE KEY"),
            "PKCS#8",
            ec.clone(),
        ),
    ];
    for (key, described, issued) in cases {
        let analysis = analyze_one_way(&[
            source("cert.pem", issued.cert.clone()),
            source("key.pem", key),
        ]);
        let problem = problem_of(&analysis, ProblemKind::LabelMismatch);
        assert!(problem.message.contains(described), "{}", problem.message);
        assert!(!problem.is_blocking());
    }

    let cert_as_key = relabel(&ec.cert, "CERTIFICATE", "PRIVATE KEY");
    let analysis = analyze_one_way(&[
        source("cert.pem", cert_as_key),
        source("key.pem", ec.key.clone()),
    ]);
    let problem = problem_of(&analysis, ProblemKind::LabelMismatch);
    assert!(
        problem.message.contains("contains a certificate"),
        "{}",
        problem.message
    );
    assert_sendable(&analysis);
}

#[test]
fn encrypted_pkcs8_key_is_blocked_with_pkey_command() {
    let pki = pki();
    let dir = Workdir::new();
    let encrypted = dir.convert(
        "pkey",
        &pki.leaf.key,
        &["-aes256", "-passout", "pass:secret"],
    );
    assert!(String::from_utf8_lossy(&encrypted).contains("BEGIN ENCRYPTED PRIVATE KEY"));

    let analysis = analyze_one_way(&leaf_sources_with_key(encrypted));
    assert_blocked_by(&analysis, ProblemKind::EncryptedKey);
    let fix = problem_of(&analysis, ProblemKind::EncryptedKey)
        .fix
        .clone()
        .unwrap();
    assert!(
        fix.contains("openssl pkey -in server.key -out key-plain.pem"),
        "{fix}"
    );
    assert!(
        !analysis.has_problem(ProblemKind::MissingKey),
        "{}",
        describe(&analysis)
    );
}

#[test]
fn legacy_encrypted_rsa_and_ec_keys_are_blocked() {
    let pki = pki();
    let dir = Workdir::new();
    let ec = dir.self_signed_leaf(&KeySpec::Ec("P-256"), "ec.example.test", 365);
    let legacy_rsa = dir.convert(
        "rsa",
        &pki.leaf.key,
        &["-traditional", "-aes256", "-passout", "pass:secret"],
    );
    let legacy_ec = dir.convert("ec", &ec.key, &["-aes256", "-passout", "pass:secret"]);
    for (key, cert) in [(legacy_rsa, &pki.leaf.cert), (legacy_ec, &ec.cert)] {
        assert!(String::from_utf8_lossy(&key).contains("Proc-Type: 4,ENCRYPTED"));
        let analysis = analyze_one_way(&[source("cert.pem", cert.clone()), source("key.pem", key)]);
        assert_blocked_by(&analysis, ProblemKind::EncryptedKey);
        let fix = problem_of(&analysis, ProblemKind::EncryptedKey)
            .fix
            .clone()
            .unwrap();
        assert!(
            fix.contains("openssl pkey -in key.pem -out key-plain.pem"),
            "{fix}"
        );
    }
}

#[test]
fn encrypted_der_key_is_blocked() {
    let pki = pki();
    let dir = Workdir::new();
    let encrypted = dir.convert(
        "pkcs8",
        &pki.leaf.key,
        &[
            "-topk8",
            "-v2",
            "aes256",
            "-passout",
            "pass:secret",
            "-outform",
            "DER",
        ],
    );
    let analysis = analyze_one_way(&leaf_sources_with_key(encrypted));
    assert_blocked_by(&analysis, ProblemKind::EncryptedKey);
}

#[test]
fn unsupported_algorithms_are_blocked_with_names() {
    let pki = pki();
    let dir = Workdir::new();
    let ed25519 = dir.self_signed_leaf(&KeySpec::Ed25519, "ed.example.test", 365);
    let p521 = dir.self_signed_leaf(&KeySpec::Ec("P-521"), "p521.example.test", 365);
    let rsa4096 = dir.issue(
        &KeySpec::Rsa(4096),
        "big.example.test",
        &pki.intermediate,
        Profile::Leaf,
        365,
    );

    for (issued, found) in [
        (ed25519, "Ed25519"),
        (p521, "ECDSA P-521"),
        (rsa4096, "RSA 4096"),
    ] {
        let analysis = analyze_one_way(&[
            source("cert.pem", concat(&[&issued.cert, &pki.intermediate.cert])),
            source("key.pem", issued.key.clone()),
        ]);
        assert_blocked_by(&analysis, ProblemKind::UnsupportedKeyAlgorithm);
        let messages: Vec<_> = analysis
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::UnsupportedKeyAlgorithm)
            .map(|p| p.message.clone())
            .collect();
        // One for the certificate and one for the key, each naming what was found and what is supported.
        assert_eq!(messages.len(), 2, "{}", describe(&analysis));
        for message in messages {
            assert!(message.contains(&format!("uses {found}")), "{message}");
            assert!(
                message.contains("RSA 1024, RSA 2048, ECDSA P-256 and ECDSA P-384"),
                "{message}"
            );
        }
    }
}

#[test]
fn rsa_1024_and_ecdsa_p256_are_accepted() {
    let pki = pki();
    let dir = Workdir::new();
    let rsa1024 = dir.issue(
        &KeySpec::Rsa(1024),
        "small.example.test",
        &pki.intermediate,
        Profile::Leaf,
        365,
    );
    let analysis = analyze_one_way(&[
        source("cert.pem", concat(&[&rsa1024.cert, &pki.intermediate.cert])),
        source("key.pem", rsa1024.key.clone()),
    ]);
    assert_sendable(&analysis);
    assert_eq!(
        analysis.chain[0].key_algorithm,
        KeyAlgorithm::Rsa { bits: 1024 }
    );

    let ec_root = dir.self_signed_ca(&KeySpec::Ec("P-384"), "EC Test Root");
    let ec_leaf = dir.issue(
        &KeySpec::Ec("P-256"),
        "ec.example.test",
        &ec_root,
        Profile::Leaf,
        365,
    );
    let analysis = analyze_one_way(&[
        source("cert.pem", ec_leaf.cert.clone()),
        source("key.pem", ec_leaf.key.clone()),
    ]);
    assert_sendable(&analysis);
    assert_eq!(
        analysis.chain[0].key_algorithm,
        KeyAlgorithm::Ecdsa(Curve::P256)
    );
    assert_eq!(
        analysis.key.as_ref().unwrap().algorithm,
        KeyAlgorithm::Ecdsa(Curve::P256)
    );
}

#[test]
fn leaf_algorithm_must_match_issuer_algorithm() {
    let pki = pki();
    let dir = Workdir::new();
    let ec_leaf = dir.issue(
        &KeySpec::Ec("P-256"),
        "ec-under-rsa.example.test",
        &pki.intermediate,
        Profile::Leaf,
        365,
    );

    let with_issuer = analyze_one_way(&[
        source("cert.pem", concat(&[&ec_leaf.cert, &pki.intermediate.cert])),
        source("key.pem", ec_leaf.key.clone()),
    ]);
    assert_blocked_by(&with_issuer, ProblemKind::IssuerAlgorithmMismatch);
    let message = &problem_of(&with_issuer, ProblemKind::IssuerAlgorithmMismatch).message;
    assert!(message.contains("ECDSA P-256"), "{message}");
    assert!(message.contains("RSA 2048"), "{message}");

    // Without the issuer in the set, the leaf's signature algorithm names the issuer's key type.
    let without_issuer = analyze_one_way(&[
        source("cert.pem", ec_leaf.cert.clone()),
        source("key.pem", ec_leaf.key.clone()),
    ]);
    assert_blocked_by(&without_issuer, ProblemKind::IssuerAlgorithmMismatch);

    let relaxed = tls_certs::Policy {
        require_issuer_algorithm_match: false,
        ..tls_certs::Policy::default()
    };
    let analysis = tls_certs::analyze(
        &[
            source("cert.pem", concat(&[&ec_leaf.cert, &pki.intermediate.cert])),
            source("key.pem", ec_leaf.key),
        ],
        tls_certs::TlsType::OneWay,
        &relaxed,
        &tls_certs::Choices::default(),
        now(),
    );
    assert_sendable(&analysis);
}

#[test]
fn key_of_another_certificate_is_blocked() {
    let dir = Workdir::new();
    let other_rsa = dir.generate_key(&KeySpec::Rsa(2048), "other.key");
    let analysis = analyze_one_way(&leaf_sources_with_key(other_rsa));
    assert_blocked_by(&analysis, ProblemKind::KeyMismatch);
    let message = &problem_of(&analysis, ProblemKind::KeyMismatch).message;
    assert!(
        message.contains("belongs to another certificate"),
        "{message}"
    );
    assert!(message.contains(LEAF_CN), "{message}");
    assert_eq!(analysis.key.as_ref().unwrap().matches_leaf, Some(false));
    // The leaf is still found by the chain, so the preview shows what the key was compared with.
    assert_eq!(
        analysis.chain[0].subject.split(", ").next(),
        Some(format!("CN={LEAF_CN}").as_str())
    );

    let ec = dir.self_signed_leaf(&KeySpec::Ec("P-256"), "ec.example.test", 365);
    let other_ec = dir.generate_key(&KeySpec::Ec("P-256"), "other-ec.key");
    let analysis = analyze_one_way(&[source("ec.pem", ec.cert), source("other-ec.key", other_ec)]);
    assert_blocked_by(&analysis, ProblemKind::KeyMismatch);
}

#[test]
fn intermediate_key_keeps_leaf_first() {
    let pki = pki();
    let sources = [
        source("leaf.crt", pki.leaf.cert.clone()),
        source("intermediate.crt", pki.intermediate.cert.clone()),
        source("intermediate.key", pki.intermediate.key.clone()),
    ];
    let analysis = analyze_one_way(&sources);
    assert_blocked_by(&analysis, ProblemKind::KeyMismatch);
    assert_eq!(
        analysis.chain[0].subject.split(", ").next(),
        Some(format!("CN={LEAF_CN}").as_str()),
        "the server certificate stays the leaf"
    );
    let message = &problem_of(&analysis, ProblemKind::KeyMismatch).message;
    assert!(
        message.contains("the key of the CA certificate"),
        "{message}"
    );
    assert!(message.contains(INTERMEDIATE_CN), "{message}");
    assert_eq!(analysis.key.as_ref().unwrap().matches_leaf, Some(false));
}

#[test]
fn ec_key_without_point_is_derived() {
    let dir = Workdir::new();
    for curve in ["P-256", "P-384"] {
        let ec = dir.self_signed_leaf(&KeySpec::Ec(curve), "ec.example.test", 365);
        let sec1_no_public = dir.convert("ec", &ec.key, &["-no_public"]);
        let pkcs8_no_public = dir.convert("pkey", &sec1_no_public, &[]);
        let other = dir.generate_key(&KeySpec::Ec(curve), "other.key");
        let other_no_public = dir.convert("ec", &other, &["-no_public"]);

        for key in [sec1_no_public, pkcs8_no_public] {
            let analysis =
                analyze_one_way(&[source("ec.pem", ec.cert.clone()), source("ec.key", key)]);
            assert!(analysis.can_send(), "{curve}:\n{}", describe(&analysis));
            assert_eq!(analysis.key.as_ref().unwrap().matches_leaf, Some(true));
        }
        let analysis = analyze_one_way(&[
            source("ec.pem", ec.cert.clone()),
            source("other.key", other_no_public),
        ]);
        assert_blocked_by(&analysis, ProblemKind::KeyMismatch);
    }
}

#[test]
fn compressed_ec_point_matches_uncompressed_key() {
    let dir = Workdir::new();
    for curve in ["P-256", "P-384"] {
        let key = dir.generate_key(&KeySpec::Ec(curve), "plain.key");
        let compressed_key = dir.convert("ec", &key, &["-conv_form", "compressed"]);
        dir.write("compressed.key", &compressed_key);
        dir.write("req.cnf", b"[req]\ndistinguished_name = dn\n[dn]\n");
        let cert = dir.openssl(&[
            "req",
            "-x509",
            "-config",
            "req.cnf",
            "-key",
            "compressed.key",
            "-days",
            "365",
            "-subj",
            "/CN=compressed.example.test",
        ]);
        let analysis =
            analyze_one_way(&[source("cert.pem", cert.clone()), source("plain.key", key)]);
        assert!(analysis.can_send(), "{curve}:\n{}", describe(&analysis));
        assert_eq!(analysis.key.as_ref().unwrap().matches_leaf, Some(true));

        let other = dir.generate_key(&KeySpec::Ec(curve), "other.key");
        let analysis = analyze_one_way(&[source("cert.pem", cert), source("other.key", other)]);
        assert_blocked_by(&analysis, ProblemKind::KeyMismatch);
    }
}
