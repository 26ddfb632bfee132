//! Test fixtures made with the openssl command line at test time.
//!
//! `pki()` builds, once per test binary, a root CA, an intermediate CA signed by it with
//! `basicConstraints=critical,CA:TRUE`, and a leaf with SANs signed by the intermediate.
//! `Workdir` runs further openssl commands in a temporary directory for the variants a
//! test needs (other key types, DER, PKCS#12, encrypted keys).

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{SystemTime, UNIX_EPOCH};

use tls_certs::{Analysis, Choices, DropSlot, Policy, ProblemKind, Source, TlsType, analyze};

pub const DAY: i64 = 86_400;
pub const LEAF_DAYS: u32 = 365;
pub const LEAF_CN: &str = "mqtt.example.test";
pub const INTERMEDIATE_CN: &str = "Example Test Intermediate CA";
pub const ROOT_CN: &str = "Example Test Root CA";

const CA_EXTENSIONS: &str = "[v3_ca]\n\
basicConstraints = critical,CA:TRUE\n\
keyUsage = critical,keyCertSign,cRLSign\n\
subjectKeyIdentifier = hash\n\
authorityKeyIdentifier = keyid:always\n";

const LEAF_EXTENSIONS: &str = "[v3_leaf]\n\
basicConstraints = CA:FALSE\n\
keyUsage = critical,digitalSignature,keyEncipherment\n\
extendedKeyUsage = serverAuth\n\
subjectKeyIdentifier = hash\n\
authorityKeyIdentifier = keyid\n\
subjectAltName = DNS:mqtt.example.test,DNS:*.mqtt.example.test,IP:127.0.0.1,IP:::1\n";

/// Minimal request configuration, so the machine's openssl.cnf cannot add extensions.
const REQ_CONFIG: &str = "[req]\ndistinguished_name = dn\n[dn]\n";

/// A certificate with its private key, both as PEM text.
#[derive(Clone)]
pub struct Issued {
    pub cert: Vec<u8>,
    pub key: Vec<u8>,
}

/// The base material shared by the tests of one binary.
pub struct Pki {
    pub root: Issued,
    pub intermediate: Issued,
    pub leaf: Issued,
}

pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(|| {
        let dir = Workdir::new();
        let root = dir.self_signed_ca(&KeySpec::Rsa(2048), ROOT_CN);
        let intermediate = dir.issue(
            &KeySpec::Rsa(2048),
            INTERMEDIATE_CN,
            &root,
            Profile::Ca,
            3650,
        );
        let leaf = dir.issue(
            &KeySpec::Rsa(2048),
            LEAF_CN,
            &intermediate,
            Profile::Leaf,
            LEAF_DAYS,
        );
        Pki {
            root,
            intermediate,
            leaf,
        }
    })
}

/// Current time in Unix seconds. The crate takes "now" as a parameter; tests pass the
/// real clock or an offset from it.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

#[derive(Clone, Debug)]
pub enum KeySpec {
    Rsa(u32),
    Ec(&'static str),
    Ed25519,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Profile {
    Ca,
    Leaf,
}

/// A temporary directory for openssl runs. It is removed when dropped.
pub struct Workdir {
    dir: tempfile::TempDir,
}

impl Workdir {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("create temporary directory"),
        }
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, bytes).expect("write fixture file");
        path
    }

    pub fn read(&self, name: &str) -> Vec<u8> {
        std::fs::read(self.path(name)).expect("read fixture file")
    }

    /// Runs openssl in the directory and returns its standard output. Panics with
    /// openssl's error output when it fails, so a broken fixture is visible at once.
    pub fn openssl(&self, args: &[&str]) -> Vec<u8> {
        let output = Command::new("openssl")
            .args(args)
            .current_dir(self.dir.path())
            .output()
            .expect("run openssl");
        assert!(
            output.status.success(),
            "openssl {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    }

    /// Generates a private key in PKCS#8 PEM form, as `openssl genpkey` writes it.
    pub fn generate_key(&self, spec: &KeySpec, name: &str) -> Vec<u8> {
        let mut args = vec!["genpkey", "-out", name];
        let bits;
        match spec {
            KeySpec::Rsa(size) => {
                bits = format!("rsa_keygen_bits:{size}");
                args.extend(["-algorithm", "RSA", "-pkeyopt", &bits]);
            }
            KeySpec::Ec(curve) => {
                bits = format!("ec_paramgen_curve:{curve}");
                args.extend(["-algorithm", "EC", "-pkeyopt", &bits]);
            }
            KeySpec::Ed25519 => args.extend(["-algorithm", "ed25519"]),
        }
        self.openssl(&args);
        self.read(name)
    }

    pub fn self_signed_ca(&self, spec: &KeySpec, common_name: &str) -> Issued {
        let key = self.generate_key(spec, "ca.key");
        self.write("req.cnf", format!("{REQ_CONFIG}{CA_EXTENSIONS}").as_bytes());
        let subject = format!("/CN={common_name}/O=Example Test");
        self.openssl(&[
            "req",
            "-x509",
            "-config",
            "req.cnf",
            "-extensions",
            "v3_ca",
            "-key",
            "ca.key",
            "-out",
            "ca.pem",
            "-days",
            "3650",
            "-subj",
            &subject,
        ]);
        Issued {
            cert: self.read("ca.pem"),
            key,
        }
    }

    /// Self-signs a leaf certificate with a key of `spec`.
    pub fn self_signed_leaf(&self, spec: &KeySpec, common_name: &str, days: u32) -> Issued {
        let key = self.generate_key(spec, "self.key");
        self.write(
            "req.cnf",
            format!("{REQ_CONFIG}{LEAF_EXTENSIONS}").as_bytes(),
        );
        let subject = format!("/CN={common_name}");
        let days = days.to_string();
        self.openssl(&[
            "req",
            "-x509",
            "-config",
            "req.cnf",
            "-extensions",
            "v3_leaf",
            "-key",
            "self.key",
            "-out",
            "self.pem",
            "-days",
            &days,
            "-subj",
            &subject,
        ]);
        Issued {
            cert: self.read("self.pem"),
            key,
        }
    }

    /// Issues a certificate for a new key of `spec`, signed by `issuer` with
    /// `openssl x509 -req -CA ... -extfile ...`.
    pub fn issue(
        &self,
        spec: &KeySpec,
        common_name: &str,
        issuer: &Issued,
        profile: Profile,
        days: u32,
    ) -> Issued {
        let key = self.generate_key(spec, "new.key");
        self.issue_for_key(&key, common_name, issuer, profile, days)
    }

    /// Issues a certificate for the existing PEM private key `key`, signed by `issuer`, as
    /// a CA does when it renews a certificate for the same key.
    pub fn issue_for_key(
        &self,
        key: &[u8],
        common_name: &str,
        issuer: &Issued,
        profile: Profile,
        days: u32,
    ) -> Issued {
        self.write("new.key", key);
        self.write("issuer.pem", &issuer.cert);
        self.write("issuer.key", &issuer.key);
        self.write("req.cnf", REQ_CONFIG.as_bytes());
        let (extensions, section) = match profile {
            Profile::Ca => (CA_EXTENSIONS, "v3_ca"),
            Profile::Leaf => (LEAF_EXTENSIONS, "v3_leaf"),
        };
        self.write("ext.cnf", extensions.as_bytes());
        let subject = format!("/CN={common_name}/O=Example Test");
        self.openssl(&[
            "req", "-new", "-config", "req.cnf", "-key", "new.key", "-out", "new.csr", "-subj",
            &subject,
        ]);
        let days = days.to_string();
        self.openssl(&[
            "x509",
            "-req",
            "-in",
            "new.csr",
            "-CA",
            "issuer.pem",
            "-CAkey",
            "issuer.key",
            "-CAcreateserial",
            "-out",
            "new.pem",
            "-days",
            &days,
            "-extfile",
            "ext.cnf",
            "-extensions",
            section,
        ]);
        Issued {
            cert: self.read("new.pem"),
            key: key.to_vec(),
        }
    }

    /// Returns the SHA-256 fingerprint of the PEM certificate `cert` as openssl prints it:
    /// colon-separated uppercase hex.
    pub fn fingerprint(&self, cert: &[u8]) -> String {
        self.write("fingerprint.pem", cert);
        let output = self.openssl(&[
            "x509",
            "-in",
            "fingerprint.pem",
            "-noout",
            "-fingerprint",
            "-sha256",
        ]);
        let text = String::from_utf8(output).expect("openssl prints ASCII");
        let (_, hex) = text
            .trim()
            .split_once('=')
            .expect("openssl prints NAME=HEX");
        hex.to_owned()
    }

    /// Runs `openssl <command> -in <input> <args...>` on `input` and returns the output file.
    pub fn convert(&self, command: &str, input: &[u8], args: &[&str]) -> Vec<u8> {
        self.write("convert.in", input);
        let mut full = vec![command, "-in", "convert.in", "-out", "convert.out"];
        full.extend(args);
        self.openssl(&full);
        self.read("convert.out")
    }
}

pub fn path_text(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

pub fn concat(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

pub fn source(name: &str, bytes: impl Into<Vec<u8>>) -> Source {
    Source::new(name, bytes, DropSlot::Any)
}

/// Sources for the standard one-way upload: the leaf with its chain, and the leaf's key.
pub fn standard_sources() -> Vec<Source> {
    let pki = pki();
    vec![
        source(
            "fullchain.pem",
            concat(&[&pki.leaf.cert, &pki.intermediate.cert]),
        ),
        source("server.key", pki.leaf.key.clone()),
    ]
}

pub fn analyze_one_way(sources: &[Source]) -> Analysis {
    analyze(
        sources,
        TlsType::OneWay,
        &Policy::default(),
        &Choices::default(),
        now(),
    )
}

pub fn analyze_two_way(sources: &[Source]) -> Analysis {
    analyze(
        sources,
        TlsType::TwoWay,
        &Policy::default(),
        &Choices::default(),
        now(),
    )
}

/// Lists the problems, for assertion messages.
pub fn describe(analysis: &Analysis) -> String {
    analysis
        .problems
        .iter()
        .map(|problem| {
            format!(
                "{:?} {:?}: {}",
                problem.severity, problem.kind, problem.message
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn assert_sendable(analysis: &Analysis) {
    assert!(
        analysis.can_send(),
        "expected sendable, problems:\n{}",
        describe(analysis)
    );
    assert!(analysis.payload().is_some());
}

pub fn assert_blocked_by(analysis: &Analysis, kind: ProblemKind) {
    assert!(
        !analysis.can_send(),
        "expected blocked by {kind:?}, problems:\n{}",
        describe(analysis)
    );
    assert!(analysis.payload().is_none());
    let problem = analysis
        .problems
        .iter()
        .find(|problem| problem.kind == kind);
    let problem =
        problem.unwrap_or_else(|| panic!("no {kind:?} problem in:\n{}", describe(analysis)));
    assert!(
        problem.is_blocking(),
        "{kind:?} is not blocking:\n{}",
        describe(analysis)
    );
}

pub fn assert_warned(analysis: &Analysis, kind: ProblemKind) {
    let problem = analysis
        .problems
        .iter()
        .find(|problem| problem.kind == kind);
    let problem =
        problem.unwrap_or_else(|| panic!("no {kind:?} warning in:\n{}", describe(analysis)));
    assert!(
        !problem.is_blocking(),
        "{kind:?} is blocking:\n{}",
        describe(analysis)
    );
}

pub fn problem_of(analysis: &Analysis, kind: ProblemKind) -> &tls_certs::Problem {
    analysis
        .problems
        .iter()
        .find(|problem| problem.kind == kind)
        .unwrap_or_else(|| panic!("no {kind:?} problem in:\n{}", describe(analysis)))
}

/// Checks the canonical form of a PEM text: only blocks, LF line endings, base64 lines of
/// at most 64 characters, and exactly one final newline.
pub fn assert_canonical_pem(text: &str) {
    assert!(!text.contains('\r'), "CR in output");
    assert!(!text.contains('\0'), "NUL in output");
    assert!(text.ends_with("-----\n"), "no single final newline");
    assert!(!text.ends_with("\n\n"), "more than one final newline");
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("-----BEGIN ") {
            assert!(!inside, "nested BEGIN");
            inside = true;
        } else if line.starts_with("-----END ") {
            assert!(inside, "END without BEGIN");
            inside = false;
        } else {
            assert!(inside, "text outside blocks: {line:?}");
            assert!(line.len() <= 64, "line longer than 64: {line:?}");
        }
    }
    assert!(!inside, "unterminated block");
}

/// Counts the PEM blocks with `label` in `text`.
pub fn count_blocks(text: &str, label: &str) -> usize {
    text.matches(&format!("-----BEGIN {label}-----\n")).count()
}

/// Returns the PEM of each certificate in `bundle` as canonical text, for comparing
/// payloads with openssl's own output.
pub fn canonical_certs(bundle: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(bundle).replace("\r\n", "\n");
    let mut blocks = Vec::new();
    let mut rest = text.as_str();
    while let Some(start) = rest.find("-----BEGIN CERTIFICATE-----") {
        let end_marker = "-----END CERTIFICATE-----";
        let end = rest[start..].find(end_marker).expect("END line") + start + end_marker.len();
        blocks.push(format!("{}\n", &rest[start..end]));
        rest = &rest[end..];
    }
    blocks
}
