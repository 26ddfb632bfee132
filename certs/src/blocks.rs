//! Finds the PEM blocks in a text and decodes their base64 bodies.
//!
//! `pem-rfc7468` decodes one block under RFC 7468's strict grammar: a fixed line width,
//! no headers and nothing glued to the boundaries. Operators' files break each of these
//! rules (76-column lines, `Proc-Type` headers, two blocks on one line), so the boundaries
//! are located here and each body is decoded with `base64ct`, the decoder that
//! `pem-rfc7468` itself uses. Text outside the boundaries is skipped.

use base64ct::{Base64, Encoding};

use crate::decode::{contains, find};
use crate::problems::{Problem, ProblemKind};

const BEGIN_PREFIX: &[u8] = b"-----BEGIN ";
const DASHES: &[u8] = b"-----";
/// Longer labels do not occur in practice and point to text that only looks like a boundary.
const MAX_LABEL_LEN: usize = 64;

/// One PEM block as it appeared in the source.
#[derive(Debug)]
pub(crate) struct PemBlock {
    pub label: String,
    /// Whether a legacy `Proc-Type: 4,ENCRYPTED` header marks the body as encrypted.
    pub legacy_encrypted: bool,
    /// The decoded body. For a legacy encrypted block this is ciphertext.
    pub der: Vec<u8>,
}

/// Splits `text` into PEM blocks, appending a problem for each block that cannot be read.
pub(crate) fn split_blocks(name: &str, text: &[u8], problems: &mut Vec<Problem>) -> Vec<PemBlock> {
    let mut blocks = Vec::new();
    let mut position = 0;

    while let Some(offset) = find(&text[position..], BEGIN_PREFIX) {
        let label_start = position + offset + BEGIN_PREFIX.len();
        let Some(label_len) = find(&text[label_start..], DASHES) else {
            break;
        };
        let label_bytes = &text[label_start..label_start + label_len];
        if !is_valid_label(label_bytes) {
            position = label_start;
            continue;
        }
        // is_valid_label allows ASCII only.
        let label: String = label_bytes.iter().map(|&byte| char::from(byte)).collect();
        let body_start = label_start + label_len + DASHES.len();

        let end_line = format!("-----END {label}-----");
        let body_len = find(&text[body_start..], end_line.as_bytes());
        let next_begin = find(&text[body_start..], BEGIN_PREFIX);
        let body_len = match (body_len, next_begin) {
            (Some(end), Some(begin)) if begin < end => None,
            (end, _) => end,
        };
        let Some(body_len) = body_len else {
            problems.push(unterminated(name, &label));
            position = body_start;
            continue;
        };

        let body = &text[body_start..body_start + body_len];
        position = body_start + body_len + end_line.len();

        match decode_body(body) {
            Some((der, legacy_encrypted)) => blocks.push(PemBlock {
                label,
                legacy_encrypted,
                der,
            }),
            None => problems.push(invalid_base64(name, &label)),
        }
    }
    blocks
}

fn is_valid_label(label: &[u8]) -> bool {
    !label.is_empty()
        && label.len() <= MAX_LABEL_LEN
        && label
            .iter()
            .all(|&b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b' ' || b == b'#')
}

/// Decodes the base64 body, skipping RFC 1421 header lines such as `Proc-Type` and
/// `DEK-Info`. Returns the bytes and whether the headers mark the body as encrypted.
fn decode_body(body: &[u8]) -> Option<(Vec<u8>, bool)> {
    let mut legacy_encrypted = false;
    let mut base64 = String::new();

    for line in body.split(|&b| b == b'\n') {
        if line.contains(&b':') {
            if line.starts_with(b"Proc-Type:") && contains(line, b"ENCRYPTED") {
                legacy_encrypted = true;
            }
            continue;
        }
        base64.extend(
            line.iter()
                .filter(|b| !b.is_ascii_whitespace())
                .map(|&b| b as char),
        );
    }

    if base64.is_empty() {
        return None;
    }
    let der = Base64::decode_vec(&base64).ok()?;
    Some((der, legacy_encrypted))
}

fn unterminated(name: &str, label: &str) -> Problem {
    Problem::blocking(
        ProblemKind::UnterminatedBlock,
        format!("The {label} block in {name} has no matching -----END {label}----- line, so the file was cut short."),
    )
    .in_source(name)
    .with_fix("Copy the whole block again from the original file, from the BEGIN line to the END line.")
}

fn invalid_base64(name: &str, label: &str) -> Problem {
    Problem::blocking(
        ProblemKind::InvalidBase64,
        format!("The {label} block in {name} is not valid base64, so its text was changed or cut."),
    )
    .in_source(name)
    .with_fix(
        "Copy the whole block again from the original file, from the BEGIN line to the END line.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glued_blocks_are_both_found() {
        let text =
            b"-----BEGIN A-----\nAAEC\n-----END A----------BEGIN B-----\nAwQ=\n-----END B-----";
        let mut problems = Vec::new();
        let blocks = split_blocks("t", text, &mut problems);
        assert!(problems.is_empty());
        assert_eq!(blocks.len(), 2);
        assert_eq!(blocks[0].der, [0, 1, 2]);
        assert_eq!(blocks[1].label, "B");
        assert_eq!(blocks[1].der, [3, 4]);
    }

    #[test]
    fn block_without_end_is_reported() {
        let mut problems = Vec::new();
        let blocks = split_blocks("t", b"-----BEGIN A-----\nAAEC\n", &mut problems);
        assert!(blocks.is_empty());
        assert_eq!(problems[0].kind, ProblemKind::UnterminatedBlock);
    }
}
