/**
 * COCO detection evaluation as a mergeable evaluator. update() matches each image's detections at once
 * (COCOeval.evaluateImg for every category and area range) and keeps only the per-image outcomes;
 * compute() accumulates them over all ground-truth images in sorted id order, exactly as COCOeval does,
 * so any split of the images into shards merges to the one-shot result.
 *
 * Shards: an image whose detections never reach any shard simply has no detections — its ground truth
 * still counts (the per-category object counts come from the ground truth, not from the state). Each
 * image's detections must arrive in ONE update() call (matching needs all of them together).
 */
import { MetricInputError, StateMergeError } from "../errors.js";
import type { Evaluator, SerializedState } from "../state.js";
import { accumulate } from "./accumulate.js";
import { readDetections } from "./detections.js";
import { indexGroundTruth, type GroundTruthIndex } from "./ground-truth.js";
import { matchCell, type CellRecord } from "./match-cell.js";
import { A, AREA_RANGE_LABELS, IOU_THRESHOLDS, M, MAX_DETECTIONS, R, RECALL_THRESHOLDS, T } from "./params.js";
import { STAT_NAMES, STAT_QUERIES, summarizeOne } from "./summarize.js";
import type { CocoCategoryResult, CocoDetection, CocoGroundTruth, CocoIouType, CocoOptions, CocoResult } from "./types.js";

export interface CocoCellState {
  readonly categoryId: number;
  readonly given: number;
  /** Kept detections' scores, highest first. */
  readonly scores: number[];
  /** One char per (detection, area range, IoU threshold), in that nesting: "0" false positive, "1" true positive, "2" ignored. */
  readonly outcomes: string;
}

export interface CocoState extends SerializedState {
  readonly kind: "coco";
  readonly version: 1;
  readonly iouType: CocoIouType;
  /** Digest of the ground truth the outcomes were computed against. */
  readonly groundTruth: string;
  /** Reduction: union-by-key (image id); sorted by image id. */
  readonly images: { readonly imageId: number; readonly cells: CocoCellState[] }[];
}

export class CocoEvaluator implements Evaluator<[readonly CocoDetection[]], CocoResult, CocoState> {
  private readonly gt: GroundTruthIndex;
  private cells: (CellRecord[] | undefined)[];

  constructor(groundTruth: CocoGroundTruth, options: CocoOptions) {
    this.gt = indexGroundTruth(groundTruth, options?.iouType);
    this.cells = new Array(this.gt.imageIds.length).fill(undefined);
  }

  get iouType(): CocoIouType {
    return this.gt.iouType;
  }

  /** Detections of a set of images (all of each image's detections in this one call). */
  update(detections: readonly CocoDetection[]): void {
    const gt = this.gt;
    const batch = readDetections(detections, gt);
    const { order, image, category } = batch;
    const fresh: [number, CellRecord[]][] = [];
    let j = 0;
    while (j < batch.n) {
      const im = image[order[j]];
      let jEnd = j;
      while (jEnd < batch.n && image[order[jEnd]] === im) jEnd++;
      if (this.cells[im] !== undefined) {
        throw new MetricInputError(`detections for image ${gt.imageIds[im]} were already given in an earlier update; pass each image's detections in one update() call`);
      }
      const list: CellRecord[] = [];
      let g = gt.imageStart[im];
      const gEnd = gt.imageStart[im + 1];
      while (j < jEnd) {
        const k = category[order[j]];
        let cEnd = j;
        while (cEnd < jEnd && category[order[cEnd]] === k) cEnd++;
        while (g < gEnd && gt.category[g] < k) g++;
        let gk = g;
        while (gk < gEnd && gt.category[gk] === k) gk++;
        list.push(matchCell(gt, batch, k, j, cEnd, g, gk, im));
        g = gk;
        j = cEnd;
      }
      fresh.push([im, list]);
    }
    // Commit only after the whole batch matched, so a bad batch leaves the state untouched.
    for (const [im, list] of fresh) this.cells[im] = list;
  }

  reset(): void {
    this.cells = new Array(this.gt.imageIds.length).fill(undefined);
  }

  toState(): CocoState {
    const gt = this.gt;
    const images: { imageId: number; cells: CocoCellState[] }[] = [];
    for (let i = 0; i < this.cells.length; i++) {
      const list = this.cells[i];
      if (!list) continue;
      images.push({
        imageId: gt.imageIds[i],
        cells: list.map((c) => ({
          categoryId: gt.categoryIds[c.category],
          given: c.given,
          scores: Array.from(c.scores),
          outcomes: String.fromCharCode(...Array.from(c.outcomes, (o) => o + 48)),
        })),
      });
    }
    return { kind: "coco", version: 1, iouType: gt.iouType, groundTruth: gt.fingerprint, images };
  }

  merge(other: CocoState): void {
    const gt = this.gt;
    if (!other || other.kind !== "coco" || other.version !== 1) throw new StateMergeError("not a COCO evaluator state (kind \"coco\", version 1)");
    if (other.iouType !== gt.iouType) throw new StateMergeError(`cannot merge a COCO state with iouType ${other.iouType} into one with iouType ${gt.iouType}`);
    if (other.groundTruth !== gt.fingerprint) throw new StateMergeError("cannot merge COCO states computed against different ground truth");
    if (!Array.isArray(other.images)) throw new StateMergeError("COCO state has no images array");
    const incoming: [number, CellRecord[]][] = [];
    for (const img of other.images) {
      const im = gt.imageIndex.get(img?.imageId);
      if (im === undefined) throw new StateMergeError(`COCO state has image id ${img?.imageId}, which is not in the ground truth`);
      if (this.cells[im] !== undefined) throw new StateMergeError(`COCO states overlap: both hold image ${img.imageId}`);
      if (!Array.isArray(img.cells)) throw new StateMergeError(`COCO state, image ${img.imageId}: cells must be an array`);
      const cells = img.cells.map((c) => readCell(gt, c, img.imageId));
      if (new Set(cells.map((c) => c.category)).size !== cells.length) throw new StateMergeError(`COCO state, image ${img.imageId}: a category appears twice`);
      incoming.push([im, cells]);
    }
    const seen = new Set<number>();
    for (const [im] of incoming) {
      if (seen.has(im)) throw new StateMergeError(`COCO state holds image ${gt.imageIds[im]} twice`);
      seen.add(im);
    }
    for (const [im, list] of incoming) this.cells[im] = list;
  }

  compute(): CocoResult {
    const gt = this.gt;
    const K = gt.categoryIds.length;
    const acc = accumulate(gt, this.cells);
    const scratch = new Float64Array(T * R * K);
    const named = {} as Record<(typeof STAT_NAMES)[number], number>;
    for (const name of STAT_NAMES) named[name] = summarizeOne(acc, K, STAT_QUERIES[name], scratch);
    const detections = new Float64Array(K);
    for (const list of this.cells) if (list) for (const c of list) detections[c.category] += c.given;
    const perCategory: CocoCategoryResult[] = gt.categoryIds.map((categoryId, k) => {
      const q = (name: (typeof STAT_NAMES)[number]) => summarizeOne(acc, K, { ...STAT_QUERIES[name], category: k }, scratch);
      return {
        categoryId, name: gt.categoryNames[k],
        AP: q("AP"), AP50: q("AP50"), AP75: q("AP75"), APs: q("APs"), APm: q("APm"), APl: q("APl"), AR100: q("AR100"),
        numGroundTruth: gt.countByCategory[k], numDetections: detections[k],
      };
    });
    return {
      stats: STAT_NAMES.map((n) => named[n]),
      ...named,
      perCategory,
      precision: acc.precision,
      precisionDims: [T, R, K, A, M],
      recall: acc.recall,
      recallDims: [T, K, A, M],
      iouThresholds: IOU_THRESHOLDS.slice(),
      recallThresholds: RECALL_THRESHOLDS.slice(),
      maxDetections: MAX_DETECTIONS,
      areaRanges: AREA_RANGE_LABELS,
      categoryIds: gt.categoryIds.slice(),
    };
  }
}

function readCell(gt: GroundTruthIndex, c: CocoCellState, imageId: number): CellRecord {
  const where = `COCO state, image ${imageId}`;
  const k = gt.categoryIndex.get(c?.categoryId);
  if (k === undefined) throw new StateMergeError(`${where}: category id ${c?.categoryId} is not in the ground truth`);
  if (!Array.isArray(c.scores) || !c.scores.every((s) => typeof s === "number" && Number.isFinite(s))) throw new StateMergeError(`${where}: scores must be finite numbers`);
  const D = c.scores.length;
  if (typeof c.outcomes !== "string" || c.outcomes.length !== A * T * D || !/^[012]*$/.test(c.outcomes)) {
    throw new StateMergeError(`${where}, category ${c.categoryId}: outcomes must be ${A * T * D} characters of 0/1/2`);
  }
  if (!Number.isInteger(c.given) || c.given < D) throw new StateMergeError(`${where}, category ${c.categoryId}: given must be an integer >= ${D}`);
  const outcomes = new Uint8Array(A * T * D);
  for (let i = 0; i < outcomes.length; i++) outcomes[i] = c.outcomes.charCodeAt(i) - 48;
  return { category: k, given: c.given, scores: Float64Array.from(c.scores), outcomes };
}

/** One-shot evaluation: pycocotools' COCOeval(gt, loadRes(dets), iouType).evaluate/accumulate/summarize. */
export function evaluateCoco(groundTruth: CocoGroundTruth, detections: readonly CocoDetection[], options: CocoOptions): CocoResult {
  const ev = new CocoEvaluator(groundTruth, options);
  ev.update(detections);
  return ev.compute();
}
