//! Certificate material made with the `openssl` command line at test time.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

/// Subject alternative name of the server certificate.
pub const LEAF_DNS_NAME: &str = "mqtt.example.test";

/// Validity of the server certificate in days. It has to stay well outside the
/// platform's refusal window of 60 days before expiry.
pub const LEAF_VALIDITY_DAYS: u32 = 400;

/// Files of one run, all inside the folder passed to [`Material::generate`].
///
/// The file names are what the panel shows in its upload slots.
pub struct Material {
    /// Leaf certificate followed by the intermediate that signed it.
    pub chain: PathBuf,
    /// The leaf's RSA 2048 private key, unencrypted PKCS#8.
    pub key: PathBuf,
    /// An RSA 2048 key that belongs to no certificate here.
    pub unrelated_key: PathBuf,
    /// A self-signed CA certificate for two-way TLS.
    pub client_ca: PathBuf,
    /// The leaf alone.
    pub leaf: PathBuf,
    /// The root CA that signed the intermediate.
    pub root: PathBuf,
    /// The intermediate CA that signed the leaf.
    pub intermediate: PathBuf,
    /// The leaf's notAfter as `YYYY-MM-DD HH:MM:SS` in UTC, the format of the API's `expire`.
    pub leaf_not_after: String,
}

impl Material {
    /// Generates a root CA, an intermediate CA, a leaf for [`LEAF_DNS_NAME`]
    /// signed by the intermediate, a client CA and an unrelated key in `dir`.
    pub fn generate(dir: &Path) -> Result<Self> {
        // Every command runs in `dir`, so file names stand alone and no
        // argument contains a space.
        let ca_extensions = "-addext basicConstraints=critical,CA:TRUE \
                             -addext keyUsage=critical,keyCertSign,cRLSign";
        openssl_line(
            dir,
            &format!(
                "req -x509 -newkey rsa:2048 -noenc -days 1000 -subj /CN=E2E-Test-Root-CA \
                 {ca_extensions} -keyout root-ca.key -out root-ca.pem"
            ),
        )?;

        std::fs::write(
            dir.join("intermediate.ext"),
            "basicConstraints=critical,CA:TRUE\n\
             keyUsage=critical,keyCertSign,cRLSign\n\
             subjectKeyIdentifier=hash\n\
             authorityKeyIdentifier=keyid,issuer\n",
        )?;
        openssl_line(
            dir,
            "req -new -newkey rsa:2048 -noenc -subj /CN=E2E-Test-Intermediate-CA \
             -keyout intermediate-ca.key -out intermediate-ca.csr",
        )?;
        openssl_line(
            dir,
            "x509 -req -in intermediate-ca.csr -CA root-ca.pem -CAkey root-ca.key \
             -CAcreateserial -days 900 -sha256 -extfile intermediate.ext -out intermediate-ca.pem",
        )?;

        std::fs::write(
            dir.join("leaf.ext"),
            format!(
                "basicConstraints=critical,CA:FALSE\n\
                 keyUsage=critical,digitalSignature,keyEncipherment\n\
                 extendedKeyUsage=serverAuth\n\
                 subjectAltName=DNS:{LEAF_DNS_NAME}\n\
                 subjectKeyIdentifier=hash\n\
                 authorityKeyIdentifier=keyid,issuer\n"
            ),
        )?;
        openssl_line(
            dir,
            &format!(
                "req -new -newkey rsa:2048 -noenc -subj /CN={LEAF_DNS_NAME} \
                 -keyout server.key -out server-leaf.csr"
            ),
        )?;
        openssl_line(
            dir,
            &format!(
                "x509 -req -in server-leaf.csr -CA intermediate-ca.pem -CAkey intermediate-ca.key \
                 -CAcreateserial -days {LEAF_VALIDITY_DAYS} -sha256 -extfile leaf.ext \
                 -out server-leaf.pem"
            ),
        )?;

        let mut chain = std::fs::read_to_string(dir.join("server-leaf.pem"))?;
        chain.push_str(&std::fs::read_to_string(dir.join("intermediate-ca.pem"))?);
        std::fs::write(dir.join("server-chain.pem"), chain)?;

        openssl_line(
            dir,
            &format!(
                "req -x509 -newkey rsa:2048 -noenc -days 1000 -subj /CN=E2E-Test-Client-CA \
                 {ca_extensions} -keyout client-ca.key -out client-ca.pem"
            ),
        )?;
        openssl_line(
            dir,
            "genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out unrelated.key",
        )?;

        let end_date = openssl_line(dir, "x509 -enddate -noout -in server-leaf.pem")?;
        Ok(Self {
            chain: dir.join("server-chain.pem"),
            key: dir.join("server.key"),
            unrelated_key: dir.join("unrelated.key"),
            client_ca: dir.join("client-ca.pem"),
            leaf: dir.join("server-leaf.pem"),
            root: dir.join("root-ca.pem"),
            intermediate: dir.join("intermediate-ca.pem"),
            leaf_not_after: parse_not_after(&end_date)?,
        })
    }
}

/// Runs `openssl` in `dir` with `line` split on whitespace as its arguments.
fn openssl_line(dir: &Path, line: &str) -> Result<String> {
    let args: Vec<&str> = line.split_whitespace().collect();
    openssl(dir, &args)
}

/// Runs `openssl ARGS` in `dir` and returns its standard output.
///
/// None of the commands used here print key material to stdout or stderr, so
/// both can go into error messages.
pub fn openssl(dir: &Path, args: &[&str]) -> Result<String> {
    let output = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .context("failed to run openssl; install the openssl command line")?;
    if !output.status.success() {
        bail!(
            "openssl {} failed with {}: {}",
            args.first().unwrap_or(&""),
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// Converts the output of `openssl x509 -enddate -noout`, such as
/// `notAfter=Jan  8 19:55:00 2028 GMT`, into `2028-01-08 19:55:00`.
pub fn parse_not_after(output: &str) -> Result<String> {
    let line = output.trim();
    let Some(date) = line.strip_prefix("notAfter=") else {
        bail!("expected a line starting with notAfter=, got {line:?}");
    };
    let fields: Vec<&str> = date.split_whitespace().collect();
    let [month, day, time, year, "GMT"] = fields.as_slice() else {
        bail!("expected `MON DD HH:MM:SS YYYY GMT` after notAfter=, got {date:?}");
    };
    let Some(month_index) = MONTHS.iter().position(|name| name == month) else {
        bail!("unknown month {month:?} in {date:?}");
    };
    let day: u32 = day
        .parse()
        .with_context(|| format!("invalid day in {date:?}"))?;
    let year: u32 = year
        .parse()
        .with_context(|| format!("invalid year in {date:?}"))?;
    let time_is_valid = time.len() == 8
        && time.char_indices().all(|(i, c)| {
            if i == 2 || i == 5 {
                c == ':'
            } else {
                c.is_ascii_digit()
            }
        });
    if !(1..=31).contains(&day) || !time_is_valid {
        bail!("invalid day or time in {date:?}");
    }
    Ok(format!("{year:04}-{:02}-{day:02} {time}", month_index + 1))
}

#[cfg(test)]
mod tests {
    use super::parse_not_after;

    #[test]
    fn not_after_pads_single_digit_day() {
        let parsed = parse_not_after("notAfter=Jan  8 19:55:00 2028 GMT\n").unwrap();
        assert_eq!(parsed, "2028-01-08 19:55:00");
    }

    #[test]
    fn not_after_reads_two_digit_day_and_december() {
        let parsed = parse_not_after("notAfter=Dec 31 23:59:59 2030 GMT").unwrap();
        assert_eq!(parsed, "2030-12-31 23:59:59");
    }

    #[test]
    fn not_after_rejects_other_lines() {
        assert!(parse_not_after("notBefore=Jan  8 19:55:00 2028 GMT").is_err());
        assert!(parse_not_after("notAfter=Foo  8 19:55:00 2028 GMT").is_err());
        assert!(parse_not_after("notAfter=Jan  8 19:55 2028 GMT").is_err());
        assert!(parse_not_after("notAfter=Jan  8 19:55:00 2028 CET").is_err());
    }
}
