//! The certificate check as the benchmark page calls it: `tls_certs::analyze` on a leaf,
//! its intermediate and root certificates, and the leaf's private key, all as PEM text.
//!
//! The page builds one [`CheckBench`] and times [`CheckBench::run`], so the timed work is
//! the check itself and not the copy of the PEM text into wasm memory.

use std::fmt::Write;

use tls_certs::{Analysis, Choices, DropSlot, Policy, Source, TlsType, analyze};
use wasm_bindgen::prelude::*;

/// The certificate material of one benchmark and the policy it is checked against.
#[wasm_bindgen]
pub struct CheckBench {
    sources: Vec<Source>,
    policy: Policy,
}

#[wasm_bindgen]
impl CheckBench {
    /// Takes the PEM text of the leaf, the intermediate, the root and the leaf's PKCS#8
    /// key, each as one dropped file on the slot the panel offers for it.
    #[wasm_bindgen(constructor)]
    pub fn new(leaf: &str, intermediate: &str, root: &str, key: &str) -> CheckBench {
        let certificate =
            |name: &str, pem: &str| Source::new(name, pem.as_bytes(), DropSlot::CertificateChain);
        CheckBench {
            sources: vec![
                certificate("leaf.pem", leaf),
                certificate("intermediate.pem", intermediate),
                certificate("root.pem", root),
                Source::new("leaf.key.pem", key.as_bytes(), DropSlot::PrivateKey),
            ],
            policy: Policy::default(),
        }
    }

    /// Checks the material once at `now_unix` (Unix seconds) and returns whether the
    /// result is the expected one (see [`is_expected`]).
    pub fn run(&self, now_unix: f64) -> bool {
        is_expected(&self.check(now_unix as i64))
    }

    /// Checks the material once at `now_unix` (Unix seconds) and describes the result.
    pub fn describe(&self, now_unix: f64) -> String {
        describe(&self.check(now_unix as i64))
    }
}

impl CheckBench {
    /// Runs `tls_certs::analyze` for one-way TLS with the default policy, as the panel does.
    pub fn check(&self, now_unix: i64) -> Analysis {
        analyze(
            &self.sources,
            TlsType::OneWay,
            &self.policy,
            &Choices::default(),
            now_unix,
        )
    }
}

/// Whether `analysis` is what the benchmark's material must give: a chain of three
/// certificates, a key that matches the leaf, and no problem that blocks the upload.
pub fn is_expected(analysis: &Analysis) -> bool {
    analysis.chain.len() == 3
        && analysis.key.as_ref().and_then(|key| key.matches_leaf) == Some(true)
        && analysis.can_send()
}

/// Lists the chain's subjects, whether the key matches the leaf, and every problem, for
/// the page's message when the result is not the expected one.
pub fn describe(analysis: &Analysis) -> String {
    let subjects: Vec<&str> = analysis
        .chain
        .iter()
        .map(|certificate| certificate.subject.as_str())
        .collect();
    let key_match = match analysis.key.as_ref().map(|key| key.matches_leaf) {
        None => "no key",
        Some(None) => "unknown",
        Some(Some(true)) => "yes",
        Some(Some(false)) => "no",
    };
    let mut text = format!(
        "chain: [{}]; key matches leaf: {key_match}; can send: {}",
        subjects.join(" | "),
        analysis.can_send()
    );
    for problem in &analysis.problems {
        write!(text, "; {:?}: {}", problem.severity, problem.message)
            .expect("writing to a String does not fail");
    }
    text
}
