//! Checks TLS certificate material in the browser before the platform is asked to import it.
//!
//! The platform allows a few writes an hour, so the panel decodes, sorts and checks what
//! the operator drops before any request is spent. Everything here is pure Rust without
//! browser or system calls: "now" is a parameter, and native tests cover the same code
//! that the panel runs as wasm.
//!
//! ```no_run
//! use tls_certs::{Choices, DropSlot, Policy, Source, TlsType, analyze};
//!
//! let sources = [Source::new("bundle.pem", std::fs::read("bundle.pem").unwrap(), DropSlot::Any)];
//! let choices = Choices::default();
//! let analysis = analyze(&sources, TlsType::OneWay, &Policy::default(), &choices, 1_767_225_600);
//! for problem in &analysis.problems {
//!     println!("{:?}: {}", problem.severity, problem.message);
//! }
//! if let Some(payload) = analysis.payload() {
//!     println!("{}", payload.cert);
//! }
//! ```

mod algorithm;
mod analysis;
mod blocks;
mod certificate;
mod chain;
mod choices;
mod classify;
mod decode;
mod der_fields;
mod extract;
mod key;
mod key_match;
mod payload;
mod policy;
mod preview;
mod problems;
mod sort;
mod source;
mod text;
mod validity;
mod x509;

pub use algorithm::{Curve, KeyAlgorithm, UnknownAlgorithmName};
pub use analysis::{Analysis, analyze};
pub use choices::Choices;
pub use key::KeyFormat;
pub use payload::Payload;
pub use policy::Policy;
pub use preview::{CertificatePreview, CertificateRole, KeyPreview};
pub use problems::{Problem, ProblemKind, Severity};
pub use source::{DropSlot, Source, TlsType};
