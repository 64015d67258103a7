#!/usr/bin/env node
// Lighthouse 12.2.x performance and accessibility scores of the leaderboard and history pages, against the
// production build (`next start`) on a temp SQLite database seeded like the browser tests. Chromium is
// Debian's (scripts/install-chromium.sh), launched headless with the same flags as the browser tests.
// Targets: performance >= 90 and accessibility >= 90 on both pages (mobile form factor, Lighthouse's default
// simulated throttling). Writes benchmarks/results/lighthouse.json.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { seedSite } from "../tests/browser/support/seed-site.mjs";
import { CHROMIUM_ARGS, ensureBuilt, ensureChromium, startSite } from "../tests/browser/support/site.mjs";

const here = fileURLToPath(new URL(".", import.meta.url));
const TARGET = 90;
const PAGES = [
  { name: "leaderboard", path: "/leaderboards?dataset=imagenet-mini-val" },
  { name: "history", path: "/history" },
];

const chromePath = ensureChromium();
ensureBuilt();
const dir = mkdtempSync(join(tmpdir(), "podium-lighthouse-"));
const databaseUrl = `file:${join(dir, "site.db")}`;
await seedSite(databaseUrl);
const site = await startSite({ DATABASE_URL: databaseUrl, PODIUM_UPLOAD_DIR: join(dir, "uploads") });
const chrome = await chromeLauncher.launch({ chromePath, chromeFlags: CHROMIUM_ARGS });
const measurements = [];
const targets = [];
try {
  for (const page of PAGES) {
    const url = `${site.url}${page.path}`;
    // One warm-up load so the first request's module loading (Prisma, tfjs) is not scored as page speed.
    await fetch(url);
    const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error", onlyCategories: ["performance", "accessibility"] });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`lighthouse on ${url}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const performance = Math.round(lhr.categories.performance.score * 100);
    const accessibility = Math.round(lhr.categories.accessibility.score * 100);
    const audit = (id) => lhr.audits[id]?.numericValue ?? null;
    const failedA11y = Object.values(lhr.audits)
      .filter((a) => lhr.categories.accessibility.auditRefs.some((r) => r.id === a.id && r.weight > 0) && a.score !== null && a.score < 1)
      .map((a) => a.id);
    measurements.push({
      page: page.name,
      url: page.path,
      performance,
      accessibility,
      firstContentfulPaintMs: audit("first-contentful-paint"),
      largestContentfulPaintMs: audit("largest-contentful-paint"),
      totalBlockingTimeMs: audit("total-blocking-time"),
      cumulativeLayoutShift: audit("cumulative-layout-shift"),
      speedIndexMs: audit("speed-index"),
      failedAccessibilityAudits: failedA11y,
      lighthouseVersion: lhr.lighthouseVersion,
      formFactor: lhr.configSettings.formFactor,
    });
    targets.push({ name: `${page.name} performance`, value: performance, limit: TARGET, unit: "score >=", pass: performance >= TARGET });
    targets.push({ name: `${page.name} accessibility`, value: accessibility, limit: TARGET, unit: "score >=", pass: accessibility >= TARGET });
  }
} finally {
  await chrome.kill();
  await site.stop();
  rmSync(dir, { recursive: true, force: true });
}

console.table(measurements.map((m) => ({ page: m.page, performance: m.performance, accessibility: m.accessibility, fcpMs: Math.round(m.firstContentfulPaintMs), lcpMs: Math.round(m.largestContentfulPaintMs), tbtMs: Math.round(m.totalBlockingTimeMs), cls: m.cumulativeLayoutShift, failedA11y: m.failedAccessibilityAudits.join(" ") })));
console.table(targets);
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results/lighthouse.json"), JSON.stringify({ name: "lighthouse", measurements, targets }, null, 2) + "\n");
process.exitCode = targets.every((t) => t.pass) ? 0 : 1;
