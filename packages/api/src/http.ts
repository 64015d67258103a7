import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import type { Store } from "@podium/db";
import { createContext } from "./context.js";
import { leaderboardCsv, leaderboardJson, type ExportFile } from "./exports.js";
import { leaderboardInput } from "./inputs.js";
import { appRouter } from "./router.js";

export type FetchHandler = (request: Request) => Promise<Response>;

export interface HttpHandlers {
  /** tRPC over fetch; mount at `endpoint` (default /api/trpc). */
  trpc: FetchHandler;
  /** GET ?dataset=…&sortBy=…&order=…&family=…&year=…&hardware=…&engine= */
  leaderboardCsv: FetchHandler;
  leaderboardJson: FetchHandler;
}

const problem = (status: number, message: string) =>
  new Response(JSON.stringify({ error: message }) + "\n", { status, headers: { "content-type": "application/json; charset=utf-8" } });

const STATUS_BY_ERROR: Record<string, number> = { NotFoundError: 404, ConflictError: 409 };

function exportHandler(store: Store, baseUrl: string, make: typeof leaderboardCsv): FetchHandler {
  return async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") return problem(405, `${request.method} not allowed; use GET`);
    const params = new URL(request.url).searchParams;
    const raw: Record<string, unknown> = Object.fromEntries(params);
    for (const key of ["year", "offset", "limit"]) if (raw[key] !== undefined) raw[key] = Number(raw[key]);
    const parsed = leaderboardInput.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return problem(400, `query parameter "${issue.path.join(".") || "?"}": ${issue.message}`);
    }
    let file: ExportFile;
    try {
      file = await make(store, parsed.data, baseUrl);
    } catch (error) {
      const status = STATUS_BY_ERROR[(error as Error).name];
      if (status) return problem(status, (error as Error).message);
      throw error;
    }
    return new Response(request.method === "HEAD" ? null : file.body, {
      status: 200,
      headers: {
        "content-type": file.contentType,
        "content-disposition": `attachment; filename="${file.filename.replaceAll('"', "")}"`,
        link: `<${file.permalink}>; rel="canonical"`,
      },
    });
  };
}

/** Fetch-style handlers (Request in, Response out) for a Next.js route or any fetch server. */
export function createHttpHandlers(store: Store, options: { baseUrl?: string; endpoint?: string } = {}): HttpHandlers {
  const baseUrl = options.baseUrl ?? "";
  const endpoint = options.endpoint ?? "/api/trpc";
  const handle: FetchHandler = (request) => fetchRequestHandler({ endpoint, req: request, router: appRouter, createContext: async () => createContext(store, request, baseUrl) });
  return {
    trpc: async (request) => {
      // The busiest public read: its serialised response is kept until the next commit (see Store.memo), since
      // serialising a page of runs costs more than reading it from the boards cache.
      const url = new URL(request.url);
      if (request.method !== "GET" || !url.pathname.endsWith("/leaderboard.get")) return handle(request);
      const cached = await store.memo(
        `trpc ${url.pathname}${url.search}`,
        async () => {
          const response = await handle(request);
          return { status: response.status, headers: [...response.headers], body: await response.text() };
        },
        (r) => r.status === 200,
      );
      return new Response(cached.body, { status: cached.status, headers: cached.headers });
    },
    leaderboardCsv: exportHandler(store, baseUrl, leaderboardCsv),
    leaderboardJson: exportHandler(store, baseUrl, leaderboardJson),
  };
}
