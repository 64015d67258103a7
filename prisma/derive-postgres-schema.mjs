// Derives prisma/schema.postgres.prisma from prisma/schema.sqlite.prisma, the one source of truth.
// Prisma needs `provider` as a literal, so one file cannot serve both databases; the schema only uses
// portable types, so the provider and the client's output folder are all that differ.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const SQLITE_SCHEMA = fileURLToPath(new URL("./schema.sqlite.prisma", import.meta.url));
export const POSTGRES_SCHEMA = fileURLToPath(new URL("./schema.postgres.prisma", import.meta.url));

const HEADER = "// GENERATED from prisma/schema.sqlite.prisma by prisma/derive-postgres-schema.mjs: edit that file, not this one.\n";

/** @param {string} sqliteText @returns {string} */
export function derivePostgresSchema(sqliteText) {
  const replacements = [
    [/provider = "sqlite"/g, 'provider = "postgresql"'],
    [/output\s*=\s*"\.\.\/packages\/db\/src\/generated\/sqlite"/g, 'output              = "../packages/db/src/generated/postgres"'],
  ];
  let text = sqliteText;
  for (const [pattern, replacement] of replacements) {
    const count = (text.match(pattern) ?? []).length;
    if (count !== 1) throw new Error(`schema.sqlite.prisma: expected exactly one match of ${pattern}, found ${count}`);
    text = text.replace(pattern, replacement);
  }
  return HEADER + text;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(POSTGRES_SCHEMA, derivePostgresSchema(readFileSync(SQLITE_SCHEMA, "utf8")));
}
