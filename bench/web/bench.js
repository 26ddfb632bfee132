// Times the certificate check in wasm (tls_certs::analyze) and in JavaScript
// (@peculiar/x509 with WebCrypto) on the same material, and the JavaScript
// check's parsing alone, then posts the figures to /results on the server
// that serves this page.
//
// Query parameters: warmup (checks of each kind before timing, default 200),
// rounds (default 10) and per_round (timed checks of each kind in a round,
// default 200). Each round runs all three kinds in turn, so a slow phase of
// the machine affects them alike.

import init, { CheckBench } from "./pkg/tls_certs_bench.js";
import { checkWithX509, isExpected, readCertificates } from "./javascript_check.js";

const status = document.getElementById("status");

function positiveInteger(params, name, fallback) {
  const text = params.get(name);
  if (text === null) {
    return fallback;
  }
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`query parameter ${name}=${text} is invalid: expected a positive integer`);
  }
  return value;
}

async function fetchText(path) {
  const response = await fetch(path);
  if (!response.ok) {
    throw new Error(`fetching ${path} failed with HTTP ${response.status}`);
  }
  return response.text();
}

/** Returns the smallest step of performance.now() seen, in milliseconds. */
function timerStepMs() {
  let smallest = Infinity;
  let last = performance.now();
  for (let changes = 0; changes < 200; ) {
    const now = performance.now();
    if (now !== last) {
      smallest = Math.min(smallest, now - last);
      last = now;
      changes += 1;
    }
  }
  return smallest;
}

/** Median, 95th percentile (nearest rank), mean, min and max of samples in ms. */
function summarize(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (fraction) => sorted[Math.ceil(fraction * sorted.length) - 1];
  const total = sorted.reduce((sum, value) => sum + value, 0);
  return {
    count: sorted.length,
    medianMs: rank(0.5),
    p95Ms: rank(0.95),
    meanMs: total / sorted.length,
    minMs: sorted[0],
    maxMs: sorted[sorted.length - 1],
  };
}

function timeWasm(bench, count, samples) {
  for (let i = 0; i < count; i += 1) {
    const nowSeconds = Date.now() / 1000;
    const start = performance.now();
    const expected = bench.run(nowSeconds);
    const end = performance.now();
    if (!expected) {
      throw new Error(`wasm check gave an unexpected result: ${bench.describe(nowSeconds)}`);
    }
    samples?.push(end - start);
  }
}

async function timeJavaScript(pem, count, samples) {
  for (let i = 0; i < count; i += 1) {
    const nowMs = Date.now();
    const start = performance.now();
    const result = await checkWithX509(pem, nowMs);
    const end = performance.now();
    if (!isExpected(result)) {
      throw new Error(`JavaScript check gave an unexpected result: ${JSON.stringify(result)}`);
    }
    samples?.push(end - start);
  }
}

/**
 * Times only the parsing and field reading of the JavaScript check, to show
 * how much of its time the WebCrypto calls take.
 */
function timeJavaScriptParsing(pem, count, samples) {
  for (let i = 0; i < count; i += 1) {
    const nowMs = Date.now();
    const start = performance.now();
    const { fields } = readCertificates(pem, nowMs);
    const end = performance.now();
    if (fields.length !== 3 || !fields[0].names.includes("mqtt.bench.test")) {
      throw new Error(`JavaScript parsing gave an unexpected result: ${JSON.stringify(fields)}`);
    }
    samples?.push(end - start);
  }
}

async function postResults(results) {
  const response = await fetch("results", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(results),
  });
  if (!response.ok) {
    status.textContent += `\nposting the results failed with HTTP ${response.status}`;
  }
}

async function main() {
  const params = new URLSearchParams(location.search);
  const warmup = positiveInteger(params, "warmup", 200);
  const rounds = positiveInteger(params, "rounds", 10);
  const perRound = positiveInteger(params, "per_round", 200);

  await init();
  const [leaf, intermediate, root, key] = await Promise.all(
    ["leaf.pem", "intermediate.pem", "root.pem", "leaf.key.pem"].map((name) =>
      fetchText(`material/${name}`),
    ),
  );
  const pem = { leaf, intermediate, root, key };
  const bench = new CheckBench(leaf, intermediate, root, key);

  timeWasm(bench, warmup, null);
  await timeJavaScript(pem, warmup, null);
  timeJavaScriptParsing(pem, warmup, null);

  const wasmSamples = [];
  const javaScriptSamples = [];
  const parsingSamples = [];
  for (let round = 0; round < rounds; round += 1) {
    timeWasm(bench, perRound, wasmSamples);
    await timeJavaScript(pem, perRound, javaScriptSamples);
    timeJavaScriptParsing(pem, perRound, parsingSamples);
  }

  const results = {
    userAgent: navigator.userAgent,
    crossOriginIsolated: self.crossOriginIsolated,
    timerStepMs: timerStepMs(),
    warmup,
    rounds,
    perRound,
    wasm: summarize(wasmSamples),
    javaScript: summarize(javaScriptSamples),
    javaScriptParsing: summarize(parsingSamples),
  };
  status.textContent = JSON.stringify(results, null, 2);
  await postResults(results);
}

main().catch(async (error) => {
  const message = error instanceof Error ? `${error.message}\n${error.stack}` : String(error);
  status.textContent = `failed: ${message}`;
  await postResults({ error: message });
});
