// Takes a screenshot of one page in headless Chromium, in the light or the dark colour scheme.
//
//   node scripts/screenshot.mjs <url> <out.png> <light|dark>
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "end2end", "package.json"));
const { chromium } = require("@playwright/test");

const [url, out, scheme] = process.argv.slice(2);
if (!url || !out || !["light", "dark"].includes(scheme)) {
  console.error("usage: screenshot.mjs <url> <out.png> <light|dark>");
  process.exit(2);
}
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ colorScheme: scheme, viewport: { width: 900, height: 1100 } });
await page.goto(url, { waitUntil: "networkidle" });
await page.screenshot({ path: out, fullPage: false });
await browser.close();
console.log(`${out}: ${url} (${scheme})`);
