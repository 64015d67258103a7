import { readFileSync } from "node:fs";

/** One entry of the `architectures` list in data/ilsvrc-history.json (a byte-for-byte copy of shared/facts). */
export interface ArchitectureFacts {
  name: string;
  year: number;
  params_m: number | null;
  gmacs: number | null;
  resolution: string;
  top1_pct: number | null;
  top5_pct: number | null;
  source: string;
  notes?: string;
  paper_reported?: Record<string, unknown>;
  unverified?: boolean;
  unverified_fields?: string[];
}

export const FACTS_URL = new URL("../data/ilsvrc-history.json", import.meta.url);

let cache: ArchitectureFacts[] | null = null;

export function architectureFacts(): ArchitectureFacts[] {
  if (cache) return cache;
  const parsed = JSON.parse(readFileSync(FACTS_URL, "utf8")) as { architectures?: unknown };
  if (!Array.isArray(parsed.architectures)) throw new Error(`${FACTS_URL.pathname}: no 'architectures' list`);
  cache = parsed.architectures as ArchitectureFacts[];
  return cache;
}

export function factsFor(name: string): ArchitectureFacts {
  const entry = architectureFacts().find((a) => a.name === name);
  if (!entry) throw new Error(`ilsvrc-history.json has no architecture named '${name}'`);
  return entry;
}
