// Loads a page once in headless Chromium (JavaScript on, empty cache) and reports what a first
// visit downloads over the wire, per kind, and the number of requests. With --budget-bytes and
// --budget-requests it fails when the page grows past them and says what grew, against the
// baseline file given with --baseline.
//
//   node scripts/first-visit.mjs <url> [--json out.json] [--budget-bytes N] [--budget-requests N] [--baseline file]
import { createRequire } from "node:module";
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "end2end", "package.json"));
const { chromium } = require("@playwright/test");

const args = process.argv.slice(2);
const url = args[0];
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
if (!url) {
  console.error("usage: first-visit.mjs <url> [--json out] [--budget-bytes N] [--budget-requests N] [--baseline file]");
  process.exit(2);
}

function kindOf(mime, u) {
  const p = new URL(u).pathname;
  if (mime.includes("html")) return "html";
  if (mime.includes("css") || p.endsWith(".css")) return "css";
  if (mime.includes("wasm") || p.endsWith(".wasm")) return "wasm";
  if (mime.includes("javascript") || p.endsWith(".js")) return "js";
  if (mime.startsWith("font/") || /\.(woff2?|ttf|otf)$/.test(p)) return "fonts";
  if (mime.startsWith("image/") || /\.(png|svg|ico|jpe?g|gif|webp)$/.test(p)) return "images";
  return "other";
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const context = await browser.newContext();
const page = await context.newPage();
const cdp = await context.newCDPSession(page);
await cdp.send("Network.enable");
await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
const requests = new Map();
cdp.on("Network.responseReceived", (e) => {
  // data: URLs (the TOTP QR code) are part of the HTML, not requests.
  if (e.response.url.startsWith("data:")) return;
  requests.set(e.requestId, { url: e.response.url, mime: e.response.mimeType || "", status: e.response.status,
    encoding: (e.response.headers["content-encoding"] || e.response.headers["Content-Encoding"] || "") });
});
const finished = new Map();
cdp.on("Network.loadingFinished", (e) => finished.set(e.requestId, e.encodedDataLength));
// Failures of this page's own requests fail the check; other origins (a flow's Kratos script in a
// recorded fixture, say) are reported only.
const sent = new Map();
cdp.on("Network.requestWillBeSent", (e) => sent.set(e.requestId, e.request.url));
const failed = [];
const foreignFailed = [];
cdp.on("Network.loadingFailed", (e) => {
  const u = sent.get(e.requestId) || "";
  const own = u.startsWith(new URL(url).origin);
  (own ? failed : foreignFailed).push(`${e.errorText} ${u.slice(0, 100)}`);
});

const started = Date.now();
await page.goto(url, { waitUntil: "networkidle" });
// Islands wake up on idle; give them the chance to fetch everything they need.
await page.waitForTimeout(500);
const loadMs = Date.now() - started;
await browser.close();

const byKind = {};
let total = 0;
const rows = [];
for (const [id, r] of requests) {
  const bytes = finished.get(id) ?? 0;
  const kind = kindOf(r.mime, r.url);
  byKind[kind] = (byKind[kind] || 0) + bytes;
  total += bytes;
  rows.push({ kind, bytes, status: r.status, encoding: r.encoding, url: new URL(r.url).pathname });
}
const result = { url, requests: requests.size, total_bytes: total, by_kind: byKind, files: rows, failed, load_ms: loadMs };
console.log(`first visit of ${url}: ${requests.size} requests, ${(total / 1024).toFixed(1)} KB over the wire`);
for (const r of rows) console.log(`  ${r.kind.padEnd(6)} ${String(r.bytes).padStart(8)} B  ${r.status} ${r.encoding || "identity"}  ${r.url}`);
if (opt("--json")) writeFileSync(opt("--json"), JSON.stringify(result, null, 2));

let ok = failed.length === 0;
if (failed.length) console.error(`failed requests: ${failed.join(", ")}`);
if (foreignFailed.length) console.log(`(requests to other origins that failed, not counted: ${foreignFailed.join(", ")})`);
const budgetBytes = Number(opt("--budget-bytes") || 0);
const budgetRequests = Number(opt("--budget-requests") || 0);
if ((budgetBytes && total > budgetBytes) || (budgetRequests && requests.size > budgetRequests)) {
  ok = false;
  console.error(`BUDGET EXCEEDED: ${total} B in ${requests.size} requests (budget ${budgetBytes} B, ${budgetRequests} requests)`);
  const baselineFile = opt("--baseline");
  if (baselineFile && existsSync(baselineFile)) {
    const base = JSON.parse(readFileSync(baselineFile, "utf8"));
    console.error(`what grew, against ${baselineFile}:`);
    for (const kind of new Set([...Object.keys(base.by_kind), ...Object.keys(byKind)])) {
      const before = base.by_kind[kind] || 0, now = byKind[kind] || 0;
      if (now !== before) console.error(`  ${kind}: ${before} B -> ${now} B (${now > before ? "+" : ""}${now - before})`);
    }
    if (requests.size !== base.requests) console.error(`  requests: ${base.requests} -> ${requests.size}`);
  } else {
    for (const [kind, bytes] of Object.entries(byKind)) console.error(`  ${kind}: ${bytes} B`);
  }
}
process.exit(ok ? 0 : 1);
