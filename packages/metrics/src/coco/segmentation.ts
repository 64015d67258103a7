/** annToRLE: any accepted segmentation form → one RLE at the image's size (size mismatch is an error). */
import { MetricInputError } from "../errors.js";
import { rleFromPolygons } from "./polygon.js";
import { rleFromCounts, rleFromString, type Rle } from "./rle.js";
import type { CocoSegmentation } from "./types.js";

export function segmentationToRle(seg: CocoSegmentation | undefined, height: number, width: number, where: string): Rle {
  try {
    if (Array.isArray(seg)) {
      for (let i = 0; i < seg.length; i++) {
        if (!Array.isArray(seg[i])) throw new MetricInputError(`polygon ${i} is not an array of numbers`);
      }
      return rleFromPolygons(seg as readonly number[][], height, width);
    }
    if (seg === null || typeof seg !== "object") throw new MetricInputError("segmentation missing (need polygons or an RLE {size, counts})");
    const { size, counts } = seg as { size?: unknown; counts?: unknown };
    if (!Array.isArray(size) || size.length !== 2) throw new MetricInputError("RLE size must be [height, width]");
    if (size[0] !== height || size[1] !== width) {
      throw new MetricInputError(`RLE size [${size[0]}, ${size[1]}] differs from the image's [${height}, ${width}] (height, width)`);
    }
    if (typeof counts === "string") return rleFromString(counts, height, width);
    if (Array.isArray(counts)) return rleFromCounts(counts, height, width);
    throw new MetricInputError("RLE counts must be a string or an array of run lengths");
  } catch (e) {
    if (e instanceof MetricInputError) throw new MetricInputError(`${where}: ${e.message}`);
    throw e;
  }
}
