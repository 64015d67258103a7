import { DatasetError } from "../core/errors.js";
import type { VocBoundingBox } from "./annotation.js";

export interface VocDetection {
  readonly imageId: string;
  readonly className: string;
  readonly score: number;
  readonly bbox: VocBoundingBox;
}

/**
 * Parses a devkit results file (comp4_det_val_<class>.txt): one detection per line,
 * `image_id score xmin ymin xmax ymax`, whitespace-separated; blank lines are skipped.
 */
export function parseVocDetections(text: string, className: string, fileName: string): VocDetection[] {
  const detections: VocDetection[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const fields = line.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === "") return;
    const where = `${fileName}:${index + 1}`; // file:line, as the one-line error's file part
    if (fields.length !== 6) {
      throw new DatasetError(where, `expected "image_id score xmin ymin xmax ymax", got ${fields.length} fields`);
    }
    const numbers = fields.slice(1).map(Number);
    const bad = numbers.findIndex((v, i) => !Number.isFinite(v) || fields[i + 1] === "");
    if (bad >= 0) throw new DatasetError(where, `${["score", "xmin", "ymin", "xmax", "ymax"][bad]} "${fields[bad + 1]}" is not a finite number`);
    detections.push({ imageId: fields[0], className, score: numbers[0], bbox: [numbers[1], numbers[2], numbers[3], numbers[4]] });
  });
  return detections;
}
