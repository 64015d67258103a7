import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { DbClient } from "./client.js";
import { StoreError } from "./errors.js";

/** A byte-identical copy of /work/shared/facts/ilsvrc-history.json (a test keeps it so). */
export const HISTORY_FACTS_PATH = fileURLToPath(new URL("../../../prisma/seed/ilsvrc-history.json", import.meta.url));

type Entry = Record<string, unknown>;

/** One row of HistoricalResult as the seed writes it (minus the generated id). */
export interface HistoricalRow {
  sourceKey: string;
  kind: string;
  name: string;
  team: string | null;
  architecture: string | null;
  year: number | null;
  place: number | null;
  task: string;
  dataset: string | null;
  metric: string;
  value: number | null;
  top1: number | null;
  top5: number | null;
  top5Error: number | null;
  paramsM: number | null;
  gmacs: number | null;
  resolution: string | null;
  split: string | null;
  externalData: boolean | null;
  /** How the number was obtained: "test-ensemble" (challenge entries), "val-single-model" (papers, torchvision) … */
  evaluation: string;
  source: string;
  notes: string | null;
  unverified: boolean;
  unverifiedFields: string[] | null;
  raw: Entry;
}

const str = (v: unknown): string | null => (typeof v === "string" ? v : null);
const num = (v: unknown): number | null => (typeof v === "number" ? v : null);
const bool = (v: unknown): boolean | null => (typeof v === "boolean" ? v : null);
const list = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);
const notesOf = (e: Entry): string | null => str(e.notes) ?? (Array.isArray(e.caveats) ? e.caveats.map(String).join(" | ") : null);

function base(e: Entry, sourceKey: string) {
  const source = str(e.source);
  if (!source) throw new StoreError(`${HISTORY_FACTS_PATH}: entry ${sourceKey} has no source text`);
  return {
    sourceKey,
    source,
    notes: notesOf(e),
    unverified: e.unverified === true,
    unverifiedFields: list(e.unverified_fields),
    raw: e,
    team: null, architecture: null, place: null, top1: null, top5: null, top5Error: null,
    paramsM: null, gmacs: null, resolution: null, externalData: null,
  };
}

/** Maps the facts file to rows; every row keeps its source text and its path in the file (sourceKey). */
export function historicalRows(facts: Record<string, unknown>): HistoricalRow[] {
  const rows: HistoricalRow[] = [];
  const section = (name: string): Entry[] => {
    const value = facts[name];
    if (!Array.isArray(value)) throw new StoreError(`${HISTORY_FACTS_PATH}: "${name}" must be an array`);
    return value as Entry[];
  };
  section("ilsvrc_classification").forEach((e, i) => {
    const paper = e.kind !== undefined;
    rows.push({
      ...base(e, `ilsvrc_classification[${i}]`),
      kind: paper ? "paper" : "ilsvrc",
      name: String(e.team),
      team: str(e.team),
      architecture: str(e.architecture),
      year: num(e.year),
      place: num(e.place),
      task: "classification",
      dataset: "ILSVRC classification test",
      metric: "top5_error_pct",
      value: num(e.top5_error_pct),
      top5Error: num(e.top5_error_pct),
      split: str(e.split),
      externalData: bool(e.external_data),
      evaluation: "test-ensemble",
    });
  });
  const human = facts.human_baseline as Entry | undefined;
  if (human) {
    rows.push({
      ...base(human, "human_baseline"),
      kind: "human-baseline",
      name: String(human.name),
      year: null,
      task: "classification",
      dataset: "ILSVRC classification test",
      metric: "top5_error_pct",
      value: num(human.top5_error_pct),
      top5Error: num(human.top5_error_pct),
      split: str(human.split),
      evaluation: "human-annotator",
    });
  }
  section("architectures").forEach((e, i) => {
    const hasImagenet = num(e.top1_pct) !== null || num(e.top5_pct) !== null;
    rows.push({
      ...base(e, `architectures[${i}]`),
      kind: "architecture",
      name: String(e.name),
      architecture: str(e.name),
      year: num(e.year),
      task: "classification",
      dataset: hasImagenet ? "ImageNet-1k val" : null,
      metric: "top1_pct",
      value: num(e.top1_pct),
      top1: num(e.top1_pct),
      top5: num(e.top5_pct),
      paramsM: num(e.params_m),
      gmacs: num(e.gmacs),
      resolution: str(e.resolution),
      split: hasImagenet ? "val" : null,
      evaluation: "val-single-model",
    });
  });
  for (const [name, task] of [["segmentation", "segmentation"], ["detection", "detection"]] as const) {
    section(name).forEach((e, i) => {
      rows.push({
        ...base(e, `${name}[${i}]`),
        kind: task,
        name: String(e.name),
        architecture: str(e.name),
        year: num(e.year),
        task,
        dataset: str(e.dataset),
        metric: String(e.metric),
        value: num(e.value),
        paramsM: num(e.params_m),
        externalData: bool(e.external_data),
        split: /\btest\b/i.test(String(e.dataset)) ? "test" : /\bval\b/i.test(String(e.dataset)) ? "val" : null,
        evaluation: "paper",
      });
    });
  }
  return rows;
}

export function readHistoryFacts(path: string = HISTORY_FACTS_PATH): Record<string, unknown> {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  } catch (error) {
    throw new StoreError(`cannot read history facts ${path}: ${(error as Error).message}`);
  }
}

/** Loads the historical facts; idempotent (rows are upserted by sourceKey). Returns the number of rows. */
export async function seedHistory(db: DbClient, facts: Record<string, unknown> = readHistoryFacts()): Promise<number> {
  const rows = historicalRows(facts);
  await db.$transaction(async (tx) => {
    for (const row of rows) {
      const data = { ...row, raw: row.raw as object, unverifiedFields: row.unverifiedFields ?? undefined };
      await tx.historicalResult.upsert({ where: { sourceKey: row.sourceKey }, create: data, update: data });
    }
  }, { timeout: 60_000 });
  return rows.length;
}
