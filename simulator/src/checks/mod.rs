//! Checks of uploaded certificate material with OpenSSL, independent of the
//! panel's own checks. Each rejection is a sentence for the 422 body; none
//! of them quotes PEM text.

mod algorithm;
mod certs;
mod key;
mod pem;

use crate::model::TlsType;
use algorithm::Algorithm;

/// Body of a `POST` or `PUT` on `.../tls`, with its fields present.
#[derive(Debug, Clone)]
pub struct TlsUpload {
    pub tls_type: TlsType,
    pub cert: String,
    pub key: String,
    /// The client CA; `None` when it was omitted, null or empty.
    pub cacert: Option<String>,
}

/// Facts kept from an accepted upload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The leaf's notAfter as `YYYY-MM-DD HH:MM:SS` in UTC.
    pub expire: String,
    pub subject_cn: Option<String>,
}

/// Checks the material as a TLS server would before it serves it, at `now_unix`.
pub fn check_upload(
    upload: &TlsUpload,
    now_unix: u64,
    expiry_margin_days: u32,
) -> Result<Accepted, String> {
    check_client_ca_presence(upload)?;
    for (field, text) in [("cert", &upload.cert), ("key", &upload.key)] {
        reject_nul(field, text)?;
    }
    if let Some(cacert) = &upload.cacert {
        reject_nul("cacert", cacert)?;
    }

    let chain = certs::parse_certificates("cert", &upload.cert)?;
    let leaf = &chain[0];
    let (private_key, key_algorithm) = key::parse_private_key(&upload.key)?;

    let leaf_key = leaf.public_key().map_err(|error| {
        format!(
            "cert has an unreadable public key ({})",
            key::first_reason(&error)
        )
    })?;
    if !leaf_key.public_eq(&private_key) {
        return Err(format!(
            "key does not match the certificate: it belongs to another certificate. \
             Send the key of the first certificate in cert, {}",
            certs::describe(leaf, 1)
        ));
    }

    if let Some(issuer) = certs::find_issuer(leaf, &chain) {
        let issuer_key = issuer.public_key().map_err(|error| {
            format!(
                "the issuer in cert has an unreadable public key ({})",
                key::first_reason(&error)
            )
        })?;
        let issuer_algorithm = Algorithm::of(&issuer_key);
        if issuer_algorithm.family != key_algorithm.family {
            let position = chain
                .iter()
                .position(|candidate| std::ptr::eq(candidate, issuer))
                .unwrap_or(0)
                + 1;
            return Err(format!(
                "certificate key algorithm ({}) differs from the key algorithm of its \
                 issuer, {} ({}); the platform requires a certificate signed by a CA \
                 of the same algorithm",
                key_algorithm.name,
                certs::describe(issuer, position),
                issuer_algorithm.name
            ));
        }
    } else if let Some(signer_family) = algorithm::signer_family(leaf) {
        // Without the issuer in cert, the leaf's own signature algorithm
        // names the family of the key that signed it.
        if signer_family != key_algorithm.family {
            return Err(format!(
                "certificate key algorithm ({}) differs from the key algorithm of the CA \
                 that signed it, which the certificate's signature shows to be {}; the \
                 platform requires a certificate signed by a CA of the same algorithm",
                key_algorithm.name,
                algorithm::family_name(signer_family)
            ));
        }
    }

    certs::check_validity_window(leaf, now_unix, expiry_margin_days)?;
    check_client_ca(upload)?;

    Ok(Accepted {
        expire: certs::format_time(leaf.not_after())
            .map_err(|reason| format!("cert has an unreadable notAfter date ({reason})"))?,
        subject_cn: certs::common_name(leaf),
    })
}

fn check_client_ca_presence(upload: &TlsUpload) -> Result<(), String> {
    match (upload.tls_type, &upload.cacert) {
        (TlsType::OneWay, Some(_)) => Err("cacert must be omitted for a one-way \
                                           certificate; remove it, or set tlsType to \
                                           'two-way' to verify client certificates"
            .to_owned()),
        (TlsType::TwoWay, None) => Err("cacert is missing: a two-way certificate needs \
                                        the client CA certificate as PEM text"
            .to_owned()),
        _ => Ok(()),
    }
}

fn check_client_ca(upload: &TlsUpload) -> Result<(), String> {
    let Some(cacert) = &upload.cacert else {
        return Ok(());
    };
    let authorities = certs::parse_certificates("cacert", cacert)?;
    for (index, authority) in authorities.iter().enumerate() {
        if !certs::is_ca(authority) {
            return Err(format!(
                "cacert {} is not a CA certificate: it lacks basicConstraints \
                 CA:TRUE; send the CA certificate that signs the client certificates",
                certs::describe(authority, index + 1)
            ));
        }
    }
    Ok(())
}

fn reject_nul(field: &str, text: &str) -> Result<(), String> {
    if text.contains('\0') {
        return Err(format!(
            "{field} contains NUL characters, as a file saved in UTF-16 does; \
             save it as ASCII or UTF-8 PEM text"
        ));
    }
    Ok(())
}
