//! Certificate material made with openssl has the shape the scenario needs.
//!
//! Assertions compare key material in memory and never print it.

use std::path::Path;

use e2e::material::{LEAF_DNS_NAME, LEAF_VALIDITY_DAYS, Material, openssl};

fn arg(path: &Path) -> &str {
    path.to_str().unwrap()
}

fn public_key_of_certificate(dir: &Path, certificate: &Path) -> String {
    openssl(dir, &["x509", "-noout", "-pubkey", "-in", arg(certificate)]).unwrap()
}

fn public_key_of_key(dir: &Path, key: &Path) -> String {
    openssl(dir, &["pkey", "-pubout", "-in", arg(key)]).unwrap()
}

#[test]
fn chain_verifies_through_intermediate() {
    let dir = tempfile::tempdir().unwrap();
    let material = Material::generate(dir.path()).unwrap();

    let verdict = openssl(
        dir.path(),
        &[
            "verify",
            "-CAfile",
            arg(&material.root),
            "-untrusted",
            arg(&material.intermediate),
            arg(&material.leaf),
        ],
    )
    .unwrap();
    assert!(
        verdict.trim_end().ends_with(": OK"),
        "openssl verify: {verdict}"
    );

    let constraints = openssl(
        dir.path(),
        &[
            "x509",
            "-noout",
            "-ext",
            "basicConstraints",
            "-in",
            arg(&material.intermediate),
        ],
    )
    .unwrap();
    assert!(constraints.contains("critical"), "{constraints}");
    assert!(constraints.contains("CA:TRUE"), "{constraints}");

    let client_ca = openssl(
        dir.path(),
        &[
            "x509",
            "-noout",
            "-ext",
            "basicConstraints",
            "-in",
            arg(&material.client_ca),
        ],
    )
    .unwrap();
    assert!(client_ca.contains("CA:TRUE"), "{client_ca}");
}

#[test]
fn chain_file_holds_leaf_then_intermediate() {
    let dir = tempfile::tempdir().unwrap();
    let material = Material::generate(dir.path()).unwrap();

    let chain = std::fs::read_to_string(&material.chain).unwrap();
    assert_eq!(chain.matches("-----BEGIN CERTIFICATE-----").count(), 2);

    // openssl x509 reads the first certificate of a file.
    let first_subject = openssl(
        dir.path(),
        &["x509", "-noout", "-subject", "-in", arg(&material.chain)],
    )
    .unwrap();
    assert!(first_subject.contains(LEAF_DNS_NAME), "{first_subject}");

    let leaf = std::fs::read_to_string(&material.leaf).unwrap();
    let intermediate = std::fs::read_to_string(&material.intermediate).unwrap();
    assert!(
        chain == format!("{leaf}{intermediate}"),
        "chain is not leaf followed by intermediate"
    );

    let names = openssl(
        dir.path(),
        &[
            "x509",
            "-noout",
            "-ext",
            "subjectAltName",
            "-in",
            arg(&material.leaf),
        ],
    )
    .unwrap();
    assert!(names.contains(&format!("DNS:{LEAF_DNS_NAME}")), "{names}");
}

#[test]
fn leaf_key_matches_and_unrelated_key_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let material = Material::generate(dir.path()).unwrap();

    let leaf_public = public_key_of_certificate(dir.path(), &material.leaf);
    let key_public = public_key_of_key(dir.path(), &material.key);
    let unrelated_public = public_key_of_key(dir.path(), &material.unrelated_key);
    assert!(
        leaf_public == key_public,
        "the leaf key does not match the leaf"
    );
    assert!(
        leaf_public != unrelated_public,
        "the unrelated key matches the leaf"
    );

    let text = openssl(
        dir.path(),
        &["x509", "-noout", "-text", "-in", arg(&material.leaf)],
    )
    .unwrap();
    assert!(
        text.contains("Public-Key: (2048 bit)"),
        "leaf key is not RSA 2048"
    );
    assert!(text.contains("rsaEncryption"), "leaf key is not RSA");
}

#[test]
fn leaf_not_after_matches_openssl_iso_date() {
    let dir = tempfile::tempdir().unwrap();
    let material = Material::generate(dir.path()).unwrap();

    let iso = openssl(
        dir.path(),
        &[
            "x509",
            "-noout",
            "-enddate",
            "-dateopt",
            "iso_8601",
            "-in",
            arg(&material.leaf),
        ],
    )
    .unwrap();
    // iso_8601 prints `notAfter=2028-01-08 19:55:00Z`.
    let expected = iso
        .trim()
        .trim_start_matches("notAfter=")
        .trim_end_matches('Z');
    assert_eq!(material.leaf_not_after, expected);

    let day = 24 * 60 * 60;
    let before_end = ((LEAF_VALIDITY_DAYS - 1) * day).to_string();
    let after_end = ((LEAF_VALIDITY_DAYS + 1) * day).to_string();
    let leaf = arg(&material.leaf);
    assert!(
        openssl(
            dir.path(),
            &["x509", "-noout", "-checkend", &before_end, "-in", leaf]
        )
        .is_ok()
    );
    assert!(
        openssl(
            dir.path(),
            &["x509", "-noout", "-checkend", &after_end, "-in", leaf]
        )
        .is_err()
    );
}
