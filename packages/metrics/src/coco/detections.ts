/**
 * A batch of detections validated and unpacked into typed arrays (what COCO.loadRes derives: area is the
 * box's w*h when a box is given, else the mask's area; a missing box is the mask's rleToBbox), plus the
 * grouping order (image, category, input order) that COCOeval's _dts[img, cat] lists have.
 */
import { MetricInputError } from "../errors.js";
import type { GroundTruthIndex } from "./ground-truth.js";
import { rleArea, rleToBbox, type Rle } from "./rle.js";
import { rleFromPolygon } from "./polygon.js";
import { segmentationToRle } from "./segmentation.js";
import type { CocoDetection } from "./types.js";

export interface DetectionBatch {
  readonly n: number;
  readonly image: Int32Array;
  readonly category: Int32Array;
  readonly score: Float64Array;
  readonly area: Float64Array;
  /** [x, y, w, h] per detection: the given box, or the mask's extent. */
  readonly box: Float64Array;
  /** iouType "segm" only: each detection's mask at its image's size. */
  readonly masks: Rle[] | undefined;
  /** iouType "segm" only: rleToBbox of each mask. */
  readonly maskBoxes: number[][] | undefined;
  /** Detection indices grouped by image, then category, each group in input order. */
  readonly order: Int32Array;
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function fail(i: number, msg: string): never {
  throw new MetricInputError(`detection ${i}: ${msg}`);
}

export function readDetections(dets: readonly CocoDetection[], gt: GroundTruthIndex): DetectionBatch {
  if (!Array.isArray(dets)) throw new MetricInputError("detections must be an array");
  const n = dets.length;
  const image = new Int32Array(n);
  const category = new Int32Array(n);
  const score = new Float64Array(n);
  const area = new Float64Array(n);
  const box = new Float64Array(4 * n);
  const segm = gt.iouType === "segm";
  const masks: Rle[] | undefined = segm ? new Array(n) : undefined;
  const maskBoxes: number[][] | undefined = segm ? new Array(n) : undefined;
  for (let i = 0; i < n; i++) {
    const d = dets[i];
    if (d === null || typeof d !== "object") fail(i, "is not an object");
    const im = gt.imageIndex.get(d.image_id);
    if (im === undefined) fail(i, `image_id ${d.image_id} is not in the ground truth images`);
    const k = gt.categoryIndex.get(d.category_id);
    if (k === undefined) fail(i, `category_id ${d.category_id} is not in the ground truth categories`);
    if (!isNum(d.score)) fail(i, `score must be a finite number, got ${String(d.score)}`);
    image[i] = im;
    category[i] = k;
    score[i] = d.score;
    const bb = d.bbox;
    const hasBox = bb !== undefined && bb !== null && !(Array.isArray(bb) && bb.length === 0);
    if (hasBox) {
      if (!Array.isArray(bb) || bb.length !== 4) fail(i, "bbox must be 4 finite numbers [x, y, width, height]");
      const x = bb[0], y = bb[1], w = bb[2], h = bb[3];
      if (!isNum(x) || !isNum(y) || !isNum(w) || !isNum(h)) fail(i, "bbox must be 4 finite numbers [x, y, width, height]");
      if (w < 0 || h < 0) fail(i, `bbox width/height must be non-negative, got [${bb.join(", ")}]`);
      box[4 * i] = x;
      box[4 * i + 1] = y;
      box[4 * i + 2] = w;
      box[4 * i + 3] = h;
      area[i] = w * h;
    }
    const h = gt.heights[im], w = gt.widths[im];
    const hasSeg = d.segmentation !== undefined && d.segmentation !== null;
    if (!hasBox && !hasSeg) fail(i, "has neither bbox nor segmentation");
    if (segm || !hasBox) {
      let rle: Rle;
      if (hasSeg) rle = segmentationToRle(d.segmentation, h, w, `detection ${i}`);
      else {
        // loadRes gives a box-only result the box's polygon as its segmentation.
        const x1 = box[4 * i], y1 = box[4 * i + 1], x2 = x1 + box[4 * i + 2], y2 = y1 + box[4 * i + 3];
        rle = rleFromPolygon([x1, y1, x1, y2, x2, y2, x2, y1], h, w);
      }
      const extent = rleToBbox(rle);
      if (masks) masks[i] = rle;
      if (maskBoxes) maskBoxes[i] = extent;
      if (!hasBox) {
        area[i] = rleArea(rle);
        box.set(extent, 4 * i);
      }
    }
  }
  return { n, image, category, score, area, box, masks, maskBoxes, order: groupOrder(image, category, gt.imageIds.length, gt.categoryIds.length) };
}

/** Two stable counting sorts (category, then image): O(n + images + categories). */
function groupOrder(image: Int32Array, category: Int32Array, I: number, K: number): Int32Array {
  const n = image.length;
  const byCat = new Int32Array(n);
  const cStart = new Int32Array(K + 1);
  for (let i = 0; i < n; i++) cStart[category[i] + 1]++;
  for (let k = 0; k < K; k++) cStart[k + 1] += cStart[k];
  for (let i = 0; i < n; i++) byCat[cStart[category[i]]++] = i;
  const out = new Int32Array(n);
  const iStart = new Int32Array(I + 1);
  for (let i = 0; i < n; i++) iStart[image[i] + 1]++;
  for (let i = 0; i < I; i++) iStart[i + 1] += iStart[i];
  for (let j = 0; j < n; j++) {
    const d = byCat[j];
    out[iStart[image[d]]++] = d;
  }
  return out;
}
