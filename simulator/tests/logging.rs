//! The binary's output: the startup banner, one line per request, and no
//! secrets or PEM text anywhere.

mod support;

use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use platform_sim::demo_ids::RUNNING_WITHOUT_CERT;
use serde_json::json;
use support::pki::pki;

const KEY: &str = "ops-key";
const SECRET: &str = "s3cret-that-must-not-leak";

/// The simulator binary with its output collected by background threads.
struct RunningBinary {
    child: Child,
    origin: String,
    stdout_lines: mpsc::Receiver<String>,
    stderr: std::thread::JoinHandle<String>,
}

fn start_binary(state: &std::path::Path) -> RunningBinary {
    let mut child = Command::new(env!("CARGO_BIN_EXE_platform-sim"))
        .args(["--listen", "127.0.0.1:0", "--key", KEY, "--secret", SECRET])
        .arg("--state")
        .arg(state)
        .env("RUST_LOG", "info")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("simulator binary starts");

    let stdout = child.stdout.take().unwrap();
    let (sender, stdout_lines) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if sender.send(line).is_err() {
                break;
            }
        }
    });
    let mut stderr_pipe = child.stderr.take().unwrap();
    let stderr = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr_pipe.read_to_string(&mut text);
        text
    });

    let first = stdout_lines
        .recv_timeout(Duration::from_secs(30))
        .expect("banner line");
    let origin = first
        .strip_prefix("platform-sim listening on ")
        .unwrap_or_else(|| panic!("unexpected first line: {first}"))
        .to_owned();
    RunningBinary {
        child,
        origin,
        stdout_lines,
        stderr,
    }
}

impl RunningBinary {
    /// Stops the process and returns everything it wrote.
    fn stop(mut self) -> String {
        self.child.kill().expect("kill simulator");
        self.child.wait().expect("wait for simulator");
        let mut output: Vec<String> = self.stdout_lines.try_iter().collect();
        output.push(self.stderr.join().expect("stderr reader"));
        output.join("\n")
    }
}

#[tokio::test]
async fn output_never_contains_secret_or_pem() {
    let folder = tempfile::tempdir().unwrap();
    let binary = start_binary(&folder.path().join("state.json"));
    let material = pki();
    let client = reqwest::Client::new();
    let tls_url = format!(
        "{}/api/v1/deployments/{RUNNING_WITHOUT_CERT}/tls",
        binary.origin
    );
    let valid = json!({ "tlsType": "one-way", "cert": material.rsa_chain(), "key": material.read("leaf.key") });
    let rejected = json!({ "tlsType": "one-way", "cert": material.read("leaf.key"), "key": material.read("leaf.key") });
    let malformed = format!(
        "{{\"tlsType\": \"one-way\", \"cert\": \"{}}}",
        material.read("leaf.crt")
    );

    let read = client
        .get(&tls_url)
        .basic_auth(KEY, Some(SECRET))
        .send()
        .await
        .unwrap();
    let wrong = client
        .get(&tls_url)
        .basic_auth(KEY, Some("wrong-secret-guess"))
        .send()
        .await
        .unwrap();
    let refused = client
        .post(&tls_url)
        .basic_auth(KEY, Some(SECRET))
        .json(&rejected)
        .send()
        .await
        .unwrap();
    let broken = client
        .post(&tls_url)
        .basic_auth(KEY, Some(SECRET))
        .header("Content-Type", "application/json")
        .body(malformed)
        .send()
        .await
        .unwrap();
    let created = client
        .post(&tls_url)
        .basic_auth(KEY, Some(SECRET))
        .json(&valid)
        .send()
        .await
        .unwrap();
    assert_eq!(read.status().as_u16(), 200);
    assert_eq!(wrong.status().as_u16(), 401);
    assert_eq!(refused.status().as_u16(), 422);
    assert_eq!(broken.status().as_u16(), 400);
    assert_eq!(created.status().as_u16(), 200);

    let output = binary.stop();

    let path = format!("/api/v1/deployments/{RUNNING_WITHOUT_CERT}/tls");
    assert!(
        output.contains(&format!("GET {path} 200 reads_left=59")),
        "{output}"
    );
    assert!(output.contains(&format!("GET {path} 401")), "{output}");
    assert!(
        output.contains(&format!("POST {path} 200 posts_left=3")),
        "{output}"
    );
    assert!(output.contains("API key: 'ops-key'"), "{output}");
    assert!(!output.contains(SECRET), "output contains the secret");
    assert!(
        !output.contains("wrong-secret-guess"),
        "output contains a guessed secret"
    );
    assert!(
        !output.to_ascii_lowercase().contains("authorization"),
        "output mentions the Authorization header"
    );
    for name in ["leaf.key", "leaf.crt", "inter.crt"] {
        for line in material
            .read(name)
            .lines()
            .filter(|line| !line.starts_with("-----"))
        {
            assert!(!output.contains(line), "output contains a line of {name}");
        }
    }
}

#[tokio::test]
async fn banner_shows_demo_credentials_only_when_default() {
    let folder = tempfile::tempdir().unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_platform-sim"))
        .args(["--listen", "127.0.0.1:0"])
        .arg("--state")
        .arg(folder.path().join("state.json"))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("simulator binary starts");
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let banner: Vec<String> = (0..3).map(|_| lines.next().unwrap().unwrap()).collect();
    child.kill().unwrap();
    child.wait().unwrap();

    assert!(
        banner[2].contains("key 'demo-key', secret 'demo-secret'"),
        "{banner:?}"
    );
}
