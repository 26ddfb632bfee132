//! Decisions the operator made where the material alone cannot settle a question, and how
//! the sort applies them.

use crate::certificate::Cert;
use crate::extract::Found;
use crate::preview::fingerprint;
use crate::problems::{Problem, ProblemKind};
use crate::source::Source;

/// The operator's decisions, passed to [`analyze`](crate::analyze). `Default` means none.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Choices {
    /// SHA-256 fingerprint of the certificate chosen as the server certificate, in the
    /// form of [`CertificatePreview::sha256_fingerprint`](crate::CertificatePreview), with
    /// letter case ignored. It is used only when several certificates could be the leaf
    /// and it names one of them, so a choice left over from other files decides nothing.
    pub leaf: Option<String>,
}

/// Returns the candidate among `options` (indices into `certs`) that `choices` names as
/// the leaf. Without such a choice, reports the ambiguity as blocking and returns `None`.
pub(crate) fn settle_ambiguous_leaf(
    certs: &[&Cert],
    options: &[usize],
    choices: &Choices,
    problems: &mut Vec<Problem>,
) -> Option<usize> {
    let chosen = choices.leaf.as_deref().and_then(|chosen| {
        options
            .iter()
            .copied()
            .find(|&option| fingerprint(&certs[option].der).eq_ignore_ascii_case(chosen))
    });
    if chosen.is_none() {
        // A renewed certificate has the subject of the old one, so the end of validity
        // distinguishes them.
        let described: Vec<String> = options
            .iter()
            .map(|&option| {
                let cert = certs[option];
                format!("{} (valid until {} UTC)", cert.subject, cert.not_after_text)
            })
            .collect();
        problems.push(
            Problem::blocking(
                ProblemKind::AmbiguousLeaf,
                format!(
                    "Several certificates could be the server certificate: {}.",
                    described.join("; ")
                ),
            )
            .with_fix("Choose the server certificate in the form, or drop only the server certificate with its chain, together with its private key."),
        );
    }
    chosen
}

/// Moves the end-entity candidates in `options` that are still in `slots` to `unplaced`,
/// with a warning, once the operator chose another candidate as the leaf. They are not
/// sent in either TLS type. A CA candidate stays in `slots` and is sorted like any other
/// certificate outside the chain, because it may still be the client CA.
pub(crate) fn set_aside_not_chosen(
    slots: &mut [Option<Found<Cert>>],
    options: &[usize],
    sources: &[Source],
    problems: &mut Vec<Problem>,
    unplaced: &mut Vec<Found<Cert>>,
) {
    for &option in options {
        let Some(cert) = slots[option].take_if(|cert| !cert.item.is_ca) else {
            continue;
        };
        let name = &sources[cert.source].name;
        problems.push(
            Problem::warning(
                ProblemKind::UnrelatedCertificate,
                format!(
                    "The certificate {} (valid until {} UTC) from {name} was not chosen as the server certificate, so it is not sent.",
                    cert.item.subject, cert.item.not_after_text
                ),
            )
            .in_source(name),
        );
        unplaced.push(cert);
    }
}
