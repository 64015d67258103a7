import type { Identity, Store } from "@podium/db";

/** What a request's Authorization header amounted to. Reads ignore it; writes need `valid`. */
export type Auth = { kind: "none" } | { kind: "invalid"; reason: string } | { kind: "valid"; identity: Identity };

export interface ApiContext {
  store: Store;
  /** The raw Authorization header; only write procedures look it up (reads stay free of token checks). */
  authorization: string | null;
  /** Origin used to build permalinks, e.g. "https://podium.example"; "" gives root-relative links. */
  baseUrl: string;
}

export async function authFromHeader(store: Store, header: string | null | undefined): Promise<Auth> {
  if (!header) return { kind: "none" };
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) return { kind: "invalid", reason: 'Authorization header must be "Bearer <token>"' };
  const identity = await store.tokens.authenticate(match[1]);
  return identity ? { kind: "valid", identity } : { kind: "invalid", reason: "unknown or revoked API token" };
}

export function createContext(store: Store, request: Request, baseUrl = ""): ApiContext {
  return { store, authorization: request.headers.get("authorization"), baseUrl };
}
