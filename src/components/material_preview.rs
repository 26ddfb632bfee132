//! The preview of what will be sent: the chain in order, the key and
//! whether it matches, the client CA, and what is left out.

use leptos::prelude::*;
use tls_certs::{CertificatePreview, CertificateRole, KeyFormat, ProblemKind};

use crate::checked_material::CheckedMaterial;
use crate::components::problem_list::ProblemList;
use crate::draft::UploadDraft;
use crate::expiry::NEAR_EXPIRY_DAYS;

/// Shows the checked material before Save, and the problems that have no
/// single file to stand next to.
#[component]
pub fn MaterialPreview() -> impl IntoView {
    let draft = expect_context::<UploadDraft>();
    let checked = expect_context::<Memo<CheckedMaterial>>();

    move || {
        let material = checked.get();
        if draft.is_empty() {
            return None;
        }
        let analysis = material.0.clone();
        let general_problems: Vec<_> = analysis
            .problems
            .iter()
            .filter(|problem| problem.source.is_none())
            .cloned()
            .collect();
        let key_line = analysis.key.as_ref().map(|key| {
            let (class, verdict) = match key.matches_leaf {
                Some(true) => ("preview__match", "matches the server certificate"),
                Some(false) => ("preview__mismatch", "does not match the server certificate"),
                None if !analysis.leaf_candidates.is_empty() && analysis.chain.is_empty() => {
                    ("", "is compared with the server certificate once you choose it under \"Which certificate is the server certificate?\"")
                }
                None if analysis.chain.is_empty() => {
                    ("", "cannot be compared yet, because no server certificate was found")
                }
                None => (
                    "",
                    "cannot be compared with the server certificate, because the panel cannot \
                     derive this key's public key",
                ),
            };
            view! {
                <p>
                    {format!("Private key: {} ({}, from {}), which ", key.algorithm, format_name(key.format), key.source)}
                    <strong class=class>{verdict}</strong>
                    "."
                </p>
            }
        });
        let key_mismatch = analysis.has_problem(ProblemKind::KeyMismatch);

        Some(view! {
            <section class="preview" aria-labelledby="preview-heading">
                <h3 id="preview-heading">"What will be sent"</h3>
                {(!analysis.chain.is_empty()).then(|| view! {
                    <h4>"Certificate chain, in the order sent"</h4>
                    <ol class="preview__chain">
                        {analysis.chain.iter().cloned().map(|certificate| view! { <CertificateCard certificate/> }).collect_view()}
                    </ol>
                })}
                {key_line}
                {(!analysis.client_ca.is_empty()).then(|| view! {
                    <h4>"Client CA"</h4>
                    <ul class="preview__chain">
                        {analysis.client_ca.iter().cloned().map(|certificate| view! { <CertificateCard certificate/> }).collect_view()}
                    </ul>
                })}
                {(!analysis.unplaced.is_empty()).then(|| view! {
                    <h4>"Not sent"</h4>
                    <ul class="preview__chain">
                        {analysis.unplaced.iter().cloned().map(|certificate| view! { <CertificateCard certificate/> }).collect_view()}
                    </ul>
                })}
                {key_mismatch.then(|| view! {
                    <p class="card__hint">
                        "Compare the key with the certificate: the outputs of \"openssl pkey -in KEY -pubout\" and \
                         \"openssl x509 -in CERT -noout -pubkey\" must be the same."
                    </p>
                })}
                <ProblemList problems=general_problems/>
            </section>
        })
    }
}

/// Renders one certificate of the preview.
#[component]
fn CertificateCard(certificate: CertificatePreview) -> impl IntoView {
    let role = match certificate.role {
        CertificateRole::Leaf => "Server certificate",
        CertificateRole::Intermediate => "Intermediate CA",
        CertificateRole::Root => "Root CA",
        CertificateRole::ClientCa => "Client CA",
        CertificateRole::Unplaced => "Not sent",
    };
    let days = certificate.days_left;
    let days_text = match days {
        ..0 => format!("expired {} days ago", -days),
        0 => "expires today".to_owned(),
        1 => "1 day left".to_owned(),
        _ => format!("{days} days left"),
    };
    let names: Vec<String> = certificate
        .dns_names
        .iter()
        .chain(&certificate.ip_addresses)
        .cloned()
        .collect();
    let validity_class = if days < NEAR_EXPIRY_DAYS {
        "expiry expiry--near"
    } else {
        "expiry"
    };

    view! {
        <li class="preview__certificate">
            <p class="preview__role">{role} <span class="preview__source">{format!(" from {}", certificate.source)}</span></p>
            <dl class="preview__fields">
                <dt>"Subject"</dt>
                <dd>{certificate.subject}</dd>
                {(!names.is_empty()).then(|| view! { <dt>"Names (SAN)"</dt><dd>{names.join(", ")}</dd> })}
                <dt>"Issuer"</dt>
                <dd>{certificate.issuer}</dd>
                <dt>"Valid"</dt>
                <dd class=validity_class>
                    {format!("{} to {} UTC ({days_text})", certificate.not_before, certificate.not_after)}
                </dd>
                <dt>"Key"</dt>
                <dd>{certificate.key_algorithm.to_string()}</dd>
                <dt>"SHA-256"</dt>
                <dd class="preview__fingerprint">{certificate.sha256_fingerprint}</dd>
            </dl>
        </li>
    }
}

fn format_name(format: KeyFormat) -> &'static str {
    match format {
        KeyFormat::Pkcs1 => "PKCS#1",
        KeyFormat::Pkcs8 => "PKCS#8",
        KeyFormat::Sec1 => "SEC1",
    }
}
