// better-sqlite3 ships no types and @types/better-sqlite3 is not installed: the little the migrator uses.
declare module "better-sqlite3" {
  interface Statement {
    run(...params: unknown[]): { changes: number };
    all(...params: unknown[]): unknown[];
  }
  interface Transaction {
    (): void;
    immediate(): void;
  }
  class Database {
    constructor(path: string, options?: { timeout?: number; readonly?: boolean });
    exec(sql: string): this;
    prepare(sql: string): Statement;
    transaction(fn: () => void): Transaction;
    close(): void;
  }
  export default Database;
}
