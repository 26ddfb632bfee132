//! Turns bytes into the text of previews and messages.
//!
//! `core` and `alloc` offer the same through `format!`, `String::from_utf8_lossy` and the
//! `Display` of IP addresses, but each of those adds its own code to the panel's wasm.

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// Writes each byte as two hex digits, with `separator` between bytes.
pub(crate) fn hex(bytes: &[u8], separator: &str, uppercase: bool) -> String {
    let digits = if uppercase { HEX_UPPER } else { HEX_LOWER };
    let mut text = String::with_capacity(bytes.len() * (2 + separator.len()));
    for (index, &byte) in bytes.iter().enumerate() {
        if index > 0 {
            text.push_str(separator);
        }
        text.push(char::from(digits[usize::from(byte >> 4)]));
        text.push(char::from(digits[usize::from(byte & 0x0F)]));
    }
    text
}

/// Reads UTF-8 text, putting U+FFFD in place of every byte of an invalid sequence.
pub(crate) fn lossy_utf8(bytes: &[u8]) -> String {
    match core::str::from_utf8(bytes) {
        Ok(text) => text.to_owned(),
        Err(_) => bytes
            .iter()
            .map(|&byte| {
                if byte.is_ascii() {
                    char::from(byte)
                } else {
                    char::REPLACEMENT_CHARACTER
                }
            })
            .collect(),
    }
}

/// Writes an IP address from its 4 or 16 bytes: IPv4 in dotted decimal, IPv6 in the
/// RFC 5952 form, with the longest run of two or more zero groups written as `::`.
/// Other lengths are shown as hex. Unlike `core::net`, an IPv4-mapped IPv6 address is
/// written in hex groups too (`::ffff:c000:20a`).
pub(crate) fn ip_address(octets: &[u8]) -> String {
    match octets.len() {
        4 => {
            let parts: Vec<String> = octets.iter().map(u8::to_string).collect();
            parts.join(".")
        }
        16 => ipv6(octets),
        _ => format!("invalid address {}", hex(octets, ":", false)),
    }
}

fn ipv6(octets: &[u8]) -> String {
    let groups: Vec<u16> = octets
        .as_chunks::<2>()
        .0
        .iter()
        .map(|&pair| u16::from_be_bytes(pair))
        .collect();

    // The first longest run of zero groups, when it is at least two long.
    let (mut best_start, mut best_len) = (0, 0);
    let mut start = 0;
    while start < groups.len() {
        let len = groups[start..]
            .iter()
            .take_while(|&&group| group == 0)
            .count();
        if len > best_len {
            (best_start, best_len) = (start, len);
        }
        start += len.max(1);
    }

    let write_groups = |groups: &[u16]| {
        let parts: Vec<String> = groups.iter().map(|group| group_hex(*group)).collect();
        parts.join(":")
    };
    if best_len < 2 {
        return write_groups(&groups);
    }
    format!(
        "{}::{}",
        write_groups(&groups[..best_start]),
        write_groups(&groups[best_start + best_len..])
    )
}

/// Writes a group of an IPv6 address in lowercase hex without leading zeros.
fn group_hex(group: u16) -> String {
    let text = hex(&group.to_be_bytes(), "", false);
    let trimmed = text.trim_start_matches('0');
    if trimmed.is_empty() {
        "0".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::net::{Ipv4Addr, Ipv6Addr};

    #[test]
    fn hex_uses_case_and_separator() {
        assert_eq!(hex(&[0x0A, 0xFF], ":", true), "0A:FF");
        assert_eq!(hex(&[0x0A, 0xFF], "", false), "0aff");
        assert_eq!(hex(&[], ":", true), "");
    }

    #[test]
    fn invalid_utf8_bytes_become_replacement_characters() {
        assert_eq!(lossy_utf8("café".as_bytes()), "café");
        assert_eq!(lossy_utf8(b"a\xFFb"), "a\u{FFFD}b");
    }

    #[test]
    fn ip_address_matches_std_display() {
        let v6 = [
            "::1",
            "::",
            "2001:db8::1",
            "2001:db8:0:1:0:0:0:1",
            "2001:0:0:1::1",
            "fe80::1:0:0:0",
            "1:2:3:4:5:6:7:8",
            "1:0:2:0:3:0:4:0",
            "0:0:1::",
        ];
        for text in v6 {
            let address: Ipv6Addr = text.parse().unwrap();
            assert_eq!(ip_address(&address.octets()), address.to_string(), "{text}");
        }
        let mapped: Ipv6Addr = "::ffff:192.0.2.10".parse().unwrap();
        assert_eq!(ip_address(&mapped.octets()), "::ffff:c000:20a");
        let v4: Ipv4Addr = "192.0.2.10".parse().unwrap();
        assert_eq!(ip_address(&v4.octets()), "192.0.2.10");
        assert_eq!(ip_address(&[1, 2, 3]), "invalid address 01:02:03");
    }
}
