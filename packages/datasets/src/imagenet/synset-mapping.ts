import { DatasetError } from "../core/errors.js";
import { readRequiredText } from "../core/files.js";
import { byCodeUnit } from "../core/image-files.js";

const WNID = /^n\d{8}$/;

/**
 * The 1000 ILSVRC2012 classes. `wnids` is sorted, so its index is the class index torchvision and
 * timm output; `idToIndex[ILSVRC2012_ID]` converts the devkit's 1-based ids to that index.
 */
export interface SynsetMapping {
  readonly wnids: readonly string[];
  readonly names?: readonly string[];
  readonly idToIndex: ReadonlyMap<number, number>;
}

export function mappingFromPairs(pairs: ReadonlyArray<{ id: number; wnid: string; name?: string }>, file: string): SynsetMapping {
  const wnids = pairs.map((p) => p.wnid).sort(byCodeUnit);
  for (let i = 1; i < wnids.length; i++) if (wnids[i] === wnids[i - 1]) throw new DatasetError(file, `duplicate WNID ${wnids[i]}`);
  const indexOf = new Map(wnids.map((w, i) => [w, i]));
  const idToIndex = new Map<number, number>();
  const names: string[] = new Array(wnids.length).fill("");
  for (const p of pairs) {
    if (idToIndex.has(p.id)) throw new DatasetError(file, `duplicate ILSVRC2012_ID ${p.id}`);
    idToIndex.set(p.id, indexOf.get(p.wnid)!);
    names[indexOf.get(p.wnid)!] = p.name ?? p.wnid;
  }
  return { wnids, names, idToIndex };
}

/** Plain text `ILSVRC2012_ID WNID` per line (what people export from meta.mat). */
export async function readIdWnidMapping(path: string): Promise<SynsetMapping> {
  const text = await readRequiredText(path, "ID → WNID mapping");
  const pairs: Array<{ id: number; wnid: string }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith("#")) return;
    const [idText, wnid, ...rest] = trimmed.split(/\s+/);
    const id = Number(idText);
    if (!Number.isInteger(id) || id < 1 || !WNID.test(wnid ?? "") || rest.length) {
      throw new DatasetError(path, `line ${i + 1}: expected "ILSVRC2012_ID WNID" (e.g. "1 n02119789"), got "${trimmed.slice(0, 60)}"`);
    }
    pairs.push({ id, wnid });
  });
  if (!pairs.length) throw new DatasetError(path, "no ID → WNID pairs");
  return mappingFromPairs(pairs, path);
}

/** Kaggle's LOC_synset_mapping.txt: `WNID name, other names` per line, in sorted-WNID order. */
export async function readKaggleSynsetMapping(path: string): Promise<SynsetMapping> {
  const text = await readRequiredText(path, "synset mapping");
  const pairs: Array<{ id: number; wnid: string; name: string }> = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (!line.trim()) return;
    const space = line.indexOf(" ");
    const wnid = space < 0 ? line.trim() : line.slice(0, space);
    if (!WNID.test(wnid)) throw new DatasetError(path, `line ${i + 1}: expected "WNID name", got "${line.slice(0, 60)}"`);
    pairs.push({ id: pairs.length + 1, wnid, name: space < 0 ? wnid : line.slice(space + 1).trim() });
  });
  if (!pairs.length) throw new DatasetError(path, "no synsets");
  return mappingFromPairs(pairs, path);
}
