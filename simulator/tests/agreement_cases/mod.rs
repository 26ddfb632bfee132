//! Cases for the agreement test between the panel's checks (`tls_certs`) and
//! the simulator's OpenSSL checks: the dropped files of each case, the
//! panel's verdict on them, and the request body that goes to the simulator.

mod contents;
mod forms;
mod material;

use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::{Value, json};
use tls_certs::{Analysis, Choices, DropSlot, Policy, Source, TlsType, analyze};

/// One file as the operator dropped it, on the slot it was dropped on.
pub struct DroppedFile {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub slot: DropSlot,
}

impl DroppedFile {
    pub fn certificates(name: &'static str, bytes: Vec<u8>) -> Self {
        Self {
            name,
            bytes,
            slot: DropSlot::CertificateChain,
        }
    }

    pub fn key(name: &'static str, bytes: Vec<u8>) -> Self {
        Self {
            name,
            bytes,
            slot: DropSlot::PrivateKey,
        }
    }

    pub fn client_ca(name: &'static str, bytes: Vec<u8>) -> Self {
        Self {
            name,
            bytes,
            slot: DropSlot::ClientCa,
        }
    }
}

/// Whether material goes to the platform: the panel sends or blocks it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Send,
    Block,
}

/// The behaviour the panel should show for an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Accepted as dropped, after the panel's cleanup, or with a warning.
    Send,
    /// Blocked before any request.
    Block,
    /// Both meet the expected behaviour, such as "decoded and accepted, or a message".
    Either,
}

impl Expected {
    pub fn allows(self, verdict: Verdict) -> bool {
        match self {
            Expected::Send => verdict == Verdict::Send,
            Expected::Block => verdict == Verdict::Block,
            Expected::Either => true,
        }
    }
}

/// One input, with the files that make it.
pub struct Case {
    /// Label such as `C3a`: `C` and the number of the kind of input with a
    /// letter per variant, `B` for a valid baseline, or `P` for a platform rule.
    pub id: &'static str,
    pub input: &'static str,
    pub tls_type: TlsType,
    pub files: Vec<DroppedFile>,
    pub expected: Expected,
}

impl Case {
    /// Runs the panel's checks on the files as the panel does: every file a
    /// source on its slot, the default policy and the current time.
    pub fn analyze_as_panel(&self) -> Analysis {
        let sources: Vec<Source> = self
            .files
            .iter()
            .map(|file| Source::new(file.name, file.bytes.clone(), file.slot))
            .collect();
        analyze(
            &sources,
            self.tls_type,
            &Policy::default(),
            &Choices::default(),
            now_unix(),
        )
    }

    /// Builds the body that goes to the simulator. When the panel sends,
    /// that is its canonical payload. When it blocks, it is what a panel
    /// without checks would send: the files' text as dropped, with the
    /// certificate files concatenated in drop order. Bytes that are not
    /// UTF-8 become U+FFFD, because the body's fields are JSON strings.
    pub fn request_body(&self, analysis: &Analysis) -> Value {
        let tls_type = serde_json::to_value(self.tls_type).expect("TLS type serialises");
        let mut body = match analysis.payload() {
            Some(payload) => json!({
                "tlsType": tls_type,
                "cert": payload.cert,
                "key": payload.key,
            }),
            None => json!({
                "tlsType": tls_type,
                "cert": self.raw_text(DropSlot::CertificateChain),
                "key": self.raw_text(DropSlot::PrivateKey),
            }),
        };
        let cacert = match analysis.payload() {
            Some(payload) => payload.cacert,
            None if self.tls_type == TlsType::TwoWay => {
                Some(self.raw_text(DropSlot::ClientCa)).filter(|text| !text.is_empty())
            }
            None => None,
        };
        if let Some(cacert) = cacert {
            body["cacert"] = Value::String(cacert);
        }
        body
    }

    /// Returns the files on `slot` joined as dropped, lossily decoded as UTF-8.
    fn raw_text(&self, slot: DropSlot) -> String {
        let bytes: Vec<u8> = self
            .files
            .iter()
            .filter(|file| file.slot == slot)
            .flat_map(|file| file.bytes.iter().copied())
            .collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

/// Builds every case. The server chain is a leaf signed by an intermediate
/// that a root signed, all with RSA 2048 keys. A case sends the leaf's key
/// unless its files name another.
pub fn cases() -> Vec<Case> {
    let mut all = forms::cases();
    all.extend(contents::cases());
    all
}

fn one_way(
    id: &'static str,
    input: &'static str,
    files: Vec<DroppedFile>,
    expected: Expected,
) -> Case {
    Case {
        id,
        input,
        tls_type: TlsType::OneWay,
        files,
        expected,
    }
}

fn two_way(
    id: &'static str,
    input: &'static str,
    files: Vec<DroppedFile>,
    expected: Expected,
) -> Case {
    Case {
        tls_type: TlsType::TwoWay,
        ..one_way(id, input, files, expected)
    }
}

/// Returns the panel's verdict on its own analysis.
pub fn verdict_of(analysis: &Analysis) -> Verdict {
    if analysis.can_send() {
        Verdict::Send
    } else {
        Verdict::Block
    }
}

/// Summarises the panel's blocking problems as their kinds, such as `[KeyMismatch]`.
pub fn blocking_kinds(analysis: &Analysis) -> String {
    let kinds: Vec<String> = analysis
        .blocking_problems()
        .map(|problem| format!("{:?}", problem.kind))
        .collect();
    format!("[{}]", kinds.join(", "))
}

fn now_unix() -> i64 {
    let elapsed = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970");
    i64::try_from(elapsed.as_secs()).expect("time fits i64")
}
