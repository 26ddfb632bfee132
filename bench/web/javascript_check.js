// The JavaScript side of the comparison: the same certificate check done with
// @peculiar/x509 (the global `x509` from its browser build) and WebCrypto.

const RSA_IMPORT = { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" };

/**
 * Parses the three certificates, reads their fields, imports the PKCS#8 key
 * with WebCrypto and compares its public part with the leaf's SPKI.
 *
 * The key is imported as RSA without reading its algorithm first, because
 * WebCrypto needs the algorithm up front and the benchmark key is RSA 2048.
 * A general checker would read the PKCS#8 algorithm identifier first.
 *
 * Returns the fields and whether the key matches the leaf.
 */
export async function checkWithX509(pem, nowMs) {
  const { certificates, fields } = readCertificates(pem, nowMs);

  const keyDer = x509.PemConverter.decodeFirst(pem.key);
  const privateKey = await crypto.subtle.importKey("pkcs8", keyDer, RSA_IMPORT, true, ["sign"]);
  const privateJwk = await crypto.subtle.exportKey("jwk", privateKey);
  const leafPublicKey = await certificates[0].publicKey.export(RSA_IMPORT, ["verify"]);
  const leafJwk = await crypto.subtle.exportKey("jwk", leafPublicKey);
  const keyMatchesLeaf = privateJwk.n === leafJwk.n && privateJwk.e === leafJwk.e;

  return { fields, keyMatchesLeaf };
}

/**
 * Parses the three certificates and reads their fields: the part of the check
 * that needs no WebCrypto call.
 */
export function readCertificates(pem, nowMs) {
  const certificates = [pem.leaf, pem.intermediate, pem.root].map(
    (text) => new x509.X509Certificate(text),
  );
  const fields = certificates.map((certificate) => readFields(certificate, nowMs));
  return { certificates, fields };
}

function readFields(certificate, nowMs) {
  const san = certificate.getExtension(x509.SubjectAlternativeNameExtension);
  const basicConstraints = certificate.getExtension(x509.BasicConstraintsExtension);
  const notBefore = certificate.notBefore;
  const notAfter = certificate.notAfter;
  return {
    subject: certificate.subject,
    issuer: certificate.issuer,
    names: san ? san.names.items.map((name) => name.value) : [],
    notBefore,
    notAfter,
    validNow: notBefore.getTime() <= nowMs && nowMs <= notAfter.getTime(),
    keyAlgorithm: certificate.publicKey.algorithm.name,
    isCa: basicConstraints ? basicConstraints.ca : false,
  };
}

/**
 * Whether the result is what the benchmark's material must give: the leaf,
 * intermediate and root linked by issuer names, all valid now, the leaf's
 * SANs present, only the CAs marked as CA, and a key that matches the leaf.
 */
export function isExpected(result) {
  const [leaf, intermediate, root] = result.fields;
  return (
    leaf.issuer === intermediate.subject &&
    intermediate.issuer === root.subject &&
    root.issuer === root.subject &&
    result.fields.every((fields) => fields.validNow) &&
    leaf.names.includes("mqtt.bench.test") &&
    !leaf.isCa &&
    intermediate.isCa &&
    root.isCa &&
    result.keyMatchesLeaf
  );
}
