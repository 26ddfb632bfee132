//! Redaction of secrets and PEM blocks from text the harness stores or prints.

/// Placeholder written in place of each PEM block.
pub const PEM_PLACEHOLDER: &str = "[PEM block removed]";

/// Placeholder written in place of the API secret.
pub const SECRET_PLACEHOLDER: &str = "[API secret removed]";

/// Returns `text` with every PEM block (from `-----BEGIN` through the matching
/// `-----END ...-----` line, or through the end of the text when no end line
/// follows) replaced by [`PEM_PLACEHOLDER`], and every occurrence of `secret`
/// replaced by [`SECRET_PLACEHOLDER`].
pub fn redact(text: &str, secret: Option<&str>) -> String {
    let mut output = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("-----BEGIN") {
        output.push_str(&rest[..start]);
        output.push_str(PEM_PLACEHOLDER);
        let block = &rest[start..];
        rest = match block.find("-----END") {
            Some(end) => {
                let after_end = &block[end + "-----END".len()..];
                // The end line closes with a second run of five dashes.
                match after_end.find("-----") {
                    Some(close) => &after_end[close + "-----".len()..],
                    None => "",
                }
            }
            None => "",
        };
    }
    output.push_str(rest);

    match secret {
        Some(secret) if !secret.is_empty() => output.replace(secret, SECRET_PLACEHOLDER),
        _ => output,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redact_removes_each_pem_block() {
        let text = "before\n-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n\
                    middle -----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY----- after";
        let redacted = redact(text, None);
        assert_eq!(
            redacted,
            format!("before\n{PEM_PLACEHOLDER}\nmiddle {PEM_PLACEHOLDER} after")
        );
    }

    #[test]
    fn redact_removes_unterminated_block() {
        let redacted = redact("log: -----BEGIN RSA PRIVATE KEY-----\nMIIE", None);
        assert_eq!(redacted, format!("log: {PEM_PLACEHOLDER}"));
    }

    #[test]
    fn redact_replaces_secret() {
        let redacted = redact("auth s3cr3t failed for s3cr3t", Some("s3cr3t"));
        assert_eq!(
            redacted,
            format!("auth {SECRET_PLACEHOLDER} failed for {SECRET_PLACEHOLDER}")
        );
        assert!(!redacted.contains("s3cr3t"));
    }
}
