//! Problems found in the material, each with a stable kind for the UI to match on.

use serde::Serialize;

/// Whether a problem stops the upload.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The material cannot be sent until the operator fixes it.
    Blocking,
    /// The material can be sent, and the operator should know what was changed or noticed.
    Warning,
}

/// Machine-readable kind of a problem. The names are stable, so the UI and tests can match on them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemKind {
    /// The file was UTF-16 text and was decoded.
    Utf16Decoded,
    /// The file looks like UTF-16 text but does not decode as UTF-16.
    InvalidUtf16,
    /// A binary DER certificate or key was converted to PEM.
    DerConverted,
    /// The file is a PKCS#12 (PFX) archive, which must be split into PEM parts first.
    Pkcs12Archive,
    /// The source contains no PEM block and no DER certificate or key.
    NoMaterial,
    /// A `-----BEGIN` line has no matching `-----END` line.
    UnterminatedBlock,
    /// The text between the boundaries of a block is not valid base64.
    InvalidBase64,
    /// The decoded block is neither a certificate nor a private key in a known format.
    UnparsableBlock,
    /// A block of a type that is not uploaded (a request, a public key, a CRL) was skipped.
    IgnoredBlock,
    /// A `TRUSTED CERTIFICATE` block was converted to a plain certificate.
    TrustedCertificateConverted,
    /// The PEM label names another type than the content it holds.
    LabelMismatch,
    /// The private key is protected by a passphrase.
    EncryptedKey,
    /// A private key was dropped on a certificate slot and moved to the key slot.
    KeyMoved,
    /// A certificate was dropped on the key slot and moved to the certificates.
    CertificateMoved,
    /// The same certificate or key appeared twice, and the copy was dropped.
    DuplicateDropped,
    /// The chain was put in leaf-first order.
    ChainReordered,
    /// The chain includes its self-signed root certificate.
    RootIncluded,
    /// The issuer of the last certificate in the chain is not in the set.
    MissingIntermediate,
    /// A certificate that is not part of the leaf's chain is not sent.
    UnrelatedCertificate,
    /// A certificate outside the leaf's chain could be the client CA or a mistake.
    AmbiguousCertificate,
    /// Several certificates could be the server certificate.
    AmbiguousLeaf,
    /// A CA certificate outside the server chain was taken as the client CA.
    ClientCaSorted,
    /// A client CA was given for one-way TLS, which does not send one.
    ClientCaIgnored,
    /// Several private keys were given and the one to send is unclear.
    MultipleKeys,
    /// A second private key that matches no certificate was not used.
    UnusedKey,
    /// No certificate was found.
    MissingCertificate,
    /// No private key was found.
    MissingKey,
    /// The key algorithm or size is not one the platform supports.
    UnsupportedKeyAlgorithm,
    /// The leaf's key algorithm differs from the algorithm of the CA that signed it.
    IssuerAlgorithmMismatch,
    /// The private key does not belong to the leaf certificate.
    KeyMismatch,
    /// The certificate's validity has not started yet.
    NotYetValid,
    /// The certificate has expired.
    Expired,
    /// The certificate expires within the platform's import window.
    ExpiresSoon,
    /// Two-way TLS needs a client CA and none was given.
    MissingClientCa,
    /// The client CA certificate is not a CA certificate.
    ClientCaNotCa,
}

/// One finding about the material, worded for the operator.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub kind: ProblemKind,
    /// Name of the source the problem comes from, or `None` when it concerns the whole set.
    pub source: Option<String>,
    /// What is wrong, in plain English.
    pub message: String,
    /// The command or step that fixes the problem, where one exists.
    pub fix: Option<String>,
}

// The constructors are kept out of line: inlined, they repeat their allocation and copy
// code at each of the many places that report a problem, which costs wasm size.
impl Problem {
    #[inline(never)]
    pub(crate) fn blocking(kind: ProblemKind, message: impl Into<String>) -> Self {
        Self::new(Severity::Blocking, kind, message)
    }

    #[inline(never)]
    pub(crate) fn warning(kind: ProblemKind, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, kind, message)
    }

    #[inline(never)]
    fn new(severity: Severity, kind: ProblemKind, message: impl Into<String>) -> Self {
        Self {
            severity,
            kind,
            source: None,
            message: message.into(),
            fix: None,
        }
    }

    #[inline(never)]
    pub(crate) fn in_source(mut self, source: &str) -> Self {
        self.source = Some(source.to_owned());
        self
    }

    #[inline(never)]
    pub(crate) fn with_fix(mut self, fix: impl Into<String>) -> Self {
        self.fix = Some(fix.into());
        self
    }

    pub fn is_blocking(&self) -> bool {
        self.severity == Severity::Blocking
    }
}
