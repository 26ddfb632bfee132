// Prints the benchmark's three figures from OUT/sizes.json and
// OUT/results.json, with the machine they were measured on, as Markdown
// tables that docs/benchmarks.md can take as they are.
//
// Usage: node report.mjs OUT
//
// Sizes are in bytes, and 1 KB is 1,000 bytes. Each target is printed as
// "met" or "missed". A missed target does not change the exit code, because
// the benchmark reports figures and is not a test.

import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SIZE_TARGET_RAW = 60_000;
const SIZE_TARGET_BROTLI = 25_000;
const TIME_TARGET_MS = 0.5;
const RATIO_TARGET = 5;

const out = process.argv[2];
if (!out) {
  console.error("usage: node report.mjs OUT");
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sizes = JSON.parse(readFileSync(join(out, "sizes.json"), "utf8"));
const results = JSON.parse(readFileSync(join(out, "results.json"), "utf8"));
if (results.error) {
  console.error(`report: the benchmark page failed: ${results.error}`);
  process.exit(1);
}

function command(file, args) {
  return execFileSync(file, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim();
}

const bytes = (value) => value.toLocaleString("en-US");
const kilobytes = (value) => `${(value / 1000).toFixed(1)} KB`;
const ms = (value) => value.toFixed(3);
const verdict = (met) => (met ? "met" : "missed");

const chromium = command("chromium", ["--version"]);
const commit = command("git", ["rev-parse", "--short", "HEAD"]);
// Only files that go into the measured builds or the page count as changes.
const measuredPaths = ["src", "certs", "bench", "index.html", "style", "config.json", "Trunk.toml", "Cargo.toml", "Cargo.lock"];
const dirty = command("git", ["status", "--porcelain", "--", ...measuredPaths]) !== "";
console.log(`## Machine\n`);
console.log(`- ${availableParallelism()} cores, ${chromium}`);
console.log(`- ${new Date().toISOString().slice(0, 10)}, commit ${commit}${dirty ? " with uncommitted changes to the measured files" : ""}`);
console.log(`- page timer step ${ms(results.timerStepMs)} ms, cross-origin isolated: ${results.crossOriginIsolated}`);

console.log(`\n## 1. Bundle size of the release panel (bytes)\n`);
console.log("| file | with checks | without checks | certificate code |");
console.log("|---|---:|---:|---:|");
const total = (build, kind) => build.wasm[kind] + build.js[kind];
const rows = [
  ["wasm, raw", (build) => build.wasm.raw],
  ["wasm, brotli", (build) => build.wasm.brotli],
  ["JS, raw", (build) => build.js.raw],
  ["JS, brotli", (build) => build.js.brotli],
  ["wasm + JS, raw", (build) => total(build, "raw")],
  ["wasm + JS, brotli", (build) => total(build, "brotli")],
];
for (const [label, pick] of rows) {
  const withChecks = pick(sizes.with);
  const withoutChecks = pick(sizes.without);
  console.log(`| ${label} | ${bytes(withChecks)} | ${bytes(withoutChecks)} | ${bytes(withChecks - withoutChecks)} |`);
}
const addedRaw = total(sizes.with, "raw") - total(sizes.without, "raw");
const addedBrotli = total(sizes.with, "brotli") - total(sizes.without, "brotli");
console.log(
  `\nTarget, the certificate code adds at most ${kilobytes(SIZE_TARGET_RAW)} raw and ${kilobytes(SIZE_TARGET_BROTLI)} brotli: ` +
    `raw ${kilobytes(addedRaw)} ${verdict(addedRaw <= SIZE_TARGET_RAW)}, ` +
    `brotli ${kilobytes(addedBrotli)} ${verdict(addedBrotli <= SIZE_TARGET_BROTLI)}.`,
);
const library = sizes.javaScriptLibrary;
if (library) {
  console.log(
    `For scale: the browser build of @peculiar/x509 is ${bytes(library.x509.raw)} raw and ${bytes(library.x509.brotli)} brotli, ` +
      `and the reflect-metadata polyfill it needs ${bytes(library.reflect.raw)} raw and ${bytes(library.reflect.brotli)} brotli.`,
  );
}

console.log(`\n## 2. and 3. Check time in headless Chromium (ms per check)\n`);
console.log(
  `${results.wasm.count} timed checks of each kind in ${results.rounds} rounds that run the kinds in turn, after ${results.warmup} warm-up checks of each kind.\n`,
);
console.log("| check | median | p95 | mean | min | max |");
console.log("|---|---:|---:|---:|---:|---:|");
const timing = (label, stats) =>
  console.log(`| ${label} | ${ms(stats.medianMs)} | ${ms(stats.p95Ms)} | ${ms(stats.meanMs)} | ${ms(stats.minMs)} | ${ms(stats.maxMs)} |`);
timing("wasm: tls_certs::analyze", results.wasm);
timing("JS: @peculiar/x509 and WebCrypto", results.javaScript);
timing("JS: @peculiar/x509 parsing and fields only", results.javaScriptParsing);

const medianRatio = results.javaScript.medianMs / results.wasm.medianMs;
const p95Ratio = results.javaScript.p95Ms / results.wasm.p95Ms;
console.log(
  `\nTarget, the check under ${TIME_TARGET_MS} ms: median ${ms(results.wasm.medianMs)} ms ${verdict(results.wasm.medianMs < TIME_TARGET_MS)}, ` +
    `p95 ${ms(results.wasm.p95Ms)} ms ${verdict(results.wasm.p95Ms < TIME_TARGET_MS)}.`,
);
console.log(
  `JS time / wasm time: ${medianRatio.toFixed(1)} at the median and ${p95Ratio.toFixed(1)} at p95; ` +
    `target at least ${RATIO_TARGET}: ${verdict(medianRatio >= RATIO_TARGET)} at the median.`,
);
