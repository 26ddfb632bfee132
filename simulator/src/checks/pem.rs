//! Lists the PEM blocks of a text by their labels.
//!
//! OpenSSL's readers skip blocks whose label they do not want, so a private
//! key inside `cert` would pass unnoticed. This scan finds every block the
//! way OpenSSL finds them, from a line that starts with `-----BEGIN `, so the
//! checks can reject blocks that do not belong in a field.

/// One `-----BEGIN label-----` block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    pub label: String,
    /// The block has a `Proc-Type: 4,ENCRYPTED` header (legacy OpenSSL encryption).
    pub encrypted_header: bool,
}

impl Block {
    pub fn is_private_key(&self) -> bool {
        self.label.ends_with("PRIVATE KEY")
    }

    pub fn is_encrypted(&self) -> bool {
        self.encrypted_header || self.label == "ENCRYPTED PRIVATE KEY"
    }
}

/// Returns the blocks of `text` in order. A block without an END line is
/// still listed, so that its label can be named in a message.
pub fn scan(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut open: Option<Block> = None;

    for line in text.lines() {
        let line = line.trim_end();
        if let Some(label) = armour_label(line, "-----BEGIN ") {
            if let Some(unfinished) = open.take() {
                blocks.push(unfinished);
            }
            open = Some(Block {
                label: label.to_owned(),
                encrypted_header: false,
            });
        } else if armour_label(line, "-----END ").is_some() {
            if let Some(finished) = open.take() {
                blocks.push(finished);
            }
        } else if let Some(block) = open.as_mut() {
            let header = line.trim_start();
            if header.starts_with("Proc-Type:") && header.contains("ENCRYPTED") {
                block.encrypted_header = true;
            }
        }
    }
    if let Some(unfinished) = open {
        blocks.push(unfinished);
    }
    blocks
}

fn armour_label<'a>(line: &'a str, opening: &str) -> Option<&'a str> {
    line.strip_prefix(opening)?.strip_suffix("-----")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_labels_in_order_ignoring_text_around() {
        let text = "Bag Attributes\r\n-----BEGIN CERTIFICATE-----\r\nAAAA\r\n-----END CERTIFICATE-----\r\n\
                    subject=CN=x\n-----BEGIN EC PRIVATE KEY-----\nBBBB\n-----END EC PRIVATE KEY-----\n";

        let labels: Vec<_> = scan(text).into_iter().map(|block| block.label).collect();

        assert_eq!(labels, vec!["CERTIFICATE", "EC PRIVATE KEY"]);
    }

    #[test]
    fn finds_legacy_encryption_header() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n\
                    DEK-Info: AES-256-CBC,00\n\nAAAA\n-----END RSA PRIVATE KEY-----\n";

        let blocks = scan(text);

        assert_eq!(blocks.len(), 1);
        assert!(blocks[0].is_encrypted());
        assert!(blocks[0].is_private_key());
    }

    #[test]
    fn ignores_begin_that_does_not_start_a_line() {
        let text = "\u{feff}-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";

        assert!(scan(text).is_empty());
    }
}
