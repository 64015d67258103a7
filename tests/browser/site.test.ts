import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { seedSite, SEED_RESULTS, type SeededSite } from "./support/seed-site.mjs";
import { CHROMIUM_ARGS, ensureBuilt, ensureChromium, screenshotPath, startSite, type RunningSite } from "./support/site.mjs";

// A real browser against the production build: `next build` (cached by turbo under npm test), `next start`
// on a temp SQLite database seeded through @podium/db, driven by playwright-core with Debian's chromium.
const facts = JSON.parse(readFileSync(new URL("../../../shared/facts/ilsvrc-history.json", import.meta.url), "utf8"));

let dir: string;
let site: RunningSite;
let browser: Browser;
let seeded: SeededSite;

beforeAll(async () => {
  ensureChromium();
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), "podium-web-"));
  const databaseUrl = `file:${join(dir, "site.db")}`;
  seeded = await seedSite(databaseUrl);
  site = await startSite({ DATABASE_URL: databaseUrl, PODIUM_UPLOAD_DIR: join(dir, "uploads") });
  browser = await chromium.launch({ executablePath: ensureChromium(), args: CHROMIUM_ARGS });
}, 900_000);

afterAll(async () => {
  await browser?.close();
  await site?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function open(path: string, width = 1280): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const response = await page.goto(`${site.url}${path}`, { waitUntil: "networkidle" });
  expect(response?.status(), `${path}: ${site.output().slice(-2000)}`).toBe(200);
  return page;
}

const boardModels = (page: Page) => page.$$eval("#leaderboard tbody tr th[scope=row] a", (links) => links.map((a) => a.textContent!.trim()));
const onBoard = SEED_RESULTS.filter((r) => r.dataset === "imagenet-mini-val");
const sortedNames = (key: "top1" | "top5", order: "asc" | "desc") =>
  [...onBoard].sort((a, b) => (order === "desc" ? b[key][0] - a[key][0] : a[key][0] - b[key][0])).map((r) => r.name);

describe("leaderboard page", () => {
  it("sorts by a column header and back, with the sort in the URL and aria-sort on the header", async () => {
    const page = await open("/leaderboards?dataset=imagenet-mini-val");
    expect(await boardModels(page)).toEqual(sortedNames("top1", "desc"));
    expect(await page.getAttribute('th:has(a[data-sort="top1"])', "aria-sort")).toBe("descending");
    // The accuracy/cost charts load when scrolled into view: every model plotted, each with a Pareto front.
    await page.locator("[data-testid=scatter-charts]").scrollIntoViewIfNeeded();
    await page.waitForSelector("[data-testid=scatter-charts][data-loaded=true] .recharts-scatter-symbol");
    await expect.poll(() => page.$$eval(".recharts-scatter-symbol", (s) => s.length)).toBe(3 * onBoard.length);
    await expect.poll(() => page.$$eval(".recharts-line-curve", (s) => s.length)).toBe(3);
    expect(await page.textContent("[data-testid=scatter-charts]")).toContain("Pareto front (no other model is both cheaper and more accurate): alexnet (56.52%, 2.90); mobilenet_v2 (71.88%, 3.50); resnet50 (76.13%, 12.3).");
    await page.screenshot({ path: screenshotPath("leaderboard"), fullPage: true });

    await page.click('a[data-sort="top5"]');
    await page.waitForURL(/sortBy=top5/);
    expect(page.url()).toContain("order=desc");
    expect(await boardModels(page)).toEqual(sortedNames("top5", "desc"));
    expect(await page.getAttribute('th:has(a[data-sort="top5"])', "aria-sort")).toBe("descending");
    expect(await page.getAttribute('th:has(a[data-sort="top1"])', "aria-sort")).toBe("none");

    await page.click('a[data-sort="top5"]');
    await page.waitForURL(/order=asc/);
    expect(await boardModels(page)).toEqual(sortedNames("top5", "asc"));

    // Latency sorts ascending first (lower is better).
    await page.click('a[data-sort="latencyP50Ms"]');
    await page.waitForURL(/sortBy=latencyP50Ms/);
    expect(await boardModels(page)).toEqual([...onBoard].sort((a, b) => a.latencyP50Ms - b.latencyP50Ms).map((r) => r.name));
    await page.close();
  });

  it("filters by family and hardware through the form, and the filtered URL reproduces the view", async () => {
    const page = await open("/leaderboards?dataset=imagenet-mini-val");
    await page.selectOption('select[name="family"]', "resnet");
    await Promise.all([page.waitForURL(/family=resnet/), page.click('form.filters button[type="submit"]')]);
    expect(await boardModels(page)).toEqual(onBoard.filter((r) => r.family === "resnet").sort((a, b) => b.top1[0] - a.top1[0]).map((r) => r.name));
    const shared = page.url();
    await page.selectOption('select[name="family"]', "");
    await page.selectOption('select[name="hardware"]', "nvidia-h100");
    await Promise.all([page.waitForURL(/hardware=nvidia-h100/), page.click('form.filters button[type="submit"]')]);
    expect(await boardModels(page)).toEqual(onBoard.filter((r) => r.hardware === "nvidia-h100").sort((a, b) => b.top1[0] - a.top1[0]).map((r) => r.name));
    await page.goto(shared);
    expect((await boardModels(page)).sort()).toEqual(["resnet18", "resnet50"]);
    await page.close();
  });

  it("marks rows whose intervals overlap their group leader's as tied, and never shows failed or queued runs", async () => {
    const page = await open("/leaderboards?dataset=imagenet-mini-val");
    const rows = await page.$$eval("#leaderboard tbody tr", (trs) =>
      trs.map((tr) => ({ model: tr.querySelector("th a")!.textContent!.trim(), group: tr.getAttribute("data-tie-group"), tied: tr.classList.contains("tied"), run: tr.getAttribute("data-run") })),
    );
    const tied = rows.filter((r) => r.tied).map((r) => `${r.model}:${r.group}`);
    expect(tied).toEqual(["mobilenet_v2:2", "vgg16:2", "googlenet:3", "resnet18:3"]);
    expect(rows.map((r) => r.run)).not.toContain(seeded.failedRunId);
    expect(rows.map((r) => r.run)).not.toContain(seeded.queuedRunId);
    expect(rows).toHaveLength(onBoard.length);
    // ±CI is shown with the value: ResNet-50 76.13 with [75.76, 76.50] is symmetric, ±0.37.
    expect(await page.textContent(`tr[data-run="${seeded.runs.get("resnet50")}"] td[data-col="top1"]`)).toBe("76.13 ±0.37");
    await page.close();
  });

  it("links CSV and JSON exports of the current view", async () => {
    const page = await open("/leaderboards?dataset=imagenet-mini-val&family=resnet");
    const csvHref = await page.getAttribute("a:text('Download CSV')", "href");
    const csv = await (await fetch(`${site.url}${csvHref}`)).text();
    expect(csv.split("\n")[0]).toBe("model,top1,top1_err,top5,top5_err,param_count,img_size,crop_pct,interpolation");
    expect(csv.trim().split("\n").slice(1).map((l) => l.split(",")[0])).toEqual(["resnet50", "resnet18"]);
    const jsonHref = await page.getAttribute("a:text('Download JSON')", "href");
    const json = await (await fetch(`${site.url}${jsonHref}`)).json();
    expect(json.rows.map((r: { model: string }) => r.model)).toEqual(["resnet50", "resnet18"]);
    await page.close();
  });
});

describe("model page", () => {
  it("opens from the board and shows the AlexNet per-layer figure, metrics, per-class table, fingerprint and the result download", async () => {
    const page = await open("/leaderboards?dataset=imagenet-mini-val");
    await Promise.all([page.waitForURL(/\/models\//), page.click("#leaderboard a:text-is('alexnet')")]);
    await page.waitForSelector(".recharts-bar-rectangle");
    expect(await page.textContent("h1")).toBe("alexnet");
    // torchvision AlexNet: 5 convolutions + 3 fully connected layers carry all parameters and MACs.
    const bars = await page.$$eval("figure", (figs) => figs.map((f) => ({ title: f.querySelector("h3")?.textContent ?? "", bars: f.querySelectorAll(".recharts-bar-rectangle").length })));
    expect(bars.find((b) => b.title === "Parameters by layer")?.bars).toBe(8);
    expect(bars.find((b) => b.title === "MACs by layer")?.bars).toBe(8);
    expect(bars.find((b) => b.title.startsWith("Activation memory"))?.bars).toBeGreaterThan(8);
    expect(await page.textContent("#metrics")).toContain("56.522 (56.090–56.960)");
    expect(await page.$$eval("#per-class tbody tr", (r) => r.length)).toBe(5);
    expect(await page.textContent("dl[aria-label=fingerprint]")).toContain("onnxruntime");
    const href = await page.getAttribute("a:text('Download the result JSON')", "href");
    const result = await (await fetch(`${site.url}${href}`)).json();
    expect(result.run.id).toBe(seeded.runs.get("alexnet"));
    expect(result.run.top1).toBe(56.522);
    expect(result.run).not.toHaveProperty("sampleCorrect");
    await page.screenshot({ path: screenshotPath("model-alexnet"), fullPage: true });
    await page.close();
  });

  it("shows a failed run's reason, and a run permalink lands on its model page", async () => {
    const page = await open(`/runs/${seeded.failedRunId}`);
    expect(page.url()).toContain(`/models/${seeded.models.get("resnet50")}?run=${seeded.failedRunId}`);
    expect(await page.textContent("p.error")).toContain("onnxruntime: input shape mismatch");
    await page.close();
  });
});

describe("history page", () => {
  const inRange = (y: number) => y >= 2010 && y <= 2017;
  const winners = facts.ilsvrc_classification.filter((e: { kind?: string; place: number; external_data: boolean | null; year: number }) => e.kind === undefined && e.place === 1 && e.external_data !== true && inRange(e.year));
  const extra = facts.ilsvrc_classification.filter((e: { kind?: string; external_data: boolean | null; year: number }) => e.kind === undefined && e.external_data === true && inRange(e.year));
  const singles = facts.architectures.filter((a: { top5_pct: number | null; year: number }) => a.top5_pct !== null && inRange(a.year));
  const platform = SEED_RESULTS.filter((r) => inRange(r.year));

  it("plots winners, extra-data entries, single-model val errors and platform runs as different marker kinds, with the human line", async () => {
    const page = await open("/history");
    const count = (series: string) => page.$$eval(`.series-${series} .history-point`, (s) => s.length);
    expect(await count("winner")).toBe(winners.length);
    expect(winners.map((w: { year: number }) => w.year)).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017]);
    expect(await count("extra-data")).toBe(extra.length);
    expect(await count("single-model")).toBe(singles.length);
    expect(await count("platform")).toBe(platform.length);
    // Different kinds of point look different: the legend names each with its own marker shape.
    const legend = await page.$$eval(".history-legend li", (items) => items.map((i) => i.textContent!.trim()));
    expect(legend).toEqual(["ILSVRC winner, test set (ensemble)", "Entry with extra training data (test set)", "Architecture, single model (val set)", "Podium run (by model year)", "Human annotator"]);
    const shapes = await page.$$eval(".history-legend svg[data-shape]", (svgs) => svgs.map((e) => e.getAttribute("data-shape")));
    expect(shapes).toEqual(["circle", "diamond", "triangle", "square"]);
    // Each series draws its own marker shape.
    expect(await page.$$eval(".series-winner .history-point circle + circle", (c) => c.length)).toBe(winners.length);
    expect(await page.$$eval(".series-single-model .history-point path", (c) => c.length)).toBe(singles.length);
    expect(await page.$$eval(".series-platform .history-point rect", (c) => c.length)).toBe(platform.length);
    expect(await page.textContent("[data-testid=human-line]")).toBe("Human 5.1%");
    await page.screenshot({ path: screenshotPath("history"), fullPage: true });
    await page.close();
  });

  it("shows team, architecture and source on hover; 2012 is the 16.4% no-extra-data point", async () => {
    const page = await open("/history");
    const winnerTexts: string[] = [];
    const symbols = await page.$$(".series-winner .history-point");
    for (const symbol of symbols) {
      await symbol.hover();
      const tooltip = await page.waitForSelector("[data-testid=history-tooltip]");
      winnerTexts.push((await tooltip.textContent())!);
    }
    const t2012 = winnerTexts.find((t) => t.includes("2012 ·"))!;
    expect(t2012).toContain("SuperVision");
    expect(t2012).toContain("top-5 error 16.422%");
    expect(t2012).toContain("Architecture: AlexNet (CNN ensemble)");
    expect(t2012).toContain("Source: image-net.org/challenges/LSVRC/2012/results.html");
    await symbols[2].hover();
    await page.screenshot({ path: screenshotPath("history-tooltip") });
    await page.hover(".series-extra-data .history-point >> nth=0");
    expect(await page.textContent("[data-testid=history-tooltip]")).toContain("15.315%");
    // Every point is listed with its source text under the chart.
    const rows = await page.$$eval("#history-points tbody tr", (trs) => trs.map((tr) => tr.querySelector("td:last-child")!.textContent!.trim()));
    expect(rows).toHaveLength(winners.length + extra.length + singles.length + platform.length + 1);
    expect(rows.every((s) => s.length > 10)).toBe(true);
    await page.close();
  });
});

describe("without JavaScript, and without third parties", () => {
  it("sorts and filters with JavaScript disabled (links and a GET form)", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${site.url}/leaderboards?dataset=imagenet-mini-val`);
    await Promise.all([page.waitForURL(/sortBy=top5/), page.click('a[data-sort="top5"]')]);
    expect(await boardModels(page)).toEqual(sortedNames("top5", "desc"));
    await page.selectOption('select[name="engine"]', "tfjs");
    await Promise.all([page.waitForURL(/engine=tfjs/), page.click('form.filters button[type="submit"]')]);
    expect(page.url()).toContain("sortBy=top5");
    expect(await boardModels(page)).toEqual(onBoard.filter((r) => r.engine === "tfjs").sort((a, b) => b.top5[0] - a.top5[0]).map((r) => r.name));
    await context.close();
  });

  it("loads nothing from any other origin (no font CDN, no trackers)", async () => {
    const page = await browser.newPage();
    const foreign: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(site.url) && !request.url().startsWith("data:")) foreign.push(request.url());
    });
    for (const path of ["/", "/leaderboards?dataset=imagenet-mini-val", "/history", `/models/${seeded.models.get("alexnet")}`, "/upload", "/zoo/alexnet"]) {
      await page.goto(`${site.url}${path}`, { waitUntil: "networkidle" });
    }
    expect(foreign).toEqual([]);
    await page.close();
  });
});

describe("phone layout", () => {
  it("fits 375 px without horizontal scrolling on every page", async () => {
    const paths = ["/", "/leaderboards?dataset=imagenet-mini-val", "/history", `/models/${seeded.models.get("alexnet")}`, "/upload", "/zoo", "/zoo/alexnet", "/demo"];
    for (const path of paths) {
      const page = await open(path, 375);
      const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
      expect(scroll, `${path} is ${scroll}px wide at 375px`).toBeLessThanOrEqual(client);
      const name = path === "/" ? "home" : path.slice(1).replace(/[^a-z0-9]+/gi, "-").slice(0, 40);
      await page.screenshot({ path: screenshotPath(`phone-${name}`), fullPage: true });
      await page.close();
    }
  });
});
