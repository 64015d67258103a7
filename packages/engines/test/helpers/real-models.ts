import { join } from "node:path";
import { repoRoot } from "./paths.js";

type FetchModels = (names?: string[], log?: (line: string) => void) => Promise<Record<string, string>>;

/** Fetches (or finds in .cache) the real models through the project's own script, sha256-checked. */
export async function realModels(names?: string[], log: (line: string) => void = () => {}): Promise<Record<string, string>> {
  const script = join(repoRoot, "scripts", "fetch-models.mjs");
  const { fetchModels } = (await import(script)) as { fetchModels: FetchModels };
  return fetchModels(names, log);
}
