import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));
export const cachedModel = (name: string) => join(repoRoot, ".cache", "models", name);
export const scratchDir = (prefix: string) => mkdtempSync(join(tmpdir(), `podium-runner-${prefix}-`));

/** The result fields that must be identical between a merged sharded run and the one-shot run. */
export const mergeable = (r: { metrics: unknown; details: unknown; state: unknown; problems: unknown; selection: { samplesScored: number } }) =>
  JSON.stringify({ metrics: r.metrics, details: r.details, state: r.state, problems: r.problems, samplesScored: r.selection.samplesScored });
