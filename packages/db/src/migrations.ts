import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import type { Provider } from "./database-url.js";
import { MigrationError } from "./errors.js";

/** `<repo>/prisma/migrations`, found the same way from src/ and dist/. */
export const MIGRATIONS_ROOT = fileURLToPath(new URL("../../../prisma/migrations/", import.meta.url));

export interface MigrationFile {
  /** Folder name, `<timestamp>_<name>`, which is also Prisma's `migration_name`. */
  readonly name: string;
  readonly sql: string;
  /** sha256 hex of migration.sql's bytes: what Prisma records in `_prisma_migrations.checksum`. */
  readonly checksum: string;
}

export function migrationChecksum(sql: string | Buffer): string {
  return createHash("sha256").update(sql).digest("hex");
}

/** The committed migrations for one provider, in the order Prisma applies them (folder names sort by timestamp). */
export function listMigrations(provider: Provider, root: string = MIGRATIONS_ROOT): MigrationFile[] {
  const dir = join(root, provider);
  if (!existsSync(dir)) throw new MigrationError(`no migrations folder for ${provider} at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const file = join(dir, name, "migration.sql");
      if (!existsSync(file)) throw new MigrationError(`migration ${name} has no migration.sql (${file})`);
      const bytes = readFileSync(file);
      return { name, sql: bytes.toString("utf8"), checksum: migrationChecksum(bytes) };
    });
}
