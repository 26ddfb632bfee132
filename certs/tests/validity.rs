//! The validity window and the preview, compared with what openssl reports for the same
//! certificates.

mod common;

use std::process::Command;

use common::*;
use tls_certs::{Choices, KeyAlgorithm, Policy, ProblemKind, Severity, TlsType, analyze};

/// Returns notBefore and notAfter as openssl prints them in ISO 8601, without the `Z`.
fn openssl_dates(cert: &[u8]) -> (String, String) {
    let dir = Workdir::new();
    dir.write("c.pem", cert);
    let output = String::from_utf8(dir.openssl(&[
        "x509", "-in", "c.pem", "-noout", "-dates", "-dateopt", "iso_8601",
    ]))
    .unwrap();
    let field = |name: &str| {
        output
            .lines()
            .find_map(|line| line.strip_prefix(&format!("{name}=")))
            .unwrap()
            .trim_end_matches('Z')
            .to_owned()
    };
    (field("notBefore"), field("notAfter"))
}

/// Converts `YYYY-MM-DD HH:MM:SS` in UTC to Unix seconds with date(1).
fn unix_seconds(utc: &str) -> i64 {
    let output = Command::new("date")
        .args(["-u", "-d", utc, "+%s"])
        .output()
        .expect("run date");
    assert!(output.status.success());
    String::from_utf8(output.stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

fn analyze_at(
    sources: &[tls_certs::Source],
    policy: &Policy,
    now_unix: i64,
) -> tls_certs::Analysis {
    analyze(
        sources,
        TlsType::OneWay,
        policy,
        &Choices::default(),
        now_unix,
    )
}

#[test]
fn expiring_certificate_is_blocked() {
    let pki = pki();
    let (_, not_after) = openssl_dates(&pki.leaf.cert);
    let expiry = unix_seconds(&not_after);

    let analysis = analyze_at(&standard_sources(), &Policy::default(), expiry - 30 * DAY);
    assert_blocked_by(&analysis, ProblemKind::ExpiresSoon);
    let message = &problem_of(&analysis, ProblemKind::ExpiresSoon).message;
    assert!(message.contains(&format!("{not_after} UTC")), "{message}");
    assert!(message.contains("in 30 days"), "{message}");
    assert!(message.contains("within 60 days"), "{message}");
}

#[test]
fn expiry_window_edges_follow_the_margin() {
    let pki = pki();
    let (_, not_after) = openssl_dates(&pki.leaf.cert);
    let expiry = unix_seconds(&not_after);

    let just_outside = analyze_at(
        &standard_sources(),
        &Policy::default(),
        expiry - 60 * DAY - 1,
    );
    assert_sendable(&just_outside);
    let just_inside = analyze_at(
        &standard_sources(),
        &Policy::default(),
        expiry - 60 * DAY + 1,
    );
    assert_blocked_by(&just_inside, ProblemKind::ExpiresSoon);
    let at_the_edge = analyze_at(&standard_sources(), &Policy::default(), expiry - 60 * DAY);
    assert_blocked_by(&at_the_edge, ProblemKind::ExpiresSoon);

    let thirty_day_policy = Policy {
        expiry_margin_days: 30,
        ..Policy::default()
    };
    let analysis = analyze_at(&standard_sources(), &thirty_day_policy, expiry - 45 * DAY);
    assert_sendable(&analysis);
    let analysis = analyze_at(&standard_sources(), &thirty_day_policy, expiry - 29 * DAY);
    assert!(
        problem_of(&analysis, ProblemKind::ExpiresSoon)
            .message
            .contains("within 30 days")
    );
}

#[test]
fn short_lived_certificate_is_blocked_at_current_time() {
    let pki = pki();
    let dir = Workdir::new();
    let short = dir.issue(
        &KeySpec::Rsa(2048),
        "short.example.test",
        &pki.intermediate,
        Profile::Leaf,
        30,
    );
    let analysis = analyze_one_way(&[
        source("short.pem", concat(&[&short.cert, &pki.intermediate.cert])),
        source("short.key", short.key),
    ]);
    assert_blocked_by(&analysis, ProblemKind::ExpiresSoon);
}

#[test]
fn expired_certificate_is_blocked_with_date() {
    let pki = pki();
    let (_, not_after) = openssl_dates(&pki.leaf.cert);
    let expiry = unix_seconds(&not_after);
    let analysis = analyze_at(&standard_sources(), &Policy::default(), expiry + 10 * DAY);
    assert_blocked_by(&analysis, ProblemKind::Expired);
    let message = &problem_of(&analysis, ProblemKind::Expired).message;
    assert!(
        message.contains(&format!("expired on {not_after} UTC, 10 days ago")),
        "{message}"
    );
    assert!(!analysis.has_problem(ProblemKind::ExpiresSoon));
    assert_eq!(analysis.chain[0].days_left, -10);
}

#[test]
fn certificate_before_its_validity_is_blocked() {
    let pki = pki();
    let (not_before, _) = openssl_dates(&pki.leaf.cert);
    let start = unix_seconds(&not_before);
    let analysis = analyze_at(&standard_sources(), &Policy::default(), start - DAY);
    assert_blocked_by(&analysis, ProblemKind::NotYetValid);
    let problem = analysis
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::NotYetValid && p.message.contains(LEAF_CN))
        .expect("leaf not-yet-valid problem");
    assert_eq!(problem.severity, Severity::Blocking);
    assert!(
        problem.message.contains(&format!("{not_before} UTC")),
        "{}",
        problem.message
    );
}

/// Returns a bundle of a 400-day leaf and its intermediate "Short
/// Intermediate", valid for `intermediate_days`, with the leaf's key.
fn leaf_below_short_intermediate(intermediate_days: u32) -> Vec<tls_certs::Source> {
    let dir = Workdir::new();
    let short_intermediate = dir.issue(
        &KeySpec::Rsa(2048),
        "Short Intermediate",
        &pki().root,
        Profile::Ca,
        intermediate_days,
    );
    let leaf = dir.issue(
        &KeySpec::Rsa(2048),
        "long.example.test",
        &short_intermediate,
        Profile::Leaf,
        400,
    );
    vec![
        source(
            "bundle.pem",
            concat(&[&leaf.cert, &short_intermediate.cert]),
        ),
        source("k.pem", leaf.key),
    ]
}

#[test]
fn expired_intermediate_only_warns() {
    let analysis = analyze_at(
        &leaf_below_short_intermediate(1),
        &Policy::default(),
        now() + 5 * DAY,
    );
    assert_sendable(&analysis);
    assert_warned(&analysis, ProblemKind::Expired);
}

#[test]
fn expiring_intermediate_warns_in_words() {
    let analysis = analyze_at(
        &leaf_below_short_intermediate(20),
        &Policy::default(),
        now(),
    );
    assert_sendable(&analysis);
    assert_warned(&analysis, ProblemKind::ExpiresSoon);
    let message = &problem_of(&analysis, ProblemKind::ExpiresSoon).message;
    assert!(message.contains("CN=Short Intermediate"), "{message}");
    assert!(
        message.contains("clients cannot verify the chain"),
        "{message}"
    );
}

#[test]
fn preview_matches_openssl() {
    let pki = pki();
    let (not_before, not_after) = openssl_dates(&pki.leaf.cert);
    let now_unix = unix_seconds(&not_after) - 100 * DAY - 5;
    let analysis = analyze_at(&standard_sources(), &Policy::default(), now_unix);
    assert_sendable(&analysis);
    let leaf = &analysis.chain[0];

    assert!(
        leaf.subject.starts_with(&format!("CN={LEAF_CN}")),
        "{}",
        leaf.subject
    );
    assert!(leaf.subject.contains("O=Example Test"), "{}", leaf.subject);
    assert!(
        leaf.issuer.starts_with(&format!("CN={INTERMEDIATE_CN}")),
        "{}",
        leaf.issuer
    );
    assert_eq!(leaf.dns_names, ["mqtt.example.test", "*.mqtt.example.test"]);
    assert_eq!(leaf.ip_addresses, ["127.0.0.1", "::1"]);
    assert_eq!(leaf.not_before, not_before);
    assert_eq!(leaf.not_after, not_after);
    assert_eq!(leaf.days_left, 100);
    assert_eq!(leaf.key_algorithm.to_string(), "RSA 2048");
    assert!(!leaf.is_ca);
    assert!(analysis.chain[1].is_ca);

    let dir = Workdir::new();
    dir.write("leaf.pem", &pki.leaf.cert);
    let fingerprint = String::from_utf8(dir.openssl(&[
        "x509",
        "-in",
        "leaf.pem",
        "-noout",
        "-fingerprint",
        "-sha256",
    ]))
    .unwrap();
    let fingerprint = fingerprint.trim().split('=').nth(1).unwrap();
    assert_eq!(leaf.sha256_fingerprint, fingerprint);

    let key = analysis.key.as_ref().unwrap();
    assert_eq!(key.algorithm.to_string(), "RSA 2048");
    assert_eq!(key.matches_leaf, Some(true));
}

#[test]
fn serialized_analysis_carries_no_key_material() {
    let pki = pki();
    let analysis = analyze_one_way(&standard_sources());
    let json = serde_json::to_string(&analysis).unwrap();
    assert!(json.contains("\"key_algorithm\":\"RSA 2048\""), "{json}");
    let key_text = String::from_utf8(pki.leaf.key.clone()).unwrap();
    let key_line = key_text.lines().nth(3).unwrap();
    assert!(
        !json.contains(key_line),
        "the serialized analysis holds key material"
    );
    assert!(!json.contains("PRIVATE KEY-----"));
    assert!(
        !format!("{analysis:?}").contains(key_line),
        "Debug output holds key material"
    );
}

#[test]
fn policy_overrides_are_read_from_json() {
    let policy: Policy = serde_json::from_str(r#"{"expiry_margin_days": 30}"#).unwrap();
    assert_eq!(policy.expiry_margin_days, 30);
    assert_eq!(
        policy.allowed_key_algorithms,
        Policy::default().allowed_key_algorithms
    );

    let policy: Policy = serde_json::from_str(
        r#"{"allowed_key_algorithms": ["RSA 2048", "RSA 4096", "ECDSA P-256"]}"#,
    )
    .unwrap();
    assert!(
        policy
            .allowed_key_algorithms
            .contains(&KeyAlgorithm::Rsa { bits: 4096 })
    );
    assert_eq!(policy.expiry_margin_days, 60);

    let invalid = serde_json::from_str::<Policy>(r#"{"allowed_key_algorithms": ["RSA"]}"#);
    assert!(
        invalid
            .unwrap_err()
            .to_string()
            .contains("unknown key algorithm name")
    );

    let pki = pki();
    let dir = Workdir::new();
    let big = dir.issue(
        &KeySpec::Rsa(4096),
        "big.example.test",
        &pki.intermediate,
        Profile::Leaf,
        365,
    );
    let analysis = analyze_at(
        &[
            source("big.pem", concat(&[&big.cert, &pki.intermediate.cert])),
            source("big.key", big.key),
        ],
        &policy,
        now(),
    );
    assert_sendable(&analysis);
}
