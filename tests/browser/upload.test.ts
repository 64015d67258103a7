import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import { appRouter } from "@podium/api";
import { createStore, type Store } from "@podium/db";
import { openDatasetAt } from "@podium/runner";
import { evalChildEntry, Worker } from "@podium/worker";
import { seedSite, type SeededSite } from "./support/seed-site.mjs";
import { CHROMIUM_ARGS, ensureBuilt, ensureChromium, repoRoot, screenshotPath, startSite, type RunningSite } from "./support/site.mjs";

// Upload a real model through the browser, watch its status, let a real worker (in this process, over the
// same SQLite file) evaluate it, and find it on the leaderboard. Skipped, visibly, only when the API has
// no submission procedure.
const hasSubmissions = "submissions.create" in appRouter._def.procedures;
const MODEL = join(repoRoot, "models/fashion-mnist/lenet5.onnx");
const MANIFEST = join(repoRoot, "models/fashion-mnist/lenet5.model.json");
const LIMIT = 500;

describe.skipIf(!hasSubmissions)(`upload to leaderboard${hasSubmissions ? "" : " (skipped: the API has no submissions.create procedure yet)"}`, () => {
  let dir: string;
  let site: RunningSite;
  let browser: Browser;
  let seeded: SeededSite;
  let store: Store;
  let uploads: string;

  beforeAll(async () => {
    for (const file of [MODEL, MANIFEST]) if (!existsSync(file)) throw new Error(`${file} is missing: the bundled Fashion-MNIST demo model is needed for the upload test`);
    evalChildEntry(); // fails clearly when the worker package is not built
    ensureChromium();
    ensureBuilt();
    dir = mkdtempSync(join(tmpdir(), "podium-upload-"));
    uploads = join(dir, "uploads");
    const databaseUrl = `file:${join(dir, "site.db")}`;
    seeded = await seedSite(databaseUrl);
    store = createStore(databaseUrl);
    // The real bundled test split, registered with its real checksum (the worker checks it).
    const dataset = await openDatasetAt(join(repoRoot, "datasets/fashion-mnist"));
    await store.datasets.create({ name: "fashion-mnist-test", task: "classification", split: "test", checksum: dataset.checksum, groundTruth: "public", classNames: [...dataset.classes], sampleCount: dataset.size });
    site = await startSite({ DATABASE_URL: databaseUrl, PODIUM_UPLOAD_DIR: uploads });
    browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
  }, 900_000);

  afterAll(async () => {
    await browser?.close();
    await site?.stop();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("shows upload progress, the queue position, then the result, and the model reaches the leaderboard", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/upload`, { waitUntil: "networkidle" });
    await page.fill('input[name="token"]', seeded.token);
    await page.setInputFiles('input[name="model"]', MODEL);
    await page.setInputFiles('input[name="manifest"]', MANIFEST);
    await page.selectOption('select[name="dataset"]', "fashion-mnist-test");
    await page.fill('input[name="limit"]', String(LIMIT));
    await page.click('button[type="submit"]');

    await expect.poll(() => page.$eval("[data-testid=upload-progress]", (p) => (p as HTMLProgressElement).value), { timeout: 30_000 }).toBe(1);
    const queued = await page.waitForSelector('dd[data-status="queued"]', { timeout: 30_000 });
    expect(await queued.textContent()).toBe("queued");
    // The seed left one run queued ahead of this one.
    expect(await page.textContent("[data-testid=submission-status]")).toMatch(/Queue position\s*2/);
    await page.screenshot({ path: screenshotPath("upload-queued"), fullPage: true });

    const runId = (await page.textContent("[data-testid=submission-status] dd a"))!.trim();
    const submitted = await store.runs.get(runId);
    expect(submitted.status).toBe("queued");
    // The run queued by the seed has no model file on this worker: it fails first, with its reason stored.
    const worker = new Worker(store, { uploadsDir: uploads, datasetsRoot: join(repoRoot, "datasets"), pollMs: 100, batchSize: 64, limits: { timeoutMs: 240_000 } });
    const working = worker.run({ once: true });

    await page.waitForSelector('dd[data-status="done"]', { timeout: 240_000 });
    const outcomes = await working;
    expect(outcomes.find((o) => o.runId === runId)?.status).toBe("done");
    const run = await store.runs.get(runId);
    const shown = await page.textContent("[data-testid=submission-status]");
    expect(shown).toContain(`${run.top1!.toFixed(2)}% on fashion-mnist-test`);
    await page.screenshot({ path: screenshotPath("upload-done"), fullPage: true });

    await page.click("[data-testid=submission-status] a:text-is('leaderboard')");
    await page.waitForURL(/dataset=fashion-mnist-test/);
    const name = JSON.parse(readFileSync(MANIFEST, "utf8")).metadata.name as string;
    const row = page.locator(`#leaderboard tr[data-run="${runId}"]`);
    expect(await row.locator("th a").textContent()).toBe(name);
    expect(await row.locator('td[data-col="top1"]').textContent()).toMatch(new RegExp(`^${run.top1!.toFixed(2).replace(".", "\\.")}`));

    // Its model page counts the per-layer figures from the uploaded ONNX file itself.
    await Promise.all([page.waitForURL(/\/models\//), row.locator("th a").click()]);
    await page.waitForSelector(".recharts-bar-rectangle");
    expect(await page.textContent("body")).toContain("Counted by @podium/graph from the uploaded ONNX file");
    // 61,706 parameters, as the manifest's notes (from PyTorch at training time) say.
    expect(JSON.parse(readFileSync(MANIFEST, "utf8")).metadata.notes).toContain("61,706 parameters");
    expect(await page.getAttribute("details[data-total-params]", "data-total-params")).toBe("61706");
    const sha256 = (await store.models.get(run.modelId)).fileSha256;
    expect(JSON.parse((await page.textContent("pre[aria-label=fingerprint]"))!).modelSha256).toBe(sha256);
    await page.screenshot({ path: screenshotPath("upload-model-page"), fullPage: true });
    await page.close();
  });

  it("shows the failure reason when the worker cannot evaluate a submission", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${site.url}/upload`, { waitUntil: "networkidle" });
    await page.fill('input[name="token"]', seeded.token);
    await page.setInputFiles('input[name="model"]', MODEL);
    await page.setInputFiles('input[name="manifest"]', MANIFEST);
    // Registered in the store, but no worker has its files.
    await page.selectOption('select[name="dataset"]', "fashion-mnist-mini");
    await page.click('button[type="submit"]');
    await page.waitForSelector('dd[data-status="queued"]', { timeout: 30_000 });
    const worker = new Worker(store, { uploadsDir: uploads, datasetsRoot: join(repoRoot, "datasets"), pollMs: 100 });
    await worker.run({ once: true });
    await page.waitForSelector('dd[data-status="failed"]', { timeout: 60_000 });
    expect(await page.textContent("[data-testid=submission-status] dd.error")).toMatch(/dataset "fashion-mnist-mini" is not available on worker/);
    await page.screenshot({ path: screenshotPath("upload-failed"), fullPage: true });
    await page.close();
  });
});
