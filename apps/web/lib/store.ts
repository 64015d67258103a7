import type * as Db from "@podium/db";
import type * as Api from "@podium/api";
import type * as Zoo from "@podium/zoo";
import type * as Graph from "@podium/graph";

// The workspace packages run as plain Node modules, loaded at request time: the store holds a native addon
// (better-sqlite3) and the zoo pulls in tfjs, neither of which survives bundling. Workspace packages are
// symlinks outside node_modules, which serverExternalPackages does not catch, hence the ignored dynamic imports.
export const loadDb = () => import(/* turbopackIgnore: true */ /* webpackIgnore: true */ "@podium/db") as Promise<typeof Db>;
export const loadApi = () => import(/* turbopackIgnore: true */ /* webpackIgnore: true */ "@podium/api") as Promise<typeof Api>;
export const loadZoo = () => import(/* turbopackIgnore: true */ /* webpackIgnore: true */ "@podium/zoo") as Promise<typeof Zoo>;
export const loadGraph = () => import(/* turbopackIgnore: true */ /* webpackIgnore: true */ "@podium/graph") as Promise<typeof Graph>;

// One store per server process (Next reloads modules in dev, so keep it on globalThis).
const holder = globalThis as unknown as { podiumStore?: Db.Store };

/** The results store named by DATABASE_URL (SQLite file data/podium.db by default). */
export async function store(): Promise<Db.Store> {
  if (!holder.podiumStore) {
    const { createStore } = await loadDb();
    holder.podiumStore ??= createStore(process.env.DATABASE_URL);
  }
  return holder.podiumStore;
}

/** The tRPC routers called in-process from server components: same validation and views as over HTTP. */
export async function api(authorization: string | null = null) {
  const { appRouter, createCallerFactory } = await loadApi();
  const ctx: Api.ApiContext = { store: await store(), authorization, baseUrl: "" };
  return createCallerFactory(appRouter)(ctx);
}
