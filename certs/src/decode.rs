//! Turns the raw bytes of a source into PEM text or binary DER.
//!
//! Operators' editors save certificates as UTF-16, add a UTF-8 byte order mark, or use
//! CRLF line endings. The platform wants plain ASCII PEM, so these are undone here, before
//! any block is searched for.

use crate::problems::{Problem, ProblemKind};

const UTF8_BOM: &[u8] = &[0xEF, 0xBB, 0xBF];
const PEM_BEGIN: &[u8] = b"-----BEGIN";
/// Number of leading bytes inspected to recognise UTF-16 without a byte order mark.
const UTF16_SAMPLE_LEN: usize = 512;
/// DER values of the formats accepted here all start with a SEQUENCE tag.
const DER_SEQUENCE_TAG: u8 = 0x30;

/// The content of a source after its character encoding has been undone.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Content {
    /// Text with LF line endings, possibly holding PEM blocks.
    Text(Vec<u8>),
    /// Binary data that starts like a DER value.
    Binary(Vec<u8>),
    /// Nothing usable: the problems explain why.
    Unreadable,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ByteOrder {
    Little,
    Big,
}

/// Decodes `bytes` from the source named `name`, appending notices and errors to `problems`.
pub(crate) fn decode_source(name: &str, bytes: &[u8], problems: &mut Vec<Problem>) -> Content {
    let text = match detect_utf16(bytes) {
        Some((order, payload)) => match decode_utf16(payload, order) {
            Some(text) => {
                problems.push(
                    Problem::warning(
                        ProblemKind::Utf16Decoded,
                        format!("{name} was saved as UTF-16 text and was decoded to ASCII."),
                    )
                    .in_source(name),
                );
                text.into_bytes()
            }
            None => {
                problems.push(
                    Problem::blocking(
                        ProblemKind::InvalidUtf16,
                        format!("{name} looks like UTF-16 text but contains invalid UTF-16 sequences."),
                    )
                    .in_source(name)
                    .with_fix("Save the file again as ASCII or UTF-8 text in your editor, or export it again with openssl."),
                );
                return Content::Unreadable;
            }
        },
        None => bytes.to_vec(),
    };

    let text = match text.strip_prefix(UTF8_BOM) {
        Some(rest) => rest.to_vec(),
        None => text,
    };

    if contains(&text, PEM_BEGIN) {
        return Content::Text(normalize_line_endings(&text));
    }
    if text.first() == Some(&DER_SEQUENCE_TAG) {
        return Content::Binary(text);
    }
    Content::Text(normalize_line_endings(&text))
}

/// Recognises UTF-16 by its byte order mark, or by the NUL byte in every other position
/// that ASCII text shows when encoded as UTF-16. Returns the byte order and the bytes after
/// any byte order mark.
fn detect_utf16(bytes: &[u8]) -> Option<(ByteOrder, &[u8])> {
    if let Some(rest) = bytes.strip_prefix(&[0xFF, 0xFE]) {
        return Some((ByteOrder::Little, rest));
    }
    if let Some(rest) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        return Some((ByteOrder::Big, rest));
    }

    let sample = &bytes[..bytes.len().min(UTF16_SAMPLE_LEN)];
    let pairs = sample.len() / 2;
    if pairs < 2 {
        return None;
    }
    let even_zeros = sample
        .iter()
        .step_by(2)
        .take(pairs)
        .filter(|&&b| b == 0)
        .count();
    let odd_zeros = sample
        .iter()
        .skip(1)
        .step_by(2)
        .filter(|&&b| b == 0)
        .count();

    // At least 90% NULs on one side and at most 10% on the other. Binary DER has NULs
    // too, but never in such a regular pattern.
    let mostly = |zeros: usize| zeros * 10 >= pairs * 9;
    let rarely = |zeros: usize| zeros * 10 <= pairs;
    if mostly(odd_zeros) && rarely(even_zeros) {
        Some((ByteOrder::Little, bytes))
    } else if mostly(even_zeros) && rarely(odd_zeros) {
        Some((ByteOrder::Big, bytes))
    } else {
        None
    }
}

fn decode_utf16(bytes: &[u8], order: ByteOrder) -> Option<String> {
    if !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units = bytes.as_chunks::<2>().0.iter().map(|&pair| match order {
        ByteOrder::Little => u16::from_le_bytes(pair),
        ByteOrder::Big => u16::from_be_bytes(pair),
    });
    let text: String = char::decode_utf16(units).collect::<Result<_, _>>().ok()?;

    // A UTF-16 file may carry the byte order mark once more after a conversion.
    Some(text.strip_prefix('\u{FEFF}').unwrap_or(&text).to_owned())
}

/// Replaces CRLF and lone CR line endings with LF.
fn normalize_line_endings(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut bytes = text.iter().copied().peekable();
    while let Some(byte) = bytes.next() {
        if byte == b'\r' {
            if bytes.peek() == Some(&b'\n') {
                bytes.next();
            }
            out.push(b'\n');
        } else {
            out.push(byte);
        }
    }
    out
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

/// Returns the position of the first occurrence of `needle` in `haystack`.
pub(crate) fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || haystack.len() < needle.len() {
        return None;
    }
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_endings_become_lf() {
        assert_eq!(normalize_line_endings(b"a\r\nb\rc\n"), b"a\nb\nc\n");
    }

    #[test]
    fn utf16_without_bom_is_detected_by_nul_pattern() {
        let le: Vec<u8> = "-----BEGIN"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "-----BEGIN"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert_eq!(
            detect_utf16(&le).map(|(order, _)| order),
            Some(ByteOrder::Little)
        );
        assert_eq!(
            detect_utf16(&be).map(|(order, _)| order),
            Some(ByteOrder::Big)
        );
        assert_eq!(detect_utf16(b"-----BEGIN"), None);
    }
}
