//! Native tests of the benchmark's check on material that `make-material.sh` makes with
//! openssl, so the page can trust `run` to return true only for a correct result.

use std::path::Path;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

use tls_certs_bench::{CheckBench, describe, is_expected};

const DAY: i64 = 86_400;

struct Material {
    _dir: tempfile::TempDir,
    leaf: String,
    intermediate: String,
    root: String,
    leaf_key: String,
    /// An RSA 2048 key that belongs to none of the certificates.
    unrelated_key: String,
}

fn make_material() -> Material {
    let dir = tempfile::tempdir().expect("create temporary directory");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("make-material.sh");
    let output = Command::new(&script)
        .arg(dir.path())
        .output()
        .expect("run make-material.sh");
    assert!(
        output.status.success(),
        "make-material.sh failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let output = Command::new("openssl")
        .args([
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
        ])
        .arg(dir.path().join("unrelated.key.pem"))
        .output()
        .expect("run openssl genpkey");
    assert!(
        output.status.success(),
        "openssl genpkey failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let read = |name: &str| {
        std::fs::read_to_string(dir.path().join(name))
            .unwrap_or_else(|error| panic!("read {name}: {error}"))
    };
    Material {
        leaf: read("leaf.pem"),
        intermediate: read("intermediate.pem"),
        root: read("root.pem"),
        leaf_key: read("leaf.key.pem"),
        unrelated_key: read("unrelated.key.pem"),
        _dir: dir,
    }
}

fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock after 1970")
        .as_secs() as i64
}

#[test]
fn matching_chain_and_key_is_expected() {
    let material = make_material();
    let bench = CheckBench::new(
        &material.leaf,
        &material.intermediate,
        &material.root,
        &material.leaf_key,
    );
    let analysis = bench.check(now());

    assert!(is_expected(&analysis), "{}", describe(&analysis));
    assert!(bench.run(now() as f64));
    let subjects: Vec<&str> = analysis
        .chain
        .iter()
        .map(|certificate| certificate.subject.as_str())
        .collect();
    assert_eq!(subjects.len(), 3);
    assert!(subjects[0].contains("mqtt.bench.test"), "{subjects:?}");
    assert!(
        subjects[1].contains("Bench Intermediate CA"),
        "{subjects:?}"
    );
    assert!(subjects[2].contains("Bench Root CA"), "{subjects:?}");
    assert_eq!(
        analysis.chain[0].dns_names,
        ["mqtt.bench.test", "*.mqtt.bench.test"]
    );
}

#[test]
fn unrelated_key_is_not_expected() {
    let material = make_material();
    let bench = CheckBench::new(
        &material.leaf,
        &material.intermediate,
        &material.root,
        &material.unrelated_key,
    );
    let analysis = bench.check(now());

    assert_eq!(
        analysis.key.as_ref().and_then(|key| key.matches_leaf),
        Some(false)
    );
    assert!(!is_expected(&analysis));
    assert!(!bench.run(now() as f64));
    assert!(
        describe(&analysis).contains("key matches leaf: no"),
        "{}",
        describe(&analysis)
    );
}

#[test]
fn expired_leaf_is_not_expected() {
    let material = make_material();
    let bench = CheckBench::new(
        &material.leaf,
        &material.intermediate,
        &material.root,
        &material.leaf_key,
    );
    // The leaf is valid for 365 days, so it has expired 400 days from now.
    let analysis = bench.check(now() + 400 * DAY);

    assert!(!analysis.can_send(), "{}", describe(&analysis));
    assert!(!is_expected(&analysis));
}
