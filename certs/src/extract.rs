//! Pulls every certificate and private key out of the sources, reporting what cannot be used.

use crate::blocks::split_blocks;
use crate::certificate::Cert;
use crate::classify::{Content, classify_der, is_pkcs12, split_der_values};
use crate::decode::{self, decode_source};
use crate::key::PrivateKey;
use crate::problems::{Problem, ProblemKind};
use crate::source::{DropSlot, Source, command_file};

/// Labels of PEM blocks that hold something other than upload material. They are skipped
/// with a warning, where an unknown block blocks the upload.
const IGNORED_LABELS: &[&str] = &[
    "CERTIFICATE REQUEST",
    "NEW CERTIFICATE REQUEST",
    "PUBLIC KEY",
    "RSA PUBLIC KEY",
    "X509 CRL",
    "PKCS7",
    "DH PARAMETERS",
    "X9.42 DH PARAMETERS",
];

/// A certificate or key with the source it came from, in order of appearance.
#[derive(Debug)]
pub(crate) struct Found<T> {
    pub item: T,
    /// Index into the sources.
    pub source: usize,
    pub slot: DropSlot,
}

#[derive(Debug, Default)]
pub(crate) struct Extracted {
    pub certs: Vec<Found<Cert>>,
    pub keys: Vec<Found<PrivateKey>>,
    /// Whether a key was found that could not be read because of a passphrase.
    pub encrypted_key_seen: bool,
    pub pkcs12_seen: bool,
}

pub(crate) fn extract(sources: &[Source], problems: &mut Vec<Problem>) -> Extracted {
    let mut extracted = Extracted::default();
    for (index, source) in sources.iter().enumerate() {
        let mut context = SourceContext {
            index,
            source,
            extracted: &mut extracted,
            problems,
        };
        context.extract_source();
    }
    extracted
}

struct SourceContext<'a> {
    index: usize,
    source: &'a Source,
    extracted: &'a mut Extracted,
    problems: &'a mut Vec<Problem>,
}

impl SourceContext<'_> {
    fn name(&self) -> &str {
        &self.source.name
    }

    fn extract_source(&mut self) {
        let problems_before = self.problems.len();
        let found_before = self.found_count();

        match decode_source(&self.source.name, &self.source.bytes, self.problems) {
            decode::Content::Text(text) => {
                let blocks = split_blocks(&self.source.name, &text, self.problems);
                for block in blocks {
                    if block.legacy_encrypted {
                        self.report_encrypted_key();
                    } else {
                        let content = classify_der(&block.der);
                        self.check_label(&block.label, &content);
                        self.take(content, Some(&block.label));
                    }
                }
            }
            decode::Content::Binary(bytes) => self.extract_binary(&bytes),
            decode::Content::Unreadable => return,
        }

        let nothing_reported = self.problems.len() == problems_before;
        if nothing_reported && self.found_count() == found_before {
            let name = self.name().to_owned();
            self.problems.push(
                Problem::blocking(
                    ProblemKind::NoMaterial,
                    format!("{name} contains no PEM block and no DER certificate or key."),
                )
                .in_source(&name)
                .with_fix("Drop the certificate or key file itself: a PEM file has lines such as -----BEGIN CERTIFICATE-----."),
            );
        }
    }

    fn found_count(&self) -> usize {
        self.extracted.certs.len() + self.extracted.keys.len()
    }

    fn extract_binary(&mut self, bytes: &[u8]) {
        if is_pkcs12(bytes) {
            self.report_pkcs12();
            return;
        }

        let values: Vec<&[u8]> = match classify_der(bytes) {
            Content::Unknown => split_der_values(bytes).unwrap_or_else(|| vec![bytes]),
            _ => vec![bytes],
        };
        let found_before = self.found_count();
        for value in values {
            self.take(classify_der(value), None);
        }

        if self.found_count() > found_before {
            let name = self.name().to_owned();
            self.problems.push(
                Problem::warning(
                    ProblemKind::DerConverted,
                    format!("{name} contains binary DER data, which was converted to PEM text."),
                )
                .in_source(&name),
            );
        }
    }

    /// Stores a certificate or key, or reports why the content is not used. `label` is the
    /// PEM label, or `None` for binary DER.
    fn take(&mut self, content: Content, label: Option<&str>) {
        let name = self.name().to_owned();
        match content {
            Content::Certificate(cert) => self.push_cert(cert),
            Content::TrustedCertificate(cert) => {
                self.problems.push(
                    Problem::warning(
                        ProblemKind::TrustedCertificateConverted,
                        format!(
                            "{name} contains an OpenSSL TRUSTED CERTIFICATE. Its trust settings were dropped, and the plain certificate {} is used.",
                            cert.subject
                        ),
                    )
                    .in_source(&name),
                );
                self.push_cert(cert);
            }
            Content::PrivateKey(key) => self.extracted.keys.push(Found {
                item: key,
                source: self.index,
                slot: self.source.slot,
            }),
            Content::EncryptedPrivateKey => self.report_encrypted_key(),
            Content::EcParameters => {}
            Content::Pkcs12 => self.report_pkcs12(),
            Content::Unknown => self.report_unknown(label),
        }
    }

    fn push_cert(&mut self, cert: Cert) {
        self.extracted.certs.push(Found {
            item: cert,
            source: self.index,
            slot: self.source.slot,
        });
    }

    fn check_label(&mut self, label: &str, content: &Content) {
        let Some(expected) = content.pem_label() else {
            return;
        };
        let equivalent = matches!(
            (label, expected),
            ("CERTIFICATE" | "X509 CERTIFICATE", "TRUSTED CERTIFICATE")
                | ("TRUSTED CERTIFICATE" | "X509 CERTIFICATE", "CERTIFICATE")
        );
        if label == expected || equivalent {
            return;
        }

        let name = self.name().to_owned();
        let is_key = matches!(
            content,
            Content::PrivateKey(_) | Content::EncryptedPrivateKey
        );
        let fix = if is_key {
            let file = command_file(&name, "key.pem");
            format!(
                "The panel sends the key under the correct label. To repair the file, export it again with: openssl pkey -in {file} -out key-fixed.pem"
            )
        } else {
            let file = command_file(&name, "cert.pem");
            format!(
                "The panel sends the content under the correct label. To repair the file, export it again with: openssl x509 -in {file} -out cert-fixed.pem"
            )
        };
        self.problems.push(
            Problem::warning(
                ProblemKind::LabelMismatch,
                format!(
                    "A block in {name} is labelled {label} but contains {}, whose label is {expected}.",
                    content.describe()
                ),
            )
            .in_source(&name)
            .with_fix(fix),
        );
    }

    fn report_encrypted_key(&mut self) {
        self.extracted.encrypted_key_seen = true;
        let name = self.name().to_owned();
        let file = command_file(&name, "key.pem");
        self.problems.push(
            Problem::blocking(
                ProblemKind::EncryptedKey,
                format!("The private key in {name} is encrypted with a passphrase, and the platform needs an unencrypted key."),
            )
            .in_source(&name)
            .with_fix(format!(
                "Remove the passphrase with: openssl pkey -in {file} -out key-plain.pem (it asks for the passphrase), then drop key-plain.pem."
            )),
        );
    }

    fn report_pkcs12(&mut self) {
        self.extracted.pkcs12_seen = true;
        let name = self.name().to_owned();
        let file = command_file(&name, "bundle.pfx");
        self.problems.push(
            Problem::blocking(
                ProblemKind::Pkcs12Archive,
                format!("{name} is a PKCS#12 (PFX) archive, but the platform needs the certificate, chain and key as separate PEM text."),
            )
            .in_source(&name)
            .with_fix(format!(
                "Extract the parts with openssl (each asks for the archive's password):\n\
                 openssl pkcs12 -in {file} -clcerts -nokeys -out cert.pem\n\
                 openssl pkcs12 -in {file} -cacerts -nokeys -out chain.pem\n\
                 openssl pkcs12 -in {file} -nocerts -nodes -out key.pem\n\
                 Then drop cert.pem, chain.pem and key.pem. OpenSSL 3 needs -legacy for archives made with older tools."
            )),
        );
    }

    fn report_unknown(&mut self, label: Option<&str>) {
        let name = self.name().to_owned();
        let problem = match label {
            Some(label) if IGNORED_LABELS.contains(&label) => Problem::warning(
                ProblemKind::IgnoredBlock,
                format!("The {label} block in {name} is not a certificate or private key and was skipped."),
            ),
            Some(label) => Problem::blocking(
                ProblemKind::UnparsableBlock,
                format!("The {label} block in {name} is neither a certificate nor an unencrypted private key in PKCS#1, PKCS#8 or SEC1 form."),
            )
            .with_fix("Export the certificate and key again as PEM with openssl x509 and openssl pkey."),
            None => Problem::blocking(
                ProblemKind::UnparsableBlock,
                format!("{name} is binary data but not a DER certificate, private key or PKCS#12 archive."),
            )
            .with_fix("Export the certificate and key again as PEM with openssl x509 and openssl pkey."),
        };
        self.problems.push(problem.in_source(&name));
    }
}
