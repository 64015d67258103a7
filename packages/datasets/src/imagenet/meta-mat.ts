import { DatasetError } from "../core/errors.js";
import { readRequired } from "../core/files.js";
import { parseMat5, type MatValue } from "./mat5.js";
import { mappingFromPairs, type SynsetMapping } from "./synset-mapping.js";

/**
 * The ILSVRC2012 devkit's `data/meta.mat`: variable `synsets`, a struct array with fields
 * ILSVRC2012_ID, WNID, words, num_children, … Like torchvision's parse_devkit_archive, only leaf
 * synsets (num_children = 0: the 1000 classes) are kept.
 */
export async function readDevkitMetaMat(path: string): Promise<SynsetMapping> {
  const variables = parseMat5(await readRequired(path, "devkit meta.mat"), path);
  const synsets = variables.get("synsets");
  if (!synsets || synsets.kind !== "struct") throw new DatasetError(path, `no struct array "synsets" (variables: ${[...variables.keys()].join(", ") || "none"})`);
  for (const field of ["ILSVRC2012_ID", "WNID"]) {
    if (!synsets.fields.includes(field)) throw new DatasetError(path, `synsets has no field ${field} (fields: ${synsets.fields.join(", ")})`);
  }
  const pairs: Array<{ id: number; wnid: string; name?: string }> = [];
  synsets.elements.forEach((s, i) => {
    const children = s.num_children ? scalar(s.num_children) : 0;
    if (children !== 0) return;
    const id = scalar(s.ILSVRC2012_ID);
    const wnid = s.WNID.kind === "char" ? s.WNID.text : undefined;
    if (!Number.isInteger(id) || !wnid) throw new DatasetError(path, `synsets(${i + 1}): ILSVRC2012_ID/WNID unreadable`);
    pairs.push({ id, wnid, name: s.words?.kind === "char" ? s.words.text : undefined });
  });
  if (!pairs.length) throw new DatasetError(path, "no leaf synsets (num_children = 0)");
  return mappingFromPairs(pairs, path);
}

function scalar(value: MatValue): number {
  return value.kind === "numeric" && value.data.length === 1 ? value.data[0] : NaN;
}
