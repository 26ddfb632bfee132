#!/usr/bin/env bash
# Makes the benchmark's certificate material with openssl in DIR: a root CA,
# an intermediate CA signed by it (basicConstraints=critical,CA:TRUE), and a
# leaf with SANs signed by the intermediate, all with RSA 2048 keys.
#
# Writes root.pem, intermediate.pem, leaf.pem and leaf.key.pem (PKCS#8), plus
# the CA keys root.key.pem and intermediate.key.pem that signed them. The keys
# are throwaway test keys made for this run and are never printed.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 DIR" >&2
  exit 2
fi
dir=$1
mkdir -p "$dir"
cd "$dir"

# A minimal request configuration, so the machine's openssl.cnf adds no
# extensions of its own.
cat >openssl.cnf <<'EOF'
[req]
distinguished_name = dn
[dn]
[v3_ca]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[v3_leaf]
basicConstraints = CA:FALSE
keyUsage = critical,digitalSignature,keyEncipherment
extendedKeyUsage = serverAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
subjectAltName = DNS:mqtt.bench.test,DNS:*.mqtt.bench.test,IP:127.0.0.1
EOF

new_key() {
  openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$1" 2>/dev/null
}

new_key root.key.pem
openssl req -x509 -config openssl.cnf -extensions v3_ca -key root.key.pem \
  -subj "/CN=Bench Root CA/O=Bench Test" -days 3650 -out root.pem

# Signs NAME.pem for NAME.key.pem with the CA ISSUER, using extension section
# SECTION and validity DAYS.
issue() {
  local name=$1 subject=$2 issuer=$3 section=$4 days=$5
  new_key "$name.key.pem"
  openssl req -new -config openssl.cnf -key "$name.key.pem" -subj "$subject" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA "$issuer.pem" -CAkey "$issuer.key.pem" \
    -CAcreateserial -extfile openssl.cnf -extensions "$section" -days "$days" \
    -out "$name.pem" 2>/dev/null
  rm "$name.csr"
}

issue intermediate "/CN=Bench Intermediate CA/O=Bench Test" root v3_ca 1825
issue leaf "/CN=mqtt.bench.test" intermediate v3_leaf 365
