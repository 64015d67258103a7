import { createPrismaClient, type DbClient } from "../client.js";
import type { ResolvedDatabase } from "../database-url.js";

/**
 * Leaderboard reads for an SQLite file, cached per process until anything commits to the database.
 *
 * The reads go through a connection of their own that never writes, so
 *  - they never see another connection's uncommitted rows (the store's main connection may be inside a queue
 *    transaction that later rolls back; a cached half-written run would outlive it), and
 *  - SQLite's `PRAGMA data_version` on it changes whenever any other connection commits: this process's main
 *    connection, a `podium worker` process completing a run, anyone. Every lookup reads it first (one cheap
 *    statement), so an entry is served only while nothing has been committed since it was filled.
 * An entry filled after a commit it did not see cannot exist: the version is read before the data, so data is
 * at least as new as its version. PostgreSQL and in-memory SQLite (one connection only) are not cached.
 */
export class BoardCache {
  readonly reader: DbClient;
  private readonly entries = new Map<string, { version: bigint; value: Promise<unknown> }>();

  constructor(
    database: ResolvedDatabase,
    private readonly maxEntries = 256,
  ) {
    this.reader = createPrismaClient(database);
  }

  static supports(database: ResolvedDatabase): boolean {
    return database.provider === "sqlite" && database.target !== ":memory:";
  }

  /**
   * The cached result for `key` if nothing has committed since it was read, else `read(reader)` (and cached,
   * unless `keep` says the value is not worth keeping, e.g. an error response).
   */
  async get<T>(key: string, read: (reader: DbClient) => Promise<T>, keep?: (value: T) => boolean): Promise<T> {
    const version = await this.version();
    const hit = this.entries.get(key);
    if (hit && hit.version === version) {
      // Most recently used last, so the oldest entry is the first to go.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as Promise<T>;
    }
    const value = read(this.reader);
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    const forget = () => this.entries.get(key)?.value === value && this.entries.delete(key);
    value.then((v) => (keep && !keep(v) ? forget() : undefined), forget);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    return value;
  }

  private async version(): Promise<bigint> {
    const rows = await this.reader.$queryRawUnsafe<{ data_version: bigint | number }[]>("PRAGMA data_version");
    return BigInt(rows[0]!.data_version);
  }

  close(): Promise<void> {
    return this.reader.$disconnect();
  }
}
