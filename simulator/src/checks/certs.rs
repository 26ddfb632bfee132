//! Parsing of certificate fields and checks of single certificates.

use foreign_types::ForeignTypeRef;
use openssl::asn1::{Asn1Time, Asn1TimeRef};
use openssl::nid::Nid;
use openssl::x509::{X509, X509Ref, X509VerifyResult};

use super::key::first_reason;
use super::pem;
use crate::clock;

/// Parses the certificates of `field` (`cert` or `cacert`). Rejects private
/// keys and any block that is not a plain `CERTIFICATE`.
pub fn parse_certificates(field: &str, text: &str) -> Result<Vec<X509>, String> {
    let blocks = pem::scan(text);
    if let Some(key_block) = blocks.iter().find(|block| block.is_private_key()) {
        return Err(format!(
            "{field} contains a private key ('{}' block); put only certificates in \
             {field} and send the server's private key in key",
            key_block.label
        ));
    }
    if let Some(other) = blocks.iter().find(|block| block.label != "CERTIFICATE") {
        return Err(format!(
            "{field} contains a '{}' block; {field} takes only \
             '-----BEGIN CERTIFICATE-----' blocks",
            other.label
        ));
    }
    if blocks.is_empty() {
        return Err(format!(
            "{field} contains no PEM certificate; expected a \
             '-----BEGIN CERTIFICATE-----' block"
        ));
    }

    let certificates = X509::stack_from_pem(text.as_bytes()).map_err(|error| {
        format!(
            "{field} could not be parsed: a CERTIFICATE block is damaged or not \
             base64-encoded DER ({})",
            first_reason(&error)
        )
    })?;
    if certificates.len() != blocks.len() {
        return Err(format!(
            "{field} could not be parsed: found {} CERTIFICATE blocks but only {} \
             could be read; check that each BEGIN and END line stands on its own line",
            blocks.len(),
            certificates.len()
        ));
    }
    Ok(certificates)
}

/// Returns the subject's common name, if it has one.
pub fn common_name(certificate: &X509Ref) -> Option<String> {
    let entry = certificate
        .subject_name()
        .entries_by_nid(Nid::COMMONNAME)
        .next()?;
    entry.data().to_string().ok()
}

/// Names a certificate for messages, as `'CN=broker.example.com'` or by position.
pub fn describe(certificate: &X509Ref, position: usize) -> String {
    match common_name(certificate) {
        Some(name) => format!("certificate {position} (CN={name})"),
        None => format!("certificate {position}"),
    }
}

/// Returns the certificate in `chain` that issued `subject`, other than `subject` itself.
pub fn find_issuer<'a>(subject: &X509Ref, chain: &'a [X509]) -> Option<&'a X509> {
    chain.iter().find(|candidate| {
        candidate.to_der().ok() != subject.to_der().ok()
            && candidate.issued(subject) == X509VerifyResult::OK
    })
}

/// Tells whether the certificate carries basicConstraints with CA:TRUE.
pub fn is_ca(certificate: &X509Ref) -> bool {
    // SAFETY: the pointer comes from a live certificate reference. OpenSSL
    // reads the extensions and caches the flags inside the certificate, which
    // the X509 type allows through a shared reference since OpenSSL 1.1.
    let flags = unsafe { openssl_sys::X509_get_extension_flags(certificate.as_ptr()) };
    flags & openssl_sys::EXFLAG_CA != 0
}

/// Converts an ASN.1 time to Unix seconds.
pub fn unix_seconds(moment: &Asn1TimeRef) -> Result<i64, String> {
    let epoch = Asn1Time::from_unix(0).map_err(|error| first_reason(&error))?;
    let difference = epoch.diff(moment).map_err(|error| first_reason(&error))?;
    Ok(i64::from(difference.days) * 86_400 + i64::from(difference.secs))
}

/// Formats an ASN.1 time as `YYYY-MM-DD HH:MM:SS` in UTC.
pub fn format_time(moment: &Asn1TimeRef) -> Result<String, String> {
    let seconds = unix_seconds(moment)?;
    clock::format_utc_seconds(seconds).ok_or_else(|| format!("time {seconds} is out of range"))
}

/// Checks that `leaf` may be imported at `now_unix`: its validity has
/// started and does not end within `margin_days`.
pub fn check_validity_window(
    leaf: &X509Ref,
    now_unix: u64,
    margin_days: u32,
) -> Result<(), String> {
    let unreadable = |reason: String| format!("cert has an unreadable validity date ({reason})");
    let not_before = unix_seconds(leaf.not_before()).map_err(unreadable)?;
    let not_after = unix_seconds(leaf.not_after()).map_err(unreadable)?;
    let now = now_unix as i64;
    let margin_end = now + i64::from(margin_days) * 86_400;
    let text = |seconds: i64| {
        clock::format_utc_seconds(seconds).unwrap_or_else(|| format!("Unix time {seconds}"))
    };

    if now < not_before {
        return Err(format!(
            "certificate is not valid yet: it is valid from {} UTC, and the platform \
             cannot import it before that date",
            text(not_before)
        ));
    }
    if not_after <= now {
        return Err(format!(
            "certificate expired on {} UTC; renew it and upload the new certificate",
            text(not_after)
        ));
    }
    if not_after <= margin_end {
        return Err(format!(
            "certificate expires on {} UTC, within {margin_days} days from now; the \
             platform accepts only certificates valid until after {} UTC, so renew it first",
            text(not_after),
            text(margin_end)
        ));
    }
    Ok(())
}
