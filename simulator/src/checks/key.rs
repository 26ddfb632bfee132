//! Checks of the `key` field: one unencrypted private key of a supported algorithm.

use openssl::error::ErrorStack;
use openssl::pkey::{PKey, Private};

use super::algorithm::{Algorithm, SUPPORTED};
use super::pem::{self, Block};

const KEY_LABELS: [&str; 3] = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

/// Parses the private key of `key`, or returns the reason to reject it.
pub fn parse_private_key(key: &str) -> Result<(PKey<Private>, Algorithm), String> {
    let blocks = pem::scan(key);
    if blocks.iter().any(Block::is_encrypted) {
        return Err(
            "key is encrypted with a passphrase, but the platform needs an \
                    unencrypted key; remove the passphrase with \
                    'openssl pkey -in encrypted.key -out server.key' and send the new file"
                .to_owned(),
        );
    }

    let key_blocks: Vec<&Block> = blocks
        .iter()
        .filter(|block| block.is_private_key())
        .collect();
    let Some(key_block) = key_blocks.first() else {
        return Err(describe_missing_key(&blocks));
    };
    if key_blocks.len() > 1 {
        return Err(format!(
            "key contains {} private keys; send only the key of the server certificate",
            key_blocks.len()
        ));
    }
    if !KEY_LABELS.contains(&key_block.label.as_str()) {
        return Err(format!(
            "key is a '{}' block, which the platform does not read; send a PKCS#8 \
             ('PRIVATE KEY'), PKCS#1 ('RSA PRIVATE KEY') or SEC1 ('EC PRIVATE KEY') key",
            key_block.label
        ));
    }
    if let Some(other) = blocks
        .iter()
        .find(|block| !block.is_private_key() && block.label != "EC PARAMETERS")
    {
        return Err(format!(
            "key contains a '{}' block besides the private key; send only the private \
             key in key and put certificates in cert",
            other.label
        ));
    }

    // The callback supplies an empty passphrase, so OpenSSL never prompts on a
    // terminal. Encrypted keys were rejected above, so it is not called in practice.
    let parsed = PKey::private_key_from_pem_callback(key.as_bytes(), |_buffer| Ok(0));
    let private_key = parsed.map_err(|error| {
        format!(
            "key could not be parsed: the '{}' block is damaged or its content is not \
             the format its label names ({})",
            key_block.label,
            first_reason(&error)
        )
    })?;

    let algorithm = Algorithm::of(&private_key);
    if !algorithm.supported {
        return Err(format!(
            "key algorithm {} is not supported; the platform supports {SUPPORTED}",
            algorithm.name
        ));
    }
    Ok((private_key, algorithm))
}

fn describe_missing_key(blocks: &[Block]) -> String {
    if blocks
        .iter()
        .any(|block| block.label.contains("CERTIFICATE"))
    {
        return "key contains a certificate but no private key; send the private key \
                in key and the certificate in cert"
            .to_owned();
    }
    if let Some(block) = blocks.first() {
        return format!(
            "key contains a '{}' block but no private key; send the unencrypted private \
             key of the server certificate",
            block.label
        );
    }
    "key contains no PEM private key; expected a block such as \
     '-----BEGIN PRIVATE KEY-----'"
        .to_owned()
}

/// Returns OpenSSL's reason for the first error, such as `bad decrypt`.
pub fn first_reason(error: &ErrorStack) -> String {
    error
        .errors()
        .first()
        .and_then(|entry| entry.reason())
        .unwrap_or("unknown OpenSSL error")
        .to_owned()
}
