// Generates both Prisma clients (SQLite and PostgreSQL) into src/generated/, offline.
// `prisma generate` insists on locating the schema-engine binary even though generating never runs it, and
// fetching it needs the network; pointing PRISMA_SCHEMA_ENGINE_BINARY at any existing file skips that.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const prismaCli = require.resolve("prisma/build/index.js");
const repo = fileURLToPath(new URL("../../../", import.meta.url));
const env = {
  ...process.env,
  PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url),
  CHECKPOINT_DISABLE: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};
for (const provider of ["sqlite", "postgres"]) {
  execFileSync(process.execPath, [prismaCli, "generate", "--schema", `prisma/schema.${provider}.prisma`], {
    cwd: repo,
    env,
    stdio: ["ignore", "ignore", "inherit"],
  });
}
