//! Cases about the form of the files: valid baselines, and the encodings,
//! wrappings and containers operators drop (kinds C1 to C8).

use super::material::{Utf16, as_utf16, material, with_crlf, with_utf8_bom, without_final_newline};
use super::{Case, DroppedFile, Expected, one_way, two_way};

/// Builds the baselines and the cases of kinds C1 to C8.
pub fn cases() -> Vec<Case> {
    let m = material();
    let cert = DroppedFile::certificates;
    let key = DroppedFile::key;

    let mut table = vec![
        one_way(
            "B1",
            "one-way: leaf and intermediate files, PKCS#1 RSA 2048 key",
            vec![
                cert("leaf.crt", m.leaf()),
                cert("intermediate.crt", m.intermediate()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Send,
        ),
        two_way(
            "B2",
            "two-way: the same with a client CA",
            vec![
                cert("leaf.crt", m.leaf()),
                cert("intermediate.crt", m.intermediate()),
                key("server.key", m.pkcs1_key()),
                DroppedFile::client_ca("client-ca.crt", m.derived("client-ca.crt")),
            ],
            Expected::Send,
        ),
        one_way(
            "C1",
            "chain and key with CRLF line endings",
            vec![
                cert("fullchain.pem", with_crlf(&m.chain())),
                key("server.key", with_crlf(&m.pkcs1_key())),
            ],
            Expected::Send,
        ),
        one_way(
            "C2",
            "UTF-8 byte order mark before chain and key",
            vec![
                cert("fullchain.pem", with_utf8_bom(&m.chain())),
                key("server.key", with_utf8_bom(&m.pkcs1_key())),
            ],
            Expected::Send,
        ),
    ];

    for (id, input, order, byte_order_mark) in [
        ("C3a", "UTF-16LE with BOM", Utf16::LittleEndian, true),
        ("C3b", "UTF-16LE without BOM", Utf16::LittleEndian, false),
        ("C3c", "UTF-16BE with BOM", Utf16::BigEndian, true),
    ] {
        table.push(one_way(
            id,
            input,
            vec![
                cert(
                    "fullchain.pem",
                    as_utf16(&m.chain(), order, byte_order_mark),
                ),
                key(
                    "server.key",
                    as_utf16(&m.pkcs1_key(), order, byte_order_mark),
                ),
            ],
            // Decoding and accepting, or a message to save the file as UTF-8,
            // are both expected, as long as no NUL byte is sent.
            Expected::Either,
        ));
    }

    table.extend([
        one_way(
            "C4a",
            "PKCS#12 export: Bag Attributes, subject= and issuer= lines",
            vec![
                cert("export-certs.pem", m.derived("export-certs.pem")),
                key("export-key.pem", m.derived("export-key.pem")),
            ],
            Expected::Send,
        ),
        one_way(
            "C4b",
            "openssl x509 -text dump above the leaf block",
            vec![
                cert("leaf.crt", m.derived("leaf-with-dump.crt")),
                cert("intermediate.crt", m.intermediate()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Send,
        ),
        one_way(
            "C5",
            "leaf without final newline joined to the chain",
            vec![
                cert(
                    "fullchain.pem",
                    [without_final_newline(&m.leaf()), m.intermediate()].concat(),
                ),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Send,
        ),
        one_way(
            "C6a",
            "DER leaf certificate named .crt",
            vec![
                cert("leaf.crt", m.derived("leaf.der")),
                cert("intermediate.crt", m.intermediate()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Send,
        ),
        one_way(
            "C6b",
            "DER PKCS#8 key named .pem",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.pem", m.derived("leaf-key.der")),
            ],
            Expected::Send,
        ),
        one_way(
            "C7",
            "PKCS#12 archive on the certificate slot",
            vec![cert("server.pfx", m.derived("bundle.p12"))],
            Expected::Block,
        ),
        one_way(
            "C8",
            "leaf as BEGIN TRUSTED CERTIFICATE",
            vec![
                cert("leaf.crt", m.derived("leaf-trusted.crt")),
                cert("intermediate.crt", m.intermediate()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Send,
        ),
    ]);
    table
}
