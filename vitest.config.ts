import { defineConfig } from "vitest/config";
import { fileURLToPath } from "node:url";
import { readdirSync, existsSync } from "node:fs";

// Tests import workspace packages from their TypeScript sources, so a test run never depends on a stale dist/.
const root = fileURLToPath(new URL(".", import.meta.url));
const alias: Record<string, string> = {};
for (const dir of readdirSync(`${root}packages`)) {
  const entry = `${root}packages/${dir}/src/index.ts`;
  if (existsSync(entry)) alias[`@podium/${dir}`] = entry;
}

export default defineConfig({
  resolve: { alias },
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "tests/**/*.test.ts"],
    setupFiles: ["tests/setup/fast-check.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: "forks",
    maxWorkers: 2,
  },
});
