//! Files in the forms operators really drop, made from the shared test PKI
//! with the `openssl` command line, and byte-level changes of PEM text such
//! as CRLF line endings or a UTF-16 encoding.

use std::sync::OnceLock;

use tempfile::TempDir;

use crate::support::pki::{Pki, openssl, pki};

/// Passphrase of the throwaway PKCS#12 archive.
const ARCHIVE_PASSWORD: &str = "pass:test-only";

/// The shared PKI plus the files derived from it in a folder of their own.
pub struct Material {
    base: &'static Pki,
    derived: TempDir,
}

impl Material {
    /// Returns the bytes of a file of the shared PKI, such as `leaf.crt`.
    pub fn base(&self, name: &str) -> Vec<u8> {
        read(&self.base.path(name))
    }

    /// Returns the bytes of a derived file, such as `leaf.der`.
    pub fn derived(&self, name: &str) -> Vec<u8> {
        read(&self.derived.path().join(name))
    }

    pub fn leaf(&self) -> Vec<u8> {
        self.base("leaf.crt")
    }

    pub fn intermediate(&self) -> Vec<u8> {
        self.base("inter.crt")
    }

    /// Returns the leaf followed by its intermediate, as one file.
    pub fn chain(&self) -> Vec<u8> {
        [self.leaf(), self.intermediate()].concat()
    }

    /// Returns the leaf's key as PKCS#1 (`RSA PRIVATE KEY`).
    pub fn pkcs1_key(&self) -> Vec<u8> {
        self.base("leaf-pkcs1.key")
    }

    /// Returns the leaf's key as PKCS#8 (`PRIVATE KEY`).
    pub fn pkcs8_key(&self) -> Vec<u8> {
        self.base("leaf.key")
    }
}

/// Returns the material, generating it on first use.
pub fn material() -> &'static Material {
    static MATERIAL: OnceLock<Material> = OnceLock::new();
    MATERIAL.get_or_init(derive)
}

fn derive() -> Material {
    let base = pki();
    let derived = tempfile::tempdir().expect("temp folder");
    let dir = derived.path();
    let input = |name: &str| {
        base.path(name)
            .to_str()
            .expect("UTF-8 temp path")
            .to_owned()
    };

    let request_config = input("req.cnf");
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-config",
            &request_config,
            "-newkey",
            "rsa:2048",
            "-noenc",
            "-keyout",
            "client-ca.key",
            "-out",
            "client-ca.crt",
            "-subj",
            "/CN=Test Client CA",
            "-days",
            "3650",
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );

    let leaf_cert = input("leaf.crt");
    let leaf_key = input("leaf.key");
    let intermediate = input("inter.crt");
    openssl(
        dir,
        &[
            "x509", "-in", &leaf_cert, "-outform", "DER", "-out", "leaf.der",
        ],
    );
    openssl(
        dir,
        &[
            "pkey",
            "-in",
            &leaf_key,
            "-outform",
            "DER",
            "-out",
            "leaf-key.der",
        ],
    );
    openssl(
        dir,
        &[
            "x509",
            "-in",
            &leaf_cert,
            "-trustout",
            "-addtrust",
            "serverAuth",
            "-out",
            "leaf-trusted.crt",
        ],
    );
    // Without -noout, `openssl x509 -text` writes the dump and then the PEM block.
    openssl(
        dir,
        &[
            "x509",
            "-in",
            &leaf_cert,
            "-text",
            "-out",
            "leaf-with-dump.crt",
        ],
    );

    openssl(
        dir,
        &[
            "pkcs12",
            "-export",
            "-in",
            &leaf_cert,
            "-inkey",
            &leaf_key,
            "-certfile",
            &intermediate,
            "-passout",
            ARCHIVE_PASSWORD,
            "-out",
            "bundle.p12",
        ],
    );
    // Reading the archive back writes `Bag Attributes`, `subject=` and
    // `issuer=` lines above each block, as operators' exports contain them.
    openssl(
        dir,
        &[
            "pkcs12",
            "-in",
            "bundle.p12",
            "-passin",
            ARCHIVE_PASSWORD,
            "-nokeys",
            "-out",
            "export-certs.pem",
        ],
    );
    openssl(
        dir,
        &[
            "pkcs12",
            "-in",
            "bundle.p12",
            "-passin",
            ARCHIVE_PASSWORD,
            "-nocerts",
            "-noenc",
            "-out",
            "export-key.pem",
        ],
    );

    Material { base, derived }
}

fn read(path: &std::path::Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|error| panic!("could not read {}: {error}", path.display()))
}

/// Replaces every LF with CRLF, as a file saved on Windows has them.
pub fn with_crlf(text: &[u8]) -> Vec<u8> {
    let mut converted = Vec::with_capacity(text.len() + text.len() / 32);
    for &byte in text {
        if byte == b'\n' {
            converted.push(b'\r');
        }
        converted.push(byte);
    }
    converted
}

/// Puts the UTF-8 byte order mark in front of `text`.
pub fn with_utf8_bom(text: &[u8]) -> Vec<u8> {
    [&[0xEF, 0xBB, 0xBF], text].concat()
}

/// Byte order of a UTF-16 file.
#[derive(Clone, Copy)]
pub enum Utf16 {
    LittleEndian,
    BigEndian,
}

/// Encodes ASCII or UTF-8 `text` as UTF-16, with or without a byte order mark.
pub fn as_utf16(text: &[u8], order: Utf16, byte_order_mark: bool) -> Vec<u8> {
    let text = std::str::from_utf8(text).expect("PEM text is UTF-8");
    let mut units: Vec<u16> = Vec::new();
    if byte_order_mark {
        units.push(0xFEFF);
    }
    units.extend(text.encode_utf16());
    units
        .into_iter()
        .flat_map(|unit| match order {
            Utf16::LittleEndian => unit.to_le_bytes(),
            Utf16::BigEndian => unit.to_be_bytes(),
        })
        .collect()
}

/// Removes the final line break, as some editors save a file without one.
pub fn without_final_newline(text: &[u8]) -> Vec<u8> {
    let mut trimmed = text.to_vec();
    while trimmed
        .last()
        .is_some_and(|byte| matches!(byte, b'\n' | b'\r'))
    {
        trimmed.pop();
    }
    trimmed
}

/// Replaces the PEM label `from` with `to` in the BEGIN and END lines only,
/// keeping the base64 content as it is.
pub fn relabel(text: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = std::str::from_utf8(text).expect("PEM text is UTF-8");
    let begin = format!("-----BEGIN {from}-----");
    let end = format!("-----END {from}-----");
    assert!(
        text.contains(&begin) && text.contains(&end),
        "no '{from}' block to relabel"
    );
    text.replace(&begin, &format!("-----BEGIN {to}-----"))
        .replace(&end, &format!("-----END {to}-----"))
        .into_bytes()
}
