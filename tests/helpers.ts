import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("..", import.meta.url));
/** The read-only shared folder laid beside the repository (fixtures, facts). */
export const sharedDir = fileURLToPath(new URL("../../shared/", import.meta.url));
export const fixtures = (path: string) => `${sharedDir}fixtures/${path}`;

const cli = `${repoRoot}apps/cli/bin/podium.js`;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI exactly as a user would (`npx podium …`), from the repository root. */
export function podium(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): CliResult {
  if (!existsSync(`${repoRoot}apps/cli/dist/main.js`)) throw new Error("the CLI is not built: run `npm run build` (npm test does)");
  const child = spawnSync(process.execPath, [cli, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

/** A failed run must explain itself in one line (no stack trace) and exit non-zero. */
export function expectOneLineFailure(result: CliResult): string {
  if (result.status === 0) throw new Error(`expected failure, got exit 0 with stdout ${result.stdout.slice(0, 200)}`);
  const lines = result.stderr.trim().split("\n");
  if (lines.length !== 1) throw new Error(`expected a one-line error, got:\n${result.stderr}`);
  if (/\bat .+:\d+:\d+\)?$/m.test(result.stderr)) throw new Error(`stack trace in error output:\n${result.stderr}`);
  return lines[0];
}
