import { readFile } from "node:fs/promises";
import { DatasetError, describeError } from "../core/errors.js";
import type { ImageSource } from "../core/types.js";
import { readLabelMap, type LabelMap } from "../png/index.js";

/**
 * Decodes a sample's label map exactly (palette index / gray value, never a colour) and checks every
 * value is a class index or the ignore index; the first bad value is reported with its pixel.
 */
export async function loadLabelMap(source: ImageSource, classCount: number, ignoreIndex: number): Promise<LabelMap> {
  let map: LabelMap;
  const name = source.kind === "file" ? source.path : source.name;
  if (source.kind === "pixels") {
    if (source.channels !== 1) throw new DatasetError(name, `label map has ${source.channels} channels; expected 1`);
    map = { width: source.width, height: source.height, labels: source.data };
  } else {
    let bytes: Uint8Array;
    try {
      bytes = source.kind === "file" ? await readFile(source.path) : source.bytes;
    } catch (error) {
      throw new DatasetError(name, `cannot read label map: ${describeError(error)}`);
    }
    try {
      map = readLabelMap(bytes, name);
    } catch (error) {
      if (error instanceof DatasetError) throw error;
      const message = describeError(error);
      throw new DatasetError(name, message.startsWith(`${name}: `) ? message.slice(name.length + 2) : message);
    }
  }
  const { labels, width } = map;
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v >= classCount && v !== ignoreIndex) {
      throw new DatasetError(name, `label ${v} at pixel (${i % width}, ${Math.floor(i / width)}) is out of range for ${classCount} classes (ignore index ${ignoreIndex})`);
    }
  }
  return map;
}
