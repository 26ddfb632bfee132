//! Cases about what the files contain: key formats and algorithms, key
//! matching, slots, chain order, client CAs and validity (kinds C9 to C20).
//! Two platform rules follow: a leaf's key algorithm is that of its CA, and
//! a one-way upload carries no client CA.

use super::material::{material, relabel};
use super::{Case, DroppedFile, Expected, one_way, two_way};

/// Builds the cases of kinds C9 to C20 and of the platform rules.
pub fn cases() -> Vec<Case> {
    let m = material();
    let cert = DroppedFile::certificates;
    let key = DroppedFile::key;

    vec![
        one_way(
            "C9",
            "PKCS#8 RSA key (BEGIN PRIVATE KEY)",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.key", m.pkcs8_key()),
            ],
            Expected::Send,
        ),
        one_way(
            "C10a",
            "PKCS#1 body under BEGIN PRIVATE KEY",
            vec![
                cert("fullchain.pem", m.chain()),
                key(
                    "server.key",
                    relabel(&m.pkcs1_key(), "RSA PRIVATE KEY", "PRIVATE KEY"),
                ),
            ],
            // A message that names the mismatch is required, not a block. A
            // warning, with the key sent under the label of its content, meets it.
            Expected::Either,
        ),
        one_way(
            "C10b",
            "PKCS#8 body under BEGIN RSA PRIVATE KEY",
            vec![
                cert("fullchain.pem", m.chain()),
                key(
                    "server.key",
                    relabel(&m.pkcs8_key(), "PRIVATE KEY", "RSA PRIVATE KEY"),
                ),
            ],
            Expected::Either,
        ),
        one_way(
            "C11",
            "EC PARAMETERS block before EC PRIVATE KEY (P-256 leaf)",
            vec![
                cert("ec-leaf.crt", m.base("ec-leaf.crt")),
                key("ec-leaf.key", m.base("ec-leaf.key")),
            ],
            Expected::Send,
        ),
        one_way(
            "C12a",
            "encrypted PKCS#8 key (ENCRYPTED PRIVATE KEY)",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.key", m.base("leaf-encrypted.key")),
            ],
            Expected::Block,
        ),
        one_way(
            "C12b",
            "encrypted PKCS#1 key (Proc-Type: 4,ENCRYPTED)",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.key", m.base("leaf-legacy-encrypted.key")),
            ],
            Expected::Block,
        ),
        one_way(
            "C13a",
            "Ed25519 certificate and key",
            vec![
                cert("ed25519.crt", m.base("ed25519.crt")),
                key("ed25519.key", m.base("ed25519.key")),
            ],
            Expected::Block,
        ),
        one_way(
            "C13b",
            "RSA 4096 certificate and key",
            vec![
                cert("rsa4096.crt", m.base("rsa4096.crt")),
                key("rsa4096.key", m.base("rsa4096.key")),
            ],
            Expected::Block,
        ),
        one_way(
            "C13c",
            "RSA 1024 self-signed certificate and key",
            vec![
                cert("rsa1024.crt", m.base("rsa1024.crt")),
                key("rsa1024.key", m.base("rsa1024.key")),
            ],
            Expected::Send,
        ),
        one_way(
            "C13d",
            "ECDSA P-384 self-signed certificate and key",
            vec![
                cert("p384.crt", m.base("p384.crt")),
                key("p384.key", m.base("p384.key")),
            ],
            Expected::Send,
        ),
        one_way(
            "C14",
            "key of another certificate",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.key", m.base("other.key")),
            ],
            Expected::Block,
        ),
        one_way(
            "C14b",
            "key of the intermediate with the leaf and the intermediate",
            vec![
                cert("fullchain.pem", m.chain()),
                key("inter.key", m.base("inter.key")),
            ],
            Expected::Block,
        ),
        one_way(
            "C15a",
            "chain on the key slot and key on the certificate slot",
            vec![
                cert("server.key", m.pkcs1_key()),
                key("fullchain.pem", m.chain()),
            ],
            // Moving them to the right slots, or blocking with an offer to
            // swap, are both expected, as long as no key is sent in cert.
            Expected::Either,
        ),
        one_way(
            "C15b",
            "chain and key in one file on the certificate slot",
            vec![cert("bundle.pem", [m.chain(), m.pkcs1_key()].concat())],
            Expected::Either,
        ),
        one_way(
            "C16",
            "intermediate before leaf in one file",
            vec![
                cert("fullchain.pem", [m.intermediate(), m.leaf()].concat()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Send,
        ),
        one_way(
            "C17",
            "leaf without its intermediate",
            vec![cert("leaf.crt", m.leaf()), key("server.key", m.pkcs1_key())],
            Expected::Send,
        ),
        one_way(
            "C18a",
            "leaf and intermediate in one file",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Send,
        ),
        one_way(
            "C18b",
            "leaf, intermediate and root in one file",
            vec![
                cert("fullchain.pem", [m.chain(), m.base("root.crt")].concat()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Send,
        ),
        one_way(
            "C18c",
            "chain with an unrelated self-signed certificate in the same file",
            vec![
                cert("fullchain.pem", [m.chain(), m.base("p384.crt")].concat()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Either,
        ),
        two_way(
            "C19a",
            "two-way without a client CA",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Block,
        ),
        two_way(
            "C19b",
            "two-way with a client CA that is not a CA (CA:FALSE)",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.key", m.pkcs1_key()),
                DroppedFile::client_ca("client-ca.crt", m.base("p384.crt")),
            ],
            Expected::Block,
        ),
        one_way(
            "C20a",
            "leaf that expires in 30 days, inside the 60-day window",
            vec![
                cert("leaf.crt", m.base("leaf-30-days.crt")),
                cert("intermediate.crt", m.intermediate()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Block,
        ),
        one_way(
            "C20b",
            "leaf that expired in 2021",
            vec![
                cert("leaf.crt", m.base("leaf-expired.crt")),
                cert("intermediate.crt", m.intermediate()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Block,
        ),
        one_way(
            "C20c",
            "leaf that is valid only from 2040",
            vec![
                cert("leaf.crt", m.base("leaf-future.crt")),
                cert("intermediate.crt", m.intermediate()),
                key("server.key", m.pkcs1_key()),
            ],
            Expected::Block,
        ),
        one_way(
            "P1",
            "ECDSA P-256 leaf signed by the RSA intermediate, with the intermediate",
            vec![
                cert("leaf.crt", m.base("ec-leaf-under-rsa.crt")),
                cert("intermediate.crt", m.intermediate()),
                key("ec-leaf.key", m.base("ec-leaf.key")),
            ],
            Expected::Block,
        ),
        // NOTE: the panel and the simulator disagree here. The panel blocks
        // because the leaf's signature algorithm (sha256WithRSAEncryption)
        // shows an RSA issuer. The simulator compares algorithms only when the
        // issuer's certificate is in cert, so it accepts the leaf alone.
        one_way(
            "P2",
            "ECDSA P-256 leaf signed by the RSA intermediate, without the intermediate",
            vec![
                cert("leaf.crt", m.base("ec-leaf-under-rsa.crt")),
                key("ec-leaf.key", m.base("ec-leaf.key")),
            ],
            Expected::Block,
        ),
        one_way(
            "P3",
            "one-way with a client CA file dropped",
            vec![
                cert("fullchain.pem", m.chain()),
                key("server.key", m.pkcs1_key()),
                DroppedFile::client_ca("client-ca.crt", m.derived("client-ca.crt")),
            ],
            Expected::Send,
        ),
    ]
}
