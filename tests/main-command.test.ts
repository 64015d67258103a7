import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createStore } from "@podium/db";
import { repoRoot } from "./helpers.js";

const scratch = mkdtempSync(join(tmpdir(), "podium-up-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// The README's main command ends in `podium up`; --once runs the same steps, waits for the demo runs and the
// site, then stops, so the whole platform can be checked from a test.
describe("podium up (the main command's platform step)", () => {
  const database = join(scratch, "podium.db");
  const env = { ...process.env, DATABASE_URL: database, PODIUM_UPLOAD_DIR: join(scratch, "uploads") };
  const up = async () =>
    spawnSync(process.execPath, [join(repoRoot, "apps/cli/bin/podium.js"), "up", "--once", "--port", String(await freePort())], {
      cwd: repoRoot,
      env,
      encoding: "utf8",
      timeout: 900_000,
    });

  it("migrates, seeds, scores every bundled demo model through a worker and serves the site", async () => {
    const first = await up();
    expect(first.status, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/the leaderboard is up at http:\/\/localhost:\d+/);
    const store = createStore(database);
    try {
      const boards = Object.fromEntries(
        await Promise.all(
          (
            [
              ["fashion-mnist-test", "top1"],
              ["demo-detection", "ap"],
              ["demo-segmentation", "miou"],
            ] as const
          ).map(async ([name, sortBy]) => [name, (await store.leaderboard({ dataset: name, sortBy, order: "desc", limit: 50 })).entries] as const),
        ),
      );
      expect(boards["fashion-mnist-test"]).toHaveLength(5);
      expect(boards["demo-detection"]).toHaveLength(2);
      expect(boards["demo-segmentation"]).toHaveLength(2);
      const lenet = boards["fashion-mnist-test"].find((e) => /LeNet-5/.test(e.model.name));
      // 8942 of 10,000 correct: what PyTorch measured when the committed model was trained.
      expect(lenet?.run.top1).toBeCloseTo(89.42, 10);
      expect(lenet?.run.paramCount).toBe(61_706);
      expect((await store.history.list()).length).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
    // A second start finds everything stored and submits nothing.
    const second = await up();
    expect(second.status, second.stderr).toBe(0);
    expect(second.stderr).not.toMatch(/queued \(run/);
    expect(second.stderr.match(/already scored/g)).toHaveLength(9);
  }, 1_800_000);
});
