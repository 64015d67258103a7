import type { HttpHandlers } from "@podium/api";
import { loadApi, store } from "./store";

type Handler = (request: Request) => Promise<Response>;
const holder = globalThis as unknown as { podiumHandlers?: HttpHandlers & { submissions: Handler } };

/** The API's fetch-style handlers over this process's store, mounted by the app/api routes. */
export async function handlers(): Promise<HttpHandlers & { submissions: Handler }> {
  if (!holder.podiumHandlers) {
    const { createHttpHandlers, createUploadHandler } = await loadApi();
    const db = await store();
    // PODIUM_UPLOAD_DIR lets a test (or a deployment) keep uploads apart; the worker must be given the same folder.
    const uploadsDir = process.env.PODIUM_UPLOAD_DIR || undefined;
    holder.podiumHandlers ??= { ...createHttpHandlers(db, { endpoint: "/api/trpc" }), submissions: createUploadHandler(db, { uploadsDir }) };
  }
  return holder.podiumHandlers;
}
