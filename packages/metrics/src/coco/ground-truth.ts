/**
 * The ground truth indexed once: images and categories in sorted id order (COCOeval's imgIds/catIds),
 * annotations grouped by image then category in input order (the order COCOeval's _gts lists keep),
 * per category/area counts of non-ignored objects (accumulate's npig), masks converted lazily.
 */
import { MetricInputError } from "../errors.js";
import { Fingerprint } from "./fingerprint.js";
import { A, AREA_RANGES } from "./params.js";
import { rleToBbox, type Rle } from "./rle.js";
import { segmentationToRle } from "./segmentation.js";
import type { CocoGroundTruth, CocoIouType, CocoSegmentation } from "./types.js";

export interface GroundTruthIndex {
  readonly iouType: CocoIouType;
  readonly imageIds: Float64Array;
  readonly imageIndex: Map<number, number>;
  readonly heights: Int32Array;
  readonly widths: Int32Array;
  readonly categoryIds: number[];
  readonly categoryNames: string[];
  readonly categoryIndex: Map<number, number>;
  /** Annotations of image i occupy sorted positions [imageStart[i], imageStart[i+1]), category-ascending. */
  readonly imageStart: Int32Array;
  readonly category: Int32Array;
  readonly id: Float64Array;
  readonly area: Float64Array;
  readonly crowd: Uint8Array;
  readonly box: Float64Array;
  readonly segmentation: (CocoSegmentation | undefined)[];
  readonly masks: (Rle | undefined)[];
  readonly maskBoxes: (number[] | undefined)[];
  /** [k*A + a]: objects that are neither crowd nor outside area range a. */
  readonly nonIgnored: Float64Array;
  readonly countByCategory: Float64Array;
  readonly fingerprint: string;
}

const isNum = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x);

function fail(msg: string): never {
  throw new MetricInputError(`ground truth ${msg}`);
}

export function indexGroundTruth(gt: CocoGroundTruth, iouType: CocoIouType): GroundTruthIndex {
  if (iouType !== "bbox" && iouType !== "segm") throw new MetricInputError(`iouType must be "bbox" or "segm", got ${JSON.stringify(iouType)}`);
  if (gt === null || typeof gt !== "object") fail("must be an object with images, annotations and categories");
  if (!Array.isArray(gt.images)) fail("has no images array");
  if (!Array.isArray(gt.annotations)) fail("has no annotations array");
  if (!Array.isArray(gt.categories)) fail("has no categories array");
  const fp = new Fingerprint().string(iouType);

  const images = gt.images.map((im, i) => {
    if (!im || !isNum(im.id)) fail(`images[${i}]: id must be a finite number`);
    if (!Number.isInteger(im.width) || !Number.isInteger(im.height) || im.width < 0 || im.height < 0) {
      fail(`image ${im.id}: width/height must be non-negative integers`);
    }
    return im;
  });
  images.sort((a, b) => a.id - b.id);
  const I = images.length;
  const imageIds = new Float64Array(I);
  const heights = new Int32Array(I);
  const widths = new Int32Array(I);
  const imageIndex = new Map<number, number>();
  for (let i = 0; i < I; i++) {
    const im = images[i];
    if (imageIndex.has(im.id)) fail(`has image id ${im.id} twice`);
    imageIndex.set(im.id, i);
    imageIds[i] = im.id;
    heights[i] = im.height;
    widths[i] = im.width;
    fp.number(im.id).number(im.height).number(im.width);
  }

  const cats = gt.categories.map((c, i) => {
    if (!c || !isNum(c.id)) fail(`categories[${i}]: id must be a finite number`);
    return c;
  });
  cats.sort((a, b) => a.id - b.id);
  const categoryIds: number[] = [];
  const categoryNames: string[] = [];
  const categoryIndex = new Map<number, number>();
  for (const c of cats) {
    if (categoryIndex.has(c.id)) fail(`has category id ${c.id} twice`);
    categoryIndex.set(c.id, categoryIds.length);
    categoryIds.push(c.id);
    categoryNames.push(String(c.name ?? c.id));
    fp.number(c.id);
  }
  const K = categoryIds.length;

  const anns = gt.annotations;
  const n = anns.length;
  const imgOf = new Int32Array(n);
  const catOf = new Int32Array(n);
  for (let j = 0; j < n; j++) {
    const a = anns[j];
    if (!a || typeof a !== "object") fail(`annotations[${j}] is not an object`);
    const i = imageIndex.get(a.image_id);
    if (i === undefined) fail(`annotation ${a.id} (annotations[${j}]): image_id ${a.image_id} is not in images`);
    const k = categoryIndex.get(a.category_id);
    if (k === undefined) fail(`annotation ${a.id} (annotations[${j}]): category_id ${a.category_id} is not in categories`);
    if (!isNum(a.id)) fail(`annotations[${j}]: id must be a finite number`);
    if (!isNum(a.area)) fail(`annotation ${a.id}: area must be a finite number`);
    if (iouType === "bbox" && !(Array.isArray(a.bbox) && a.bbox.length === 4 && a.bbox.every(isNum))) {
      fail(`annotation ${a.id}: bbox must be 4 finite numbers [x, y, width, height]`);
    }
    if (iouType === "segm" && (a.segmentation === undefined || a.segmentation === null)) {
      fail(`annotation ${a.id}: no segmentation (needed for iouType "segm")`);
    }
    imgOf[j] = i;
    catOf[j] = k;
  }
  // Stable order by (image, category): COCOeval's _gts[img, cat] lists keep annotation order.
  const order = new Int32Array(n);
  for (let j = 0; j < n; j++) order[j] = j;
  order.sort((p, q) => imgOf[p] - imgOf[q] || catOf[p] - catOf[q] || p - q);

  const imageStart = new Int32Array(I + 1);
  const category = new Int32Array(n);
  const id = new Float64Array(n);
  const area = new Float64Array(n);
  const crowd = new Uint8Array(n);
  const box = new Float64Array(4 * n);
  const segmentation: (CocoSegmentation | undefined)[] = new Array(n);
  const nonIgnored = new Float64Array(K * A);
  const countByCategory = new Float64Array(K);
  for (let s = 0; s < n; s++) {
    const j = order[s];
    const a = anns[j];
    imageStart[imgOf[j] + 1]++;
    const k = catOf[j];
    category[s] = k;
    id[s] = a.id;
    area[s] = a.area;
    // COCOeval._prepare: ignore = bool(iscrowd), overwriting any `ignore` field.
    crowd[s] = a.iscrowd ? 1 : 0;
    if (Array.isArray(a.bbox)) for (let c = 0; c < 4; c++) box[4 * s + c] = a.bbox[c];
    segmentation[s] = a.segmentation;
    countByCategory[k]++;
    if (!crowd[s]) {
      for (let r = 0; r < A; r++) {
        const [lo, hi] = AREA_RANGES[r];
        if (!(a.area < lo || a.area > hi)) nonIgnored[k * A + r]++;
      }
    }
    fp.number(a.id).number(a.image_id).number(a.category_id).number(a.area).number(crowd[s]);
    for (let c = 0; c < 4; c++) fp.number(box[4 * s + c]);
    if (iouType === "segm") hashSegmentation(fp, a.segmentation);
  }
  for (let i = 0; i < I; i++) imageStart[i + 1] += imageStart[i];

  return {
    iouType, imageIds, imageIndex, heights, widths, categoryIds, categoryNames, categoryIndex,
    imageStart, category, id, area, crowd, box, segmentation,
    masks: new Array(n).fill(undefined), maskBoxes: new Array(n).fill(undefined),
    nonIgnored, countByCategory, fingerprint: fp.digest(),
  };
}

function hashSegmentation(fp: Fingerprint, seg: CocoSegmentation | undefined): void {
  if (Array.isArray(seg)) {
    for (const poly of seg) {
      fp.number(Array.isArray(poly) ? poly.length : -1);
      if (Array.isArray(poly)) for (const v of poly) fp.number(v);
    }
  } else if (seg && typeof seg === "object") {
    const { counts } = seg as { counts?: unknown };
    if (typeof counts === "string") fp.string(counts);
    else if (Array.isArray(counts)) for (const v of counts) fp.number(v);
  }
}

/** The annotation's mask at its image's size, converted once and kept. */
export function groundTruthMask(gt: GroundTruthIndex, s: number, imageIdx: number): Rle {
  let rle = gt.masks[s];
  if (rle === undefined) {
    rle = segmentationToRle(gt.segmentation[s], gt.heights[imageIdx], gt.widths[imageIdx], `ground truth annotation ${gt.id[s]}`);
    gt.masks[s] = rle;
    gt.maskBoxes[s] = rleToBbox(rle);
  }
  return rle;
}
