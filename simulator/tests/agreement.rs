//! Agreement between the panel's checks and the simulator's. For every kind
//! of input operators drop, the panel's verdict from `tls_certs::analyze`
//! (send or block) must match the simulator's OpenSSL response to the
//! same material (200 accepted, or 422 rejected). When the panel sends, the
//! simulator gets its canonical payload. When it blocks, the simulator gets
//! the files as dropped, as a panel without checks would send them.

mod agreement_cases;
mod support;

use agreement_cases::{Case, Verdict, blocking_kinds, cases, verdict_of};
use platform_sim::demo_ids::RUNNING_WITHOUT_CERT;
use reqwest::Method;
use support::{TestServer, json_body};

/// Each case posts once to a fresh simulator. The limits are raised anyway,
/// so that no case depends on the platform's 6 writes an hour.
const ROOMY_LIMITS: [&str; 4] = ["--read-limit", "1000", "--write-limit", "1000"];

/// The simulator's response to one upload.
struct Reply {
    status: u16,
    message: String,
}

struct Outcome {
    verdict: Verdict,
    blocking: String,
    reply: Reply,
}

impl Outcome {
    fn agrees(&self) -> bool {
        matches!(
            (self.verdict, self.reply.status),
            (Verdict::Send, 200) | (Verdict::Block, 422)
        )
    }
}

/// Posts `case`'s body to a deployment without a certificate on a fresh simulator.
async fn send_to_simulator(case: &Case, body: &serde_json::Value) -> Reply {
    let server = TestServer::start(&ROOMY_LIMITS).await;
    let response = server
        .upload(Method::POST, RUNNING_WITHOUT_CERT, body)
        .await;
    let status = response.status().as_u16();
    let reply = json_body(response).await;
    server.stop().await;

    let message = match status {
        200 => format!("accepted, status {}", reply["status"]),
        _ => reply["message"]
            .as_str()
            .unwrap_or_else(|| panic!("{}: status {status} without a message: {reply}", case.id))
            .to_owned(),
    };
    Reply { status, message }
}

#[test]
fn panel_verdicts_meet_expected_behaviour() {
    let mut unexpected = Vec::new();

    for case in cases() {
        let analysis = case.analyze_as_panel();
        let verdict = verdict_of(&analysis);
        if !case.expected.allows(verdict) {
            unexpected.push(format!(
                "{} ({}): expected {:?}, the panel would {verdict:?}, blocking problems {}",
                case.id,
                case.input,
                case.expected,
                blocking_kinds(&analysis)
            ));
        }
    }

    assert!(
        unexpected.is_empty(),
        "panel verdicts differ from the expected behaviour:\n{}",
        unexpected.join("\n")
    );
}

#[tokio::test]
async fn panel_and_simulator_agree_on_every_case() {
    let cases = cases();
    let mut outcomes = Vec::with_capacity(cases.len());

    for case in &cases {
        let analysis = case.analyze_as_panel();
        let body = case.request_body(&analysis);
        let reply = send_to_simulator(case, &body).await;
        outcomes.push(Outcome {
            verdict: verdict_of(&analysis),
            blocking: blocking_kinds(&analysis),
            reply,
        });
    }

    println!(
        "{:<5}  {:<6}  {:<9}  {:<6}  input",
        "case", "panel", "simulator", "agree"
    );
    for (case, outcome) in cases.iter().zip(&outcomes) {
        let panel = match outcome.verdict {
            Verdict::Send => "send",
            Verdict::Block => "block",
        };
        let agree = if outcome.agrees() { "yes" } else { "NO" };
        println!(
            "{:<5}  {panel:<6}  {:<9}  {agree:<6}  {}",
            case.id, outcome.reply.status, case.input
        );
    }
    let agreeing = outcomes.iter().filter(|outcome| outcome.agrees()).count();
    println!("agreement: {agreeing} of {} cases agree", cases.len());

    let disagreements: Vec<String> = cases
        .iter()
        .zip(&outcomes)
        .filter(|(_, outcome)| !outcome.agrees())
        .map(|(case, outcome)| {
            format!(
                "{} ({}): the panel would {:?} (blocking problems {}), \
                 the simulator responded {}: {}",
                case.id,
                case.input,
                outcome.verdict,
                outcome.blocking,
                outcome.reply.status,
                outcome.reply.message
            )
        })
        .collect();
    assert!(
        disagreements.is_empty(),
        "{} of {} cases disagree:\n{}",
        disagreements.len(),
        cases.len(),
        disagreements.join("\n")
    );
}
