import { extname } from "node:path";
import { UserError } from "../command.js";
import { parseJsonText, readUserFile } from "../files.js";

/**
 * Classification files `podium score classification` reads (documented in the README):
 * ground truth
 *   .txt  one label per line, line i = image i (ILSVRC devkit's ILSVRC2012_validation_ground_truth.txt)
 *   .csv  header `image,label`, one row per image
 *   .json ImageNet-ReaL: a JSON array, element i = the list of labels of image i (an empty list excludes it)
 * predictions
 *   .txt  ILSVRC submission format: line i = up to k labels of image i, space-separated, best first
 *   .csv  header `image,<rank 1>,<rank 2>,…` (any column names after `image`), best first
 * Labels are integers (any base, compared as given) or names such as WNIDs.
 */
export interface LabelFile {
  path: string;
  /** Image ids when the file names them (.csv); null when images are identified by line order. */
  ids: string[] | null;
  /** One entry per image: a single label, or a list for multi-label (ReaL) ground truth. */
  labels: (string | string[])[];
  /** 1-based line number of each entry, for error messages. */
  lines: number[];
  multiLabel: boolean;
}

export interface RankedFile {
  path: string;
  ids: string[] | null;
  ranked: string[][];
  lines: number[];
}

function splitLines(text: string): { line: number; text: string }[] {
  return text
    .split(/\r?\n/)
    .map((t, i) => ({ line: i + 1, text: t.trim() }))
    .filter((l) => l.text !== "" && !l.text.startsWith("#"));
}

function csvCells(text: string): string[] {
  return text.split(",").map((c) => c.trim());
}

function checkedExtension(path: string, allowed: string[]): string {
  const ext = extname(path).toLowerCase();
  if (!allowed.includes(ext)) throw new UserError(`${path}: unsupported file type '${ext || "(none)"}', expected ${allowed.join(", ")}`);
  return ext;
}

function assertUniqueIds(path: string, ids: string[], lines: number[]): void {
  const seen = new Map<string, number>();
  ids.forEach((id, i) => {
    const first = seen.get(id);
    if (first !== undefined) throw new UserError(`${path}:${lines[i]}: image '${id}' listed twice (first on line ${first})`);
    seen.set(id, lines[i]);
  });
}

export function readGroundTruthFile(path: string): LabelFile {
  const ext = checkedExtension(path, [".txt", ".csv", ".json"]);
  const text = readUserFile(path).toString("utf8");
  if (ext === ".json") {
    const value = parseJsonText(text, path);
    if (!Array.isArray(value)) throw new UserError(`${path}: expected a JSON array of label lists (ImageNet-ReaL format)`);
    const labels = value.map((entry, i) => {
      if (!Array.isArray(entry) || !entry.every((l) => typeof l === "number" || typeof l === "string")) {
        throw new UserError(`${path}: [${i}]: expected a list of labels, got ${JSON.stringify(entry)}`);
      }
      return entry.map(String);
    });
    return { path, ids: null, labels, lines: labels.map((_, i) => i + 1), multiLabel: true };
  }
  const rows = splitLines(text);
  if (ext === ".txt") {
    for (const row of rows) {
      if (/\s/.test(row.text)) throw new UserError(`${path}:${row.line}: expected one label per line, got '${row.text}'`);
    }
    return { path, ids: null, labels: rows.map((r) => r.text), lines: rows.map((r) => r.line), multiLabel: false };
  }
  const [header, ...body] = rows;
  if (!header || csvCells(header.text).join(",").toLowerCase() !== "image,label") {
    throw new UserError(`${path}:1: expected the header 'image,label'`);
  }
  const ids: string[] = [];
  const labels: string[] = [];
  for (const row of body) {
    const cells = csvCells(row.text);
    if (cells.length !== 2 || !cells[0] || !cells[1]) throw new UserError(`${path}:${row.line}: expected 'image,label', got '${row.text}'`);
    ids.push(cells[0]);
    labels.push(cells[1]);
  }
  const lines = body.map((r) => r.line);
  assertUniqueIds(path, ids, lines);
  return { path, ids, labels, lines, multiLabel: false };
}

export function readPredictionFile(path: string): RankedFile {
  const ext = checkedExtension(path, [".txt", ".csv"]);
  const rows = splitLines(readUserFile(path).toString("utf8"));
  if (ext === ".txt") {
    return { path, ids: null, ranked: rows.map((r) => r.text.split(/\s+/)), lines: rows.map((r) => r.line) };
  }
  const [header, ...body] = rows;
  const columns = header ? csvCells(header.text) : [];
  if (columns[0]?.toLowerCase() !== "image" || columns.length < 2) {
    throw new UserError(`${path}:1: expected a header 'image,<rank 1>[,<rank 2>…]'`);
  }
  const ids: string[] = [];
  const ranked: string[][] = [];
  for (const row of body) {
    const cells = csvCells(row.text);
    if (cells.length !== columns.length || cells.some((c) => c === "")) {
      throw new UserError(`${path}:${row.line}: expected ${columns.length} non-empty columns, got '${row.text}'`);
    }
    ids.push(cells[0]);
    ranked.push(cells.slice(1));
  }
  const lines = body.map((r) => r.line);
  assertUniqueIds(path, ids, lines);
  return { path, ids, ranked, lines };
}

export interface PairedClassification {
  /** Class names in index order. */
  classes: string[];
  /** Per image, its label(s) as class indices. */
  targets: number[][];
  /** N × k ranked class indices, best first. */
  ranked: Int32Array;
  depth: number;
  /** Image ids (from .csv) or 1-based line positions. */
  ids: string[];
}

/**
 * Joins ground truth and predictions by image id (.csv) or by line order (.txt/.json) and maps labels to class
 * indices. Without a class list, the classes are every label either file uses, sorted (numerically for integer
 * labels, else by code unit: ImageNet's sorted-WNID order).
 */
export function pairClassification(gt: LabelFile, pred: RankedFile, classList?: string[]): PairedClassification {
  if ((gt.ids === null) !== (pred.ids === null)) {
    throw new UserError(`${pred.path}: cannot pair with ${gt.path}: one names images by id (.csv), the other by line order`);
  }
  let order: number[];
  if (gt.ids && pred.ids) {
    const byId = new Map(pred.ids.map((id, i) => [id, i] as const));
    order = gt.ids.map((id, i) => {
      const index = byId.get(id);
      if (index === undefined) throw new UserError(`${pred.path}: no prediction for image '${id}' (${gt.path}:${gt.lines[i]})`);
      return index;
    });
    const known = new Set(gt.ids);
    pred.ids.forEach((id, i) => {
      if (!known.has(id)) throw new UserError(`${pred.path}:${pred.lines[i]}: image '${id}' is not in the ground truth ${gt.path}`);
    });
  } else {
    if (gt.labels.length !== pred.ranked.length) {
      throw new UserError(`${pred.path}: ${pred.ranked.length} prediction lines for ${gt.labels.length} ground-truth images in ${gt.path}`);
    }
    order = gt.labels.map((_, i) => i);
  }
  const depth = pred.ranked[order[0]]?.length ?? 0;
  if (depth === 0) throw new UserError(`${pred.path}: no predictions`);
  order.forEach((p) => {
    if (pred.ranked[p].length !== depth) {
      throw new UserError(`${pred.path}:${pred.lines[p]}: ${pred.ranked[p].length} ranked labels where the first row has ${depth}; every row needs the same number`);
    }
  });

  const gtLabels = gt.labels.map((l) => (Array.isArray(l) ? l : [l]));
  const classes = classList ?? sortLabels([...new Set([...gtLabels.flat(), ...order.flatMap((p) => pred.ranked[p])])]);
  const index = new Map(classes.map((c, i) => [c, i] as const));
  const lookup = (label: string, file: string, line: number): number => {
    const c = index.get(label);
    if (c === undefined) throw new UserError(`${file}:${line}: label '${label}' is not one of the ${classes.length} classes`);
    return c;
  };
  const targets = gtLabels.map((labels, i) => labels.map((l) => lookup(l, gt.path, gt.lines[i])));
  const ranked = new Int32Array(order.length * depth);
  order.forEach((p, i) => {
    pred.ranked[p].forEach((label, j) => {
      ranked[i * depth + j] = lookup(label, pred.path, pred.lines[p]);
    });
  });
  const ids = gt.ids ?? gt.lines.map((_, i) => String(i + 1));
  return { classes, targets, ranked, depth, ids };
}

/** Numeric order when every label is an integer, else code-unit order (the sorted-WNID order of ImageNet class indices). */
export function sortLabels(labels: string[]): string[] {
  if (labels.every((l) => /^-?\d+$/.test(l))) return [...labels].sort((a, b) => Number(a) - Number(b));
  return [...labels].sort();
}

/** The class list for --num-classes N (labels 0..N-1) or a --classes file (one name per line, in index order). */
export function classListFrom(numClasses: number | undefined, classesPath: string | undefined): string[] | undefined {
  if (classesPath) {
    const names = readUserFile(classesPath).toString("utf8").split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    if (names.length === 0) throw new UserError(`${classesPath}: no class names`);
    const seen = new Set<string>();
    names.forEach((name, i) => {
      if (seen.has(name)) throw new UserError(`${classesPath}:${i + 1}: class '${name}' listed twice`);
      seen.add(name);
    });
    if (numClasses !== undefined && numClasses !== names.length) {
      throw new UserError(`${classesPath}: lists ${names.length} classes but --num-classes is ${numClasses}`);
    }
    return names;
  }
  if (numClasses === undefined) return undefined;
  if (numClasses < 1) throw new UserError(`--num-classes must be at least 1, got ${numClasses}`);
  return Array.from({ length: numClasses }, (_, i) => String(i));
}
