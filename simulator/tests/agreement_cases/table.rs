//! The inputs operators really drop, one case per kind and variant, with the
//! behaviour the panel should show for each, two valid baselines, and cases
//! for the platform's rule that a leaf's key algorithm is that of its CA.

use tls_certs::TlsType;

use super::material::{
    Utf16, as_utf16, material, relabel, with_crlf, with_utf8_bom, without_final_newline,
};
use super::{Case, DroppedFile, Expected};

/// Builds every case. The server chain is a leaf signed by an intermediate
/// that a root signed, all with RSA 2048 keys. A case sends the leaf's key
/// unless its files name another.
pub fn cases() -> Vec<Case> {
    let m = material();
    let leaf = || m.base("leaf.crt");
    let intermediate = || m.base("inter.crt");
    let chain = || [leaf(), intermediate()].concat();
    let pkcs1_key = || m.base("leaf-pkcs1.key");
    let pkcs8_key = || m.base("leaf.key");

    let case = |id, input, files, expected| Case {
        id,
        input,
        tls_type: TlsType::OneWay,
        files,
        expected,
    };
    let cert = DroppedFile::certificates;
    let key = DroppedFile::key;

    let mut table = vec![
        case(
            "B1",
            "one-way: leaf and intermediate files, PKCS#1 RSA 2048 key",
            vec![
                cert("leaf.crt", leaf()),
                cert("intermediate.crt", intermediate()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Send,
        ),
        Case {
            tls_type: TlsType::TwoWay,
            ..case(
                "B2",
                "two-way: the same with a client CA",
                vec![
                    cert("leaf.crt", leaf()),
                    cert("intermediate.crt", intermediate()),
                    key("server.key", pkcs1_key()),
                    DroppedFile::client_ca("client-ca.crt", m.derived("client-ca.crt")),
                ],
                Expected::Send,
            )
        },
        case(
            "C1",
            "chain and key with CRLF line endings",
            vec![
                cert("fullchain.pem", with_crlf(&chain())),
                key("server.key", with_crlf(&pkcs1_key())),
            ],
            Expected::Send,
        ),
        case(
            "C2",
            "UTF-8 byte order mark before chain and key",
            vec![
                cert("fullchain.pem", with_utf8_bom(&chain())),
                key("server.key", with_utf8_bom(&pkcs1_key())),
            ],
            Expected::Send,
        ),
    ];

    for (id, input, order, byte_order_mark) in [
        ("C3a", "UTF-16LE with BOM", Utf16::LittleEndian, true),
        ("C3b", "UTF-16LE without BOM", Utf16::LittleEndian, false),
        ("C3c", "UTF-16BE with BOM", Utf16::BigEndian, true),
    ] {
        table.push(case(
            id,
            input,
            vec![
                cert("fullchain.pem", as_utf16(&chain(), order, byte_order_mark)),
                key("server.key", as_utf16(&pkcs1_key(), order, byte_order_mark)),
            ],
            // Decoding and accepting, or a message to save the file as UTF-8,
            // are both expected, as long as no NUL byte is sent.
            Expected::Either,
        ));
    }

    table.extend([
        case(
            "C4a",
            "PKCS#12 export: Bag Attributes, subject= and issuer= lines",
            vec![
                cert("export-certs.pem", m.derived("export-certs.pem")),
                key("export-key.pem", m.derived("export-key.pem")),
            ],
            Expected::Send,
        ),
        case(
            "C4b",
            "openssl x509 -text dump above the leaf block",
            vec![
                cert("leaf.crt", m.derived("leaf-with-dump.crt")),
                cert("intermediate.crt", intermediate()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Send,
        ),
        case(
            "C5",
            "leaf without final newline joined to the chain",
            vec![
                cert(
                    "fullchain.pem",
                    [without_final_newline(&leaf()), intermediate()].concat(),
                ),
                key("server.key", pkcs1_key()),
            ],
            Expected::Send,
        ),
        case(
            "C6a",
            "DER leaf certificate named .crt",
            vec![
                cert("leaf.crt", m.derived("leaf.der")),
                cert("intermediate.crt", intermediate()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Send,
        ),
        case(
            "C6b",
            "DER PKCS#8 key named .pem",
            vec![
                cert("fullchain.pem", chain()),
                key("server.pem", m.derived("leaf-key.der")),
            ],
            Expected::Send,
        ),
        case(
            "C7",
            "PKCS#12 archive on the certificate slot",
            vec![cert("server.pfx", m.derived("bundle.p12"))],
            Expected::Block,
        ),
        case(
            "C8",
            "leaf as BEGIN TRUSTED CERTIFICATE",
            vec![
                cert("leaf.crt", m.derived("leaf-trusted.crt")),
                cert("intermediate.crt", intermediate()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Send,
        ),
        case(
            "C9",
            "PKCS#8 RSA key (BEGIN PRIVATE KEY)",
            vec![
                cert("fullchain.pem", chain()),
                key("server.key", pkcs8_key()),
            ],
            Expected::Send,
        ),
        case(
            "C10a",
            "PKCS#1 body under BEGIN PRIVATE KEY",
            vec![
                cert("fullchain.pem", chain()),
                key(
                    "server.key",
                    relabel(&pkcs1_key(), "RSA PRIVATE KEY", "PRIVATE KEY"),
                ),
            ],
            // A message that names the mismatch is required, not a block. A
            // warning, with the key sent under the label of its content, meets it.
            Expected::Either,
        ),
        case(
            "C10b",
            "PKCS#8 body under BEGIN RSA PRIVATE KEY",
            vec![
                cert("fullchain.pem", chain()),
                key(
                    "server.key",
                    relabel(&pkcs8_key(), "PRIVATE KEY", "RSA PRIVATE KEY"),
                ),
            ],
            Expected::Either,
        ),
        case(
            "C11",
            "EC PARAMETERS block before EC PRIVATE KEY (P-256 leaf)",
            vec![
                cert("ec-leaf.crt", m.base("ec-leaf.crt")),
                key("ec-leaf.key", m.base("ec-leaf.key")),
            ],
            Expected::Send,
        ),
        case(
            "C12a",
            "encrypted PKCS#8 key (ENCRYPTED PRIVATE KEY)",
            vec![
                cert("fullchain.pem", chain()),
                key("server.key", m.base("leaf-encrypted.key")),
            ],
            Expected::Block,
        ),
        case(
            "C12b",
            "encrypted PKCS#1 key (Proc-Type: 4,ENCRYPTED)",
            vec![
                cert("fullchain.pem", chain()),
                key("server.key", m.base("leaf-legacy-encrypted.key")),
            ],
            Expected::Block,
        ),
        case(
            "C13a",
            "Ed25519 certificate and key",
            vec![
                cert("ed25519.crt", m.base("ed25519.crt")),
                key("ed25519.key", m.base("ed25519.key")),
            ],
            Expected::Block,
        ),
        case(
            "C13b",
            "RSA 4096 certificate and key",
            vec![
                cert("rsa4096.crt", m.base("rsa4096.crt")),
                key("rsa4096.key", m.base("rsa4096.key")),
            ],
            Expected::Block,
        ),
        case(
            "C13c",
            "RSA 1024 self-signed certificate and key",
            vec![
                cert("rsa1024.crt", m.base("rsa1024.crt")),
                key("rsa1024.key", m.base("rsa1024.key")),
            ],
            Expected::Send,
        ),
        case(
            "C13d",
            "ECDSA P-384 self-signed certificate and key",
            vec![
                cert("p384.crt", m.base("p384.crt")),
                key("p384.key", m.base("p384.key")),
            ],
            Expected::Send,
        ),
        case(
            "C14",
            "key of another certificate",
            vec![
                cert("fullchain.pem", chain()),
                key("server.key", m.base("other.key")),
            ],
            Expected::Block,
        ),
        case(
            "C15a",
            "chain on the key slot and key on the certificate slot",
            vec![
                cert("server.key", pkcs1_key()),
                key("fullchain.pem", chain()),
            ],
            // Moving them to the right slots, or blocking with an offer to
            // swap, are both expected, as long as no key is sent in cert.
            Expected::Either,
        ),
        case(
            "C15b",
            "chain and key in one file on the certificate slot",
            vec![cert("bundle.pem", [chain(), pkcs1_key()].concat())],
            Expected::Either,
        ),
        case(
            "C16",
            "intermediate before leaf in one file",
            vec![
                cert("fullchain.pem", [intermediate(), leaf()].concat()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Send,
        ),
        case(
            "C17",
            "leaf without its intermediate",
            vec![cert("leaf.crt", leaf()), key("server.key", pkcs1_key())],
            Expected::Send,
        ),
        case(
            "C18a",
            "leaf and intermediate in one file",
            vec![
                cert("fullchain.pem", chain()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Send,
        ),
        case(
            "C18b",
            "leaf, intermediate and root in one file",
            vec![
                cert("fullchain.pem", [chain(), m.base("root.crt")].concat()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Send,
        ),
        case(
            "C18c",
            "chain with an unrelated self-signed certificate in the same file",
            vec![
                cert("fullchain.pem", [chain(), m.base("p384.crt")].concat()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Either,
        ),
        Case {
            tls_type: TlsType::TwoWay,
            ..case(
                "C19a",
                "two-way without a client CA",
                vec![
                    cert("fullchain.pem", chain()),
                    key("server.key", pkcs1_key()),
                ],
                Expected::Block,
            )
        },
        Case {
            tls_type: TlsType::TwoWay,
            ..case(
                "C19b",
                "two-way with a client CA that is not a CA (CA:FALSE)",
                vec![
                    cert("fullchain.pem", chain()),
                    key("server.key", pkcs1_key()),
                    DroppedFile::client_ca("client-ca.crt", m.base("p384.crt")),
                ],
                Expected::Block,
            )
        },
        case(
            "C20a",
            "leaf that expires in 30 days, inside the 60-day window",
            vec![
                cert("leaf.crt", m.base("leaf-30-days.crt")),
                cert("intermediate.crt", intermediate()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Block,
        ),
        case(
            "C20b",
            "leaf that expired in 2021",
            vec![
                cert("leaf.crt", m.base("leaf-expired.crt")),
                cert("intermediate.crt", intermediate()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Block,
        ),
        case(
            "C20c",
            "leaf that is valid only from 2040",
            vec![
                cert("leaf.crt", m.base("leaf-future.crt")),
                cert("intermediate.crt", intermediate()),
                key("server.key", pkcs1_key()),
            ],
            Expected::Block,
        ),
        case(
            "P1",
            "ECDSA P-256 leaf signed by the RSA intermediate, with the intermediate",
            vec![
                cert("leaf.crt", m.base("ec-leaf-under-rsa.crt")),
                cert("intermediate.crt", intermediate()),
                key("ec-leaf.key", m.base("ec-leaf.key")),
            ],
            Expected::Block,
        ),
        case(
            "P3",
            "one-way with a client CA file dropped",
            vec![
                cert("fullchain.pem", chain()),
                key("server.key", pkcs1_key()),
                DroppedFile::client_ca("client-ca.crt", m.derived("client-ca.crt")),
            ],
            Expected::Send,
        ),
    ]);
    table
}
