import { fileURLToPath } from "node:url";
import { isAbsolute, resolve } from "node:path";

export type Provider = "sqlite" | "postgres";

export interface ResolvedDatabase {
  readonly provider: Provider;
  /** Connection string for PostgreSQL, absolute file path (or ":memory:") for SQLite. */
  readonly target: string;
}

/** `<repo>/data/podium.db`; the same three levels up from src/ (tests) and dist/ (built). */
export const DEFAULT_SQLITE_PATH = fileURLToPath(new URL("../../../data/podium.db", import.meta.url));

/**
 * Picks the database: an explicit url, else DATABASE_URL, else the embedded SQLite file.
 * postgres:// and postgresql:// select PostgreSQL; "file:<path>", a bare path or ":memory:" select SQLite.
 */
export function resolveDatabase(url: string | undefined = process.env.DATABASE_URL): ResolvedDatabase {
  const value = url?.trim();
  if (!value) return { provider: "sqlite", target: DEFAULT_SQLITE_PATH };
  if (/^postgres(ql)?:\/\//i.test(value)) return { provider: "postgres", target: value };
  if (value === ":memory:" || value === "file::memory:") return { provider: "sqlite", target: ":memory:" };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith("file:")) {
    throw new Error(`unsupported database url "${redact(value)}": use postgres://, postgresql://, file:<path> or a file path`);
  }
  const path = value.startsWith("file://") ? fileURLToPath(value) : value.replace(/^file:/, "");
  return { provider: "sqlite", target: isAbsolute(path) ? path : resolve(path) };
}

/** Hides a password in a connection string before it goes into a message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
