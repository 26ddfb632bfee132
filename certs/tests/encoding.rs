//! Character encodings and binary formats: line endings, byte order marks, UTF-16, DER and
//! PKCS#12 archives.

mod common;

use common::*;
use tls_certs::{DropSlot, KeyFormat, ProblemKind, Source};

fn to_crlf(pem: &[u8]) -> Vec<u8> {
    String::from_utf8(pem.to_vec())
        .unwrap()
        .replace('\n', "\r\n")
        .into_bytes()
}

fn utf16(text: &[u8], little_endian: bool, bom: bool) -> Vec<u8> {
    let text = std::str::from_utf8(text).unwrap();
    let mut units: Vec<u16> = Vec::new();
    if bom {
        units.push(0xFEFF);
    }
    units.extend(text.encode_utf16());
    units
        .iter()
        .flat_map(|unit| {
            if little_endian {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            }
        })
        .collect()
}

#[test]
fn crlf_files_are_accepted_and_sent_with_lf() {
    let pki = pki();
    let sources = [
        source(
            "fullchain.pem",
            to_crlf(&concat(&[&pki.leaf.cert, &pki.intermediate.cert])),
        ),
        source("server.key", to_crlf(&pki.leaf.key)),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    let payload = analysis.payload().unwrap();
    assert!(!payload.cert.contains('\r'));
    assert!(!payload.key.contains('\r'));
    assert_eq!(
        payload.cert,
        canonical_certs(&pki.leaf.cert)[0].clone() + &canonical_certs(&pki.intermediate.cert)[0]
    );
}

#[test]
fn lone_cr_line_endings_are_accepted() {
    let pki = pki();
    let cr = |pem: &[u8]| {
        String::from_utf8(pem.to_vec())
            .unwrap()
            .replace('\n', "\r")
            .into_bytes()
    };
    let sources = [
        source(
            "fullchain.pem",
            cr(&concat(&[&pki.leaf.cert, &pki.intermediate.cert])),
        ),
        source("server.key", cr(&pki.leaf.key)),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    assert_canonical_pem(&analysis.payload().unwrap().cert);
}

#[test]
fn utf8_bom_is_removed() {
    let pki = pki();
    let with_bom = |pem: &[u8]| concat(&[&[0xEF, 0xBB, 0xBF], pem]);
    let sources = [
        source(
            "fullchain.pem",
            with_bom(&concat(&[&pki.leaf.cert, &pki.intermediate.cert])),
        ),
        source("server.key", with_bom(&pki.leaf.key)),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    let payload = analysis.payload().unwrap();
    assert!(payload.cert.starts_with("-----BEGIN CERTIFICATE-----"));
    assert!(payload.key.starts_with("-----BEGIN PRIVATE KEY-----"));
}

#[test]
fn utf16_variants_are_decoded() {
    let pki = pki();
    for little_endian in [true, false] {
        for bom in [true, false] {
            let sources = [
                source(
                    "fullchain.pem",
                    utf16(
                        &concat(&[&pki.leaf.cert, &pki.intermediate.cert]),
                        little_endian,
                        bom,
                    ),
                ),
                source("server.key", utf16(&pki.leaf.key, little_endian, bom)),
            ];
            let analysis = analyze_one_way(&sources);
            let case = format!("little_endian={little_endian} bom={bom}");
            assert!(analysis.can_send(), "{case}:\n{}", describe(&analysis));
            assert_warned(&analysis, ProblemKind::Utf16Decoded);
            let payload = analysis.payload().unwrap();
            assert!(!payload.cert.contains('\0'), "{case}");
            assert!(!payload.key.contains('\0'), "{case}");
            assert_eq!(count_blocks(&payload.cert, "CERTIFICATE"), 2, "{case}");
        }
    }
}

#[test]
fn utf16_with_crlf_is_decoded() {
    let pki = pki();
    let sources = [
        source("fullchain.pem", utf16(&to_crlf(&pki.leaf.cert), true, true)),
        source("server.key", utf16(&to_crlf(&pki.leaf.key), true, true)),
    ];
    let analysis = analyze_one_way(&sources);
    assert!(analysis.chain.len() == 1, "{}", describe(&analysis));
    assert!(analysis.key.is_some());
    assert!(
        !analysis
            .payload()
            .map(|p| p.cert)
            .unwrap_or_default()
            .contains('\r')
    );
}

#[test]
fn broken_utf16_asks_to_save_as_ascii() {
    // A BOM followed by an unpaired high surrogate.
    let bytes = vec![0xFF, 0xFE, b'-', 0, b'-', 0, 0x00, 0xD8, b'A', 0];
    let analysis = analyze_one_way(&[source("cert.pem", bytes)]);
    assert_blocked_by(&analysis, ProblemKind::InvalidUtf16);
    let problem = problem_of(&analysis, ProblemKind::InvalidUtf16);
    assert!(problem.fix.as_deref().unwrap().contains("ASCII or UTF-8"));
    assert_eq!(problem.source.as_deref(), Some("cert.pem"));
}

#[test]
fn der_certificate_named_pem_is_converted() {
    let pki = pki();
    let dir = Workdir::new();
    let leaf_der = dir.convert("x509", &pki.leaf.cert, &["-outform", "DER"]);
    let sources = [
        source("leaf.pem", leaf_der),
        source(
            "chain.crt",
            dir.convert("x509", &pki.intermediate.cert, &["-outform", "DER"]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ];
    let analysis = analyze_one_way(&sources);
    assert_sendable(&analysis);
    assert_warned(&analysis, ProblemKind::DerConverted);
    let converted: Vec<_> = analysis
        .problems
        .iter()
        .filter(|p| p.kind == ProblemKind::DerConverted)
        .filter_map(|p| p.source.clone())
        .collect();
    assert_eq!(converted, ["leaf.pem", "chain.crt"]);
    let expected =
        canonical_certs(&pki.leaf.cert)[0].clone() + &canonical_certs(&pki.intermediate.cert)[0];
    assert_eq!(analysis.payload().unwrap().cert, expected);
}

#[test]
fn der_keys_are_converted() {
    let pki = pki();
    let dir = Workdir::new();
    let ec = dir.self_signed_leaf(&KeySpec::Ec("P-256"), "ec.example.test", 365);
    // OpenSSL 3.0 writes the traditional form for `pkey -outform DER`, so PKCS#8 DER
    // comes from `pkcs8 -topk8`.
    let cases = [
        (
            pki.leaf.clone(),
            dir.convert(
                "pkcs8",
                &pki.leaf.key,
                &["-topk8", "-nocrypt", "-outform", "DER"],
            ),
            KeyFormat::Pkcs8,
        ),
        (
            pki.leaf.clone(),
            dir.convert("rsa", &pki.leaf.key, &["-outform", "DER", "-traditional"]),
            KeyFormat::Pkcs1,
        ),
        (
            ec.clone(),
            dir.convert("ec", &ec.key, &["-outform", "DER"]),
            KeyFormat::Sec1,
        ),
    ];
    for (issued, key_der, format) in cases {
        let mut sources = vec![
            source("server.crt", issued.cert.clone()),
            source("server.key.pem", key_der),
        ];
        if format != KeyFormat::Sec1 {
            sources.push(source("chain.pem", pki.intermediate.cert.clone()));
        }
        let analysis = analyze_one_way(&sources);
        assert!(analysis.can_send(), "{format:?}:\n{}", describe(&analysis));
        assert_warned(&analysis, ProblemKind::DerConverted);
        assert_eq!(analysis.key.as_ref().unwrap().format, format);
        assert_eq!(analysis.key.as_ref().unwrap().matches_leaf, Some(true));
        let key = analysis.payload().unwrap().key;
        assert_canonical_pem(&key);
        assert!(
            key.starts_with(&format!("-----BEGIN {}-----\n", format.pem_label())),
            "{format:?}"
        );
    }
}

#[test]
fn pkcs12_archive_is_blocked_with_extraction_commands() {
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
    for name in ["bundle.p12", "server.pfx", "server.pem"] {
        let analysis = analyze_one_way(&[Source::new(
            name,
            dir.read("bundle.p12"),
            DropSlot::CertificateChain,
        )]);
        assert_blocked_by(&analysis, ProblemKind::Pkcs12Archive);
        let fix = problem_of(&analysis, ProblemKind::Pkcs12Archive)
            .fix
            .clone()
            .unwrap();
        assert!(
            fix.contains(&format!("openssl pkcs12 -in {name} -clcerts -nokeys")),
            "{fix}"
        );
        assert!(
            fix.contains(&format!("openssl pkcs12 -in {name} -nocerts -nodes")),
            "{fix}"
        );
        assert!(
            fix.contains(&format!("openssl pkcs12 -in {name} -cacerts -nokeys")),
            "{fix}"
        );
        // The archive's own message explains the missing parts; no second message repeats it.
        assert!(!analysis.has_problem(ProblemKind::MissingKey));
        assert!(!analysis.has_problem(ProblemKind::MissingCertificate));
        assert!(!analysis.has_problem(ProblemKind::UnparsableBlock));
    }
}

#[test]
fn pkcs12_commands_use_placeholder_for_unusual_names() {
    let pki = pki();
    let dir = Workdir::new();
    dir.write("leaf.pem", &pki.leaf.cert);
    dir.write("leaf.key", &pki.leaf.key);
    dir.openssl(&[
        "pkcs12",
        "-export",
        "-in",
        "leaf.pem",
        "-inkey",
        "leaf.key",
        "-passout",
        "pass:test",
        "-out",
        "b.p12",
    ]);
    let analysis = analyze_one_way(&[source("my server; rm.pfx", dir.read("b.p12"))]);
    let fix = problem_of(&analysis, ProblemKind::Pkcs12Archive)
        .fix
        .clone()
        .unwrap();
    assert!(
        fix.contains("openssl pkcs12 -in bundle.pfx -clcerts -nokeys"),
        "{fix}"
    );
    assert!(!fix.contains("rm.pfx"));
}

#[test]
fn random_binary_is_reported_as_no_material() {
    let analysis = analyze_one_way(&[source("photo.jpg", vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])]);
    assert_blocked_by(&analysis, ProblemKind::NoMaterial);
}

#[test]
fn binary_that_starts_like_der_is_reported_unparsable() {
    let analysis = analyze_one_way(&[source("cert.der", vec![0x30, 0x03, 0x02, 0x01, 0x05])]);
    assert_blocked_by(&analysis, ProblemKind::UnparsableBlock);
}
