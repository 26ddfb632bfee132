//! The question the form shows when several certificates could be the server
//! certificate, such as a renewed certificate next to the old one for the
//! same key. The choice goes into the draft and the material is checked
//! again with it.

use leptos::prelude::*;
use tls_certs::{CertificatePreview, CertificateRole};

use crate::checked_material::CheckedMaterial;
use crate::draft::UploadDraft;
use crate::state::Panel;

/// Number of fingerprint bytes in an option's label. Two certificates share
/// the first four bytes by chance with a probability of 1 in 2^32, and the
/// preview shows the whole value.
const FINGERPRINT_BYTES_SHOWN: usize = 4;

/// One radio button: the candidate's fingerprint and its label.
#[derive(Clone, Debug, PartialEq, Eq)]
struct LeafOption {
    fingerprint: String,
    label: String,
}

/// Asks which certificate is the server certificate, as a radio group that
/// is shown only while the checks list leaf candidates.
#[component]
pub fn LeafChoice() -> impl IntoView {
    let panel = expect_context::<Panel>();
    let draft = expect_context::<UploadDraft>();
    let checked = expect_context::<Memo<CheckedMaterial>>();

    // The options change only when the candidates do, not when a choice
    // starts a new check, so a choice neither rebuilds the group nor
    // announces the question again.
    let options = Memo::new(move |_| {
        checked.with(|checked| {
            checked
                .0
                .leaf_candidates
                .iter()
                .map(leaf_option)
                .collect::<Vec<_>>()
        })
    });
    let chosen = Memo::new(move |_| {
        checked.with(|checked| {
            checked
                .0
                .leaf_candidates
                .iter()
                .find(|candidate| candidate.role == CertificateRole::Leaf)
                .map(|candidate| candidate.sha256_fingerprint.clone())
        })
    });

    // The question appears away from where the operator dropped the files,
    // so the page's live region announces it to screen readers.
    Effect::new(move |_| {
        if options.with(|options| !options.is_empty()) {
            panel.announce(
                "Several certificates could be the server certificate. Choose one under \
                 \"Which certificate is the server certificate?\".",
            );
        }
    });

    // Once the operator chooses, the status line reports the choice in
    // place of the question.
    Effect::new(move |_| {
        let answered = chosen.with(Option::is_some) && options.with(|options| !options.is_empty());
        if answered {
            panel.announce("Server certificate chosen. The checks ran again with it.");
        }
    });

    move || {
        let options = options.get();
        (!options.is_empty()).then(|| {
            view! {
                <fieldset class="leaf-choice">
                    <legend>"Which certificate is the server certificate?"</legend>
                    <p class="card__hint">
                        "The files hold several certificates that could each be the server certificate. \
                         Choose the one to send, and the checks run again with it."
                    </p>
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(index, option)| {
                            let id = format!("leaf-choice-{index}");
                            let fingerprint = option.fingerprint.clone();
                            let is_chosen = move || {
                                chosen.with(|chosen| chosen.as_ref() == Some(&fingerprint))
                            };
                            let fingerprint = option.fingerprint.clone();
                            view! {
                                <div class="leaf-choice__option">
                                    <input
                                        type="radio"
                                        name="leaf-choice"
                                        id=id.clone()
                                        value=option.fingerprint
                                        prop:checked=is_chosen
                                        on:change=move |_| draft.leaf_choice.set(Some(fingerprint.clone()))
                                    />
                                    <label for=id>{option.label}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </fieldset>
            }
        })
    }
}

/// Builds the radio button of `candidate`, labelled with what distinguishes
/// it: subject, names, end of validity, fingerprint start and file.
fn leaf_option(candidate: &CertificatePreview) -> LeafOption {
    let names: Vec<&str> = candidate
        .dns_names
        .iter()
        .chain(&candidate.ip_addresses)
        .map(String::as_str)
        .collect();
    let fingerprint_start: Vec<&str> = candidate
        .sha256_fingerprint
        .split(':')
        .take(FINGERPRINT_BYTES_SHOWN)
        .collect();
    let mut label = candidate.subject.clone();
    if !names.is_empty() {
        label.push_str(&format!(", for {}", names.join(", ")));
    }
    label.push_str(&format!(
        ", expires {} UTC, SHA-256 {}…, from {}",
        candidate.not_after,
        fingerprint_start.join(":"),
        candidate.source
    ));
    LeafOption {
        fingerprint: candidate.sha256_fingerprint.clone(),
        label,
    }
}

#[cfg(test)]
mod tests {
    use tls_certs::KeyAlgorithm;

    use super::*;

    fn candidate(dns_names: &[&str], ip_addresses: &[&str]) -> CertificatePreview {
        CertificatePreview {
            source: "bundle.pem".to_owned(),
            role: CertificateRole::Unplaced,
            subject: "CN=mqtt.example.test, O=Example".to_owned(),
            issuer: "CN=Example CA".to_owned(),
            dns_names: dns_names.iter().map(|name| (*name).to_owned()).collect(),
            ip_addresses: ip_addresses.iter().map(|ip| (*ip).to_owned()).collect(),
            not_before: "2026-01-01 00:00:00".to_owned(),
            not_after: "2027-01-01 12:30:00".to_owned(),
            days_left: 200,
            key_algorithm: KeyAlgorithm::Rsa { bits: 2048 },
            sha256_fingerprint: "AB:CD:EF:01:23:45".to_owned(),
            is_ca: false,
        }
    }

    #[test]
    fn option_label_lists_distinguishing_facts() {
        let option = leaf_option(&candidate(&["mqtt.example.test"], &["127.0.0.1"]));

        assert_eq!(option.fingerprint, "AB:CD:EF:01:23:45");
        assert_eq!(
            option.label,
            "CN=mqtt.example.test, O=Example, for mqtt.example.test, 127.0.0.1, expires \
             2027-01-01 12:30:00 UTC, SHA-256 AB:CD:EF:01…, from bundle.pem"
        );
    }

    #[test]
    fn option_label_without_names_skips_them() {
        let option = leaf_option(&candidate(&[], &[]));

        assert_eq!(
            option.label,
            "CN=mqtt.example.test, O=Example, expires 2027-01-01 12:30:00 UTC, SHA-256 \
             AB:CD:EF:01…, from bundle.pem"
        );
    }
}
