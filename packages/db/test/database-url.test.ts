import { describe, expect, it } from "vitest";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { resolveDatabase, DEFAULT_SQLITE_PATH } from "@podium/db";

describe("resolveDatabase", () => {
  it("defaults to <repo>/data/podium.db", () => {
    expect(DEFAULT_SQLITE_PATH).toBe(fileURLToPath(new URL("../../../data/podium.db", import.meta.url)));
    expect(resolveDatabase("")).toEqual({ provider: "sqlite", target: DEFAULT_SQLITE_PATH });
  });

  it("picks PostgreSQL for postgres:// and postgresql:// only", () => {
    expect(resolveDatabase("postgres://u@h/db").provider).toBe("postgres");
    expect(resolveDatabase("POSTGRESQL://u@h/db").provider).toBe("postgres");
    expect(resolveDatabase("file:./x.db")).toEqual({ provider: "sqlite", target: resolve("x.db") });
    expect(resolveDatabase("file:///tmp/a.db")).toEqual({ provider: "sqlite", target: "/tmp/a.db" });
    expect(resolveDatabase("/tmp/b.db")).toEqual({ provider: "sqlite", target: "/tmp/b.db" });
    expect(resolveDatabase(":memory:")).toEqual({ provider: "sqlite", target: ":memory:" });
  });

  it("rejects other schemes without leaking the password", () => {
    expect(() => resolveDatabase("mysql://root:hunter2@db/x")).toThrow('unsupported database url "mysql://root:***@db/x": use postgres://, postgresql://, file:<path> or a file path');
  });
});
