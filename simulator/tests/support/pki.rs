//! Certificates and keys made by the `openssl` command line at test time,
//! once per test binary, in a temporary folder.

use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use tempfile::TempDir;

/// Folder with the generated material; files are read by name.
pub struct Pki {
    folder: TempDir,
}

impl Pki {
    pub fn read(&self, name: &str) -> String {
        let path = self.folder.path().join(name);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("could not read {}: {error}", path.display()))
    }

    /// Returns the leaf followed by the intermediate that signed it, as a server sends them.
    pub fn rsa_chain(&self) -> String {
        self.read("leaf.crt") + &self.read("inter.crt")
    }

    pub fn path(&self, name: &str) -> std::path::PathBuf {
        self.folder.path().join(name)
    }
}

/// Returns the material, generating it on first use.
pub fn pki() -> &'static Pki {
    static PKI: OnceLock<Pki> = OnceLock::new();
    PKI.get_or_init(generate)
}

const REQ_CONFIG: &str = "[ req ]\ndistinguished_name = dn\nprompt = no\n[ dn ]\nCN = unused\n";

const CA_EXTENSIONS: &str = "basicConstraints = critical, CA:TRUE\n\
     keyUsage = critical, keyCertSign, cRLSign\n\
     subjectKeyIdentifier = hash\n\
     authorityKeyIdentifier = keyid:always\n";

const LEAF_EXTENSIONS: &str = "basicConstraints = CA:FALSE\n\
     keyUsage = critical, digitalSignature, keyEncipherment\n\
     extendedKeyUsage = serverAuth\n\
     subjectAltName = DNS:broker.example.test\n\
     authorityKeyIdentifier = keyid\n";

// `openssl ca` is the command-line tool that accepts explicit notBefore and
// notAfter dates, which expired and not-yet-valid certificates need.
const CA_TOOL_CONFIG: &str = "[ ca ]\ndefault_ca = test_ca\n\
     [ test_ca ]\ndatabase = ca-index.txt\nnew_certs_dir = ca-new\nserial = ca-serial\n\
     default_md = sha256\npolicy = any_name\nunique_subject = no\nemail_in_dn = no\n\
     [ any_name ]\ncommonName = supplied\n";

fn generate() -> Pki {
    let folder = tempfile::tempdir().expect("temp folder");
    let dir = folder.path();
    write(dir, "req.cnf", REQ_CONFIG);
    write(dir, "ca.ext", CA_EXTENSIONS);
    write(dir, "leaf.ext", LEAF_EXTENSIONS);
    write(dir, "ca-tool.cnf", CA_TOOL_CONFIG);
    write(dir, "ca-index.txt", "");
    write(dir, "ca-serial", "1000\n");
    std::fs::create_dir(dir.join("ca-new")).expect("ca-new folder");

    // RSA root and intermediate.
    self_signed_ca(dir, "root", &["-newkey", "rsa:2048"], "/CN=Test Root CA");
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "inter.key",
        ],
    );
    request(dir, "inter.key", "inter.csr", "/CN=Test Intermediate CA");
    sign(dir, "inter.csr", "root", "ca.ext", "730", "inter.crt");

    // RSA leaf with a PKCS#8 key, and the same key in other forms.
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "leaf.key",
        ],
    );
    request(dir, "leaf.key", "leaf.csr", "/CN=broker.example.test");
    sign(dir, "leaf.csr", "inter", "leaf.ext", "365", "leaf.crt");
    sign(
        dir,
        "leaf.csr",
        "inter",
        "leaf.ext",
        "30",
        "leaf-30-days.crt",
    );
    openssl(
        dir,
        &[
            "pkey",
            "-in",
            "leaf.key",
            "-traditional",
            "-out",
            "leaf-pkcs1.key",
        ],
    );
    openssl(
        dir,
        &[
            "pkey",
            "-in",
            "leaf.key",
            "-aes256",
            "-passout",
            "pass:test-only",
            "-out",
            "leaf-encrypted.key",
        ],
    );
    openssl(
        dir,
        &[
            "pkey",
            "-in",
            "leaf.key",
            "-traditional",
            "-aes256",
            "-passout",
            "pass:test-only",
            "-out",
            "leaf-legacy-encrypted.key",
        ],
    );
    openssl(
        dir,
        &[
            "genpkey",
            "-algorithm",
            "RSA",
            "-pkeyopt",
            "rsa_keygen_bits:2048",
            "-out",
            "other.key",
        ],
    );
    sign_with_dates(
        dir,
        "20200101000000Z",
        "20210101000000Z",
        "leaf-expired.crt",
    );
    sign_with_dates(dir, "20400101000000Z", "20450101000000Z", "leaf-future.crt");

    // EC: a P-384 root, and a P-256 leaf whose SEC1 key file starts with an
    // EC PARAMETERS block, as `openssl ecparam -genkey` writes it.
    self_signed_ca(
        dir,
        "ec-root",
        &["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-384"],
        "/CN=Test EC Root CA",
    );
    openssl(
        dir,
        &[
            "ecparam",
            "-name",
            "prime256v1",
            "-genkey",
            "-out",
            "ec-leaf.key",
        ],
    );
    request(dir, "ec-leaf.key", "ec-leaf.csr", "/CN=ec.example.test");
    sign(
        dir,
        "ec-leaf.csr",
        "ec-root",
        "leaf.ext",
        "365",
        "ec-leaf.crt",
    );
    sign(
        dir,
        "ec-leaf.csr",
        "inter",
        "leaf.ext",
        "365",
        "ec-leaf-under-rsa.crt",
    );

    // Self-signed leaves of supported and unsupported algorithms.
    openssl(
        dir,
        &[
            "ecparam",
            "-name",
            "secp384r1",
            "-genkey",
            "-noout",
            "-out",
            "p384.key",
        ],
    );
    self_signed_leaf(dir, "p384", &["-key", "p384.key"]);
    self_signed_leaf(
        dir,
        "rsa1024",
        &["-newkey", "rsa:1024", "-noenc", "-keyout", "rsa1024.key"],
    );
    self_signed_leaf(
        dir,
        "rsa4096",
        &["-newkey", "rsa:4096", "-noenc", "-keyout", "rsa4096.key"],
    );
    openssl(
        dir,
        &["genpkey", "-algorithm", "ed25519", "-out", "ed25519.key"],
    );
    self_signed_leaf(dir, "ed25519", &["-key", "ed25519.key"]);

    Pki { folder }
}

fn self_signed_ca(dir: &Path, name: &str, key_options: &[&str], subject: &str) {
    let key = format!("{name}.key");
    let cert = format!("{name}.crt");
    let mut arguments = vec!["req", "-x509", "-config", "req.cnf"];
    arguments.extend_from_slice(key_options);
    arguments.extend_from_slice(&[
        "-noenc",
        "-keyout",
        &key,
        "-out",
        &cert,
        "-subj",
        subject,
        "-days",
        "3650",
        "-addext",
        "basicConstraints=critical,CA:TRUE",
        "-addext",
        "keyUsage=critical,keyCertSign,cRLSign",
    ]);
    openssl(dir, &arguments);
}

fn self_signed_leaf(dir: &Path, name: &str, key_options: &[&str]) {
    let cert = format!("{name}.crt");
    let subject = format!("/CN={name}.example.test");
    let mut arguments = vec!["req", "-x509", "-config", "req.cnf"];
    arguments.extend_from_slice(key_options);
    arguments.extend_from_slice(&[
        "-out",
        &cert,
        "-subj",
        &subject,
        "-days",
        "365",
        "-addext",
        "basicConstraints=CA:FALSE",
    ]);
    openssl(dir, &arguments);
}

fn request(dir: &Path, key: &str, csr: &str, subject: &str) {
    openssl(
        dir,
        &[
            "req", "-new", "-config", "req.cnf", "-key", key, "-subj", subject, "-out", csr,
        ],
    );
}

fn sign(dir: &Path, csr: &str, issuer: &str, extensions: &str, days: &str, out: &str) {
    let issuer_cert = format!("{issuer}.crt");
    let issuer_key = format!("{issuer}.key");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            csr,
            "-CA",
            &issuer_cert,
            "-CAkey",
            &issuer_key,
            "-CAcreateserial",
            "-days",
            days,
            "-sha256",
            "-extfile",
            extensions,
            "-out",
            out,
        ],
    );
}

/// Signs the leaf request with the intermediate for an explicit validity period.
fn sign_with_dates(dir: &Path, not_before: &str, not_after: &str, out: &str) {
    openssl(
        dir,
        &[
            "ca",
            "-batch",
            "-config",
            "ca-tool.cnf",
            "-cert",
            "inter.crt",
            "-keyfile",
            "inter.key",
            "-in",
            "leaf.csr",
            "-startdate",
            not_before,
            "-enddate",
            not_after,
            "-extfile",
            "leaf.ext",
            "-notext",
            "-out",
            out,
        ],
    );
}

fn write(dir: &Path, name: &str, content: &str) {
    std::fs::write(dir.join(name), content).expect("write test file");
}

/// Runs `openssl` in `dir`, failing the test with its stderr when it fails.
pub fn openssl(dir: &Path, arguments: &[&str]) {
    let output = Command::new("openssl")
        .args(arguments)
        .current_dir(dir)
        .output()
        .expect("the openssl command line is installed");
    assert!(
        output.status.success(),
        "openssl {} failed: {}",
        arguments.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Returns the output of `openssl` in the material's folder.
pub fn openssl_output(arguments: &[&str]) -> String {
    let output = Command::new("openssl")
        .args(arguments)
        .current_dir(pki().folder.path())
        .output()
        .expect("the openssl command line is installed");
    assert!(
        output.status.success(),
        "openssl {} failed",
        arguments.join(" ")
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}
