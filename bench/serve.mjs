// Serves the benchmark page on 127.0.0.1 and stores the results it posts.
//
// Usage: node serve.mjs SITE_DIR RESULTS_FILE
//
// Listens on a free port and prints its URL on one line when ready. Every
// response carries COOP and COEP headers, so the page is cross-origin
// isolated and Chromium gives it a finer performance.now() (the page reports
// the step it sees, 5 microseconds in Chromium 156). A POST to /results
// writes the body to RESULTS_FILE. The file appears whole, because it is
// written under another name first and then renamed.

import { createServer } from "node:http";
import { readFile, rename, writeFile } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";

const MAX_RESULTS_BYTES = 1024 * 1024;

const CONTENT_TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".pem": "text/plain; charset=utf-8",
  ".json": "application/json",
};

const [siteArgument, resultsFile] = process.argv.slice(2);
if (!siteArgument || !resultsFile) {
  console.error("usage: node serve.mjs SITE_DIR RESULTS_FILE");
  process.exit(2);
}
const site = resolve(siteArgument);

const isolationHeaders = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cache-Control": "no-store",
};

function reply(response, status, text) {
  response.writeHead(status, { ...isolationHeaders, "Content-Type": "text/plain" });
  response.end(text);
}

async function serveFile(request, response) {
  const path = decodeURIComponent(new URL(request.url, "http://127.0.0.1").pathname);
  const file = resolve(join(site, path.endsWith("/") ? `${path}index.html` : path));
  if (file !== site && !file.startsWith(site + sep)) {
    reply(response, 403, "path outside the site\n");
    return;
  }
  let body;
  try {
    body = await readFile(file);
  } catch (error) {
    console.error(`serve: ${path} not found (${error.code})`);
    reply(response, 404, "not found\n");
    return;
  }
  const contentType = CONTENT_TYPES[extname(file)] ?? "application/octet-stream";
  response.writeHead(200, { ...isolationHeaders, "Content-Type": contentType });
  response.end(request.method === "HEAD" ? undefined : body);
}

function storeResults(request, response) {
  const chunks = [];
  let size = 0;
  request.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_RESULTS_BYTES) {
      console.error(`serve: results larger than ${MAX_RESULTS_BYTES} bytes rejected`);
      reply(response, 413, "results too large\n");
      request.destroy();
      return;
    }
    chunks.push(chunk);
  });
  request.on("end", async () => {
    try {
      const partial = `${resultsFile}.partial`;
      await writeFile(partial, Buffer.concat(chunks));
      await rename(partial, resultsFile);
      reply(response, 204, "");
    } catch (error) {
      console.error(`serve: writing ${resultsFile} failed: ${error.message}`);
      reply(response, 500, "writing the results failed\n");
    }
  });
}

const server = createServer((request, response) => {
  if (request.method === "POST" && request.url === "/results") {
    storeResults(request, response);
  } else if (request.method === "GET" || request.method === "HEAD") {
    serveFile(request, response).catch((error) => {
      console.error(`serve: ${request.url} failed: ${error.message}`);
      reply(response, 500, "internal error\n");
    });
  } else {
    reply(response, 405, "method not allowed\n");
  }
});

server.listen(0, "127.0.0.1", () => {
  console.log(`http://127.0.0.1:${server.address().port}/`);
});
