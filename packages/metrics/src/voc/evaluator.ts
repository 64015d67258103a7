import { MetricInputError, StateMergeError } from "../errors.js";
import type { Evaluator, SerializedState } from "../state.js";
import { allPointAP, elevenPointAP } from "./average-precision.js";
import { vocIoU, type VocBox } from "./overlap.js";

export interface VocOptions {
  /** Class names, in report order. */
  readonly classes: readonly string[];
  /** A detection matches when IoU > this (strictly, as voc_eval). Default 0.5. */
  readonly iouThreshold?: number;
  /** Treat `difficult` objects as ordinary ground truth (default false: they are neither TP nor FP). */
  readonly useDifficult?: boolean;
}

/** A ground-truth object (the shape @podium/datasets' parseVocAnnotation returns). */
export interface VocGroundTruthObject {
  readonly name: string;
  readonly bbox: VocBox;
  readonly difficult?: boolean;
}

/** One detection of one image (a line of comp4_det_val_<class>.txt). */
export interface VocDetectionInput {
  readonly className: string;
  readonly score: number;
  readonly bbox: VocBox;
}

export interface VocImageInput {
  readonly imageId: string;
  readonly groundTruth: readonly VocGroundTruthObject[];
  readonly detections: readonly VocDetectionInput[];
}

export interface VocClassResult {
  readonly className: string;
  /** Non-difficult ground-truth objects (voc_eval's npos; all objects with useDifficult). */
  readonly groundTruth: number;
  readonly detections: number;
  readonly truePositives: number;
  /** VOC2007 11-point AP; null when the class has no counted ground truth. */
  readonly ap11Point: number | null;
  /** VOC2010+ all-point AP; null when the class has no counted ground truth. */
  readonly apAllPoint: number | null;
}

export interface VocResult {
  readonly iouThreshold: number;
  readonly perClass: readonly VocClassResult[];
  /** Mean over classes with an AP; null when none has one. */
  readonly mAP11Point: number | null;
  readonly mAPAllPoint: number | null;
  readonly images: number;
}

/** One image: ground truth as [classIndex, xmin, ymin, xmax, ymax, difficult 0|1], detections as [classIndex, score, xmin, ymin, xmax, ymax]. */
export interface VocImageRecord {
  readonly id: string;
  readonly groundTruth: number[][];
  readonly detections: number[][];
}

export interface VocState extends SerializedState {
  readonly kind: "voc";
  readonly version: 1;
  readonly classes: string[];
  readonly iouThreshold: number;
  readonly useDifficult: boolean;
  /** Per-image records, sorted by id (reduction: union-by-key). */
  readonly images: VocImageRecord[];
}

/**
 * PASCAL VOC detection AP with py-faster-rcnn's voc_eval.py logic: detections of a class in descending
 * score order; each takes the ground truth it overlaps most (first in annotation order on equal IoU) and is
 * a TP when IoU > threshold and that object is not yet taken, a duplicate (FP) when it is, and neither when
 * the object is difficult. Both the 2007 11-point and the 2010+ all-point AP come from one state.
 *
 * Equal scores: voc_eval's np.argsort(-confidence) leaves their order to quicksort. Here they are ordered
 * by image id (code-unit order), then by position in that image's detection list, so the result does not
 * depend on file order or on how images were sharded.
 */
export class VocEvaluator
  implements Evaluator<[imageId: string, groundTruth: readonly VocGroundTruthObject[], detections: readonly VocDetectionInput[]], VocResult, VocState>
{
  readonly classes: readonly string[];
  readonly iouThreshold: number;
  readonly useDifficult: boolean;
  private readonly classIndex: Map<string, number>;
  private readonly images = new Map<string, VocImageRecord>();

  constructor(options: VocOptions) {
    const { classes, iouThreshold = 0.5, useDifficult = false } = options;
    if (!Array.isArray(classes) || classes.length === 0) throw new MetricInputError("VOC evaluation needs at least one class name");
    this.classIndex = new Map();
    classes.forEach((name, i) => {
      if (typeof name !== "string" || name === "") throw new MetricInputError(`VOC class ${i} must be a non-empty string`);
      if (this.classIndex.has(name)) throw new MetricInputError(`VOC class "${name}" is listed twice`);
      this.classIndex.set(name, i);
    });
    if (!(iouThreshold >= 0 && iouThreshold < 1)) throw new MetricInputError(`iouThreshold must be in [0, 1), got ${iouThreshold}`);
    this.classes = [...classes];
    this.iouThreshold = iouThreshold;
    this.useDifficult = useDifficult;
  }

  /**
   * Adds one image: all its ground truth and all its detections (every class). Ground-truth objects of
   * classes not in `classes` are ignored, as voc_eval only reads the class it scores; a detection of an
   * unknown class is an error.
   */
  update(imageId: string, groundTruth: readonly VocGroundTruthObject[], detections: readonly VocDetectionInput[]): void {
    if (typeof imageId !== "string" || imageId === "") throw new MetricInputError("VOC image id must be a non-empty string");
    if (this.images.has(imageId)) throw new MetricInputError(`VOC image "${imageId}" was already added`);
    const gt: number[][] = [];
    groundTruth.forEach((object, i) => {
      const cls = this.classIndex.get(object.name);
      if (cls === undefined) return;
      const box = checkBox(object.bbox, `ground-truth object ${i} of image "${imageId}"`);
      gt.push([cls, ...box, object.difficult ? 1 : 0]);
    });
    const det: number[][] = [];
    detections.forEach((d, i) => {
      const cls = this.classIndex.get(d.className);
      if (cls === undefined) throw new MetricInputError(`detection ${i} of image "${imageId}" has unknown class "${d.className}"`);
      if (typeof d.score !== "number" || !Number.isFinite(d.score)) {
        throw new MetricInputError(`detection ${i} of image "${imageId}" has score ${d.score} (must be finite)`);
      }
      det.push([cls, d.score, ...checkBox(d.bbox, `detection ${i} of image "${imageId}"`)]);
    });
    this.images.set(imageId, { id: imageId, groundTruth: gt, detections: det });
  }

  compute(): VocResult {
    return this.score([...this.images.values()].map((record) => ({ record, key: record.id })));
  }

  /**
   * Scores a multiset of the added images, e.g. a bootstrap resample: an id listed twice counts as two
   * independent images (its copies are ordered among equal scores by id, then copy number).
   */
  computeForImages(imageIds: readonly string[]): VocResult {
    const copies = new Map<string, number>();
    const entries = imageIds.map((id) => {
      const record = this.images.get(id);
      if (!record) throw new MetricInputError(`VOC image "${id}" was never added`);
      const copy = copies.get(id) ?? 0;
      copies.set(id, copy + 1);
      return { record, key: copy === 0 ? id : `${id}\u0000${copy}` };
    });
    return this.score(entries);
  }

  private score(entries: readonly ImageEntry[]): VocResult {
    const perClass = this.classes.map((className, cls) => this.scoreClass(className, cls, entries));
    const mean = (key: "ap11Point" | "apAllPoint"): number | null => {
      const defined = perClass.map((r) => r[key]).filter((v): v is number => v !== null);
      return defined.length > 0 ? defined.reduce((a, b) => a + b, 0) / defined.length : null;
    };
    return { iouThreshold: this.iouThreshold, perClass, mAP11Point: mean("ap11Point"), mAPAllPoint: mean("apAllPoint"), images: entries.length };
  }

  private scoreClass(className: string, cls: number, entries: readonly ImageEntry[]): VocClassResult {
    let counted = 0;
    const candidates: Array<{ score: number; image: ImageEntry; box: VocBox; position: number }> = [];
    for (const image of entries) {
      for (const g of image.record.groundTruth) if (g[0] === cls && (this.useDifficult || g[5] === 0)) counted++;
      image.record.detections.forEach((d, position) => {
        if (d[0] === cls) candidates.push({ score: d[1], image, box: [d[2], d[3], d[4], d[5]], position });
      });
    }
    candidates.sort((a, b) => b.score - a.score || (a.image.key < b.image.key ? -1 : a.image.key > b.image.key ? 1 : a.position - b.position));

    const taken = new Map<ImageEntry, Uint8Array>();
    const recall = new Float64Array(candidates.length);
    const precision = new Float64Array(candidates.length);
    let tp = 0;
    let fp = 0;
    candidates.forEach((candidate, d) => {
      const objects = candidate.image.record.groundTruth;
      let best = -Infinity;
      let bestIndex = -1;
      objects.forEach((g, j) => {
        if (g[0] !== cls) return;
        const iou = vocIoU(candidate.box, [g[1], g[2], g[3], g[4]]);
        if (iou > best) {
          best = iou;
          bestIndex = j;
        }
      });
      if (best > this.iouThreshold) {
        const difficult = !this.useDifficult && objects[bestIndex][5] === 1;
        if (!difficult) {
          let flags = taken.get(candidate.image);
          if (!flags) taken.set(candidate.image, (flags = new Uint8Array(objects.length)));
          if (flags[bestIndex] === 0) {
            tp++;
            flags[bestIndex] = 1;
          } else fp++;
        }
      } else fp++;
      recall[d] = tp / counted;
      precision[d] = tp / Math.max(tp + fp, Number.EPSILON);
    });
    const defined = counted > 0;
    return {
      className,
      groundTruth: counted,
      detections: candidates.length,
      truePositives: tp,
      ap11Point: defined ? elevenPointAP(recall, precision) : null,
      apAllPoint: defined ? allPointAP(recall, precision) : null,
    };
  }

  reset(): void {
    this.images.clear();
  }

  toState(): VocState {
    const ids = [...this.images.keys()].sort();
    return {
      kind: "voc",
      version: 1,
      classes: [...this.classes],
      iouThreshold: this.iouThreshold,
      useDifficult: this.useDifficult,
      images: ids.map((id) => {
        const image = this.images.get(id)!;
        return { id, groundTruth: image.groundTruth.map((g) => [...g]), detections: image.detections.map((d) => [...d]) };
      }),
    };
  }

  merge(other: VocState): void {
    if (other?.kind !== "voc" || other.version !== 1) {
      throw new StateMergeError(`cannot merge a ${String(other?.kind)} v${String(other?.version)} state into a voc v1 evaluator`);
    }
    if (
      other.iouThreshold !== this.iouThreshold ||
      other.useDifficult !== this.useDifficult ||
      other.classes.length !== this.classes.length ||
      other.classes.some((c, i) => c !== this.classes[i])
    ) {
      throw new StateMergeError("cannot merge VOC states with different classes, iouThreshold or useDifficult");
    }
    const k = this.classes.length;
    for (const image of other.images) {
      if (this.images.has(image.id)) throw new StateMergeError(`VOC image "${image.id}" is in both states (overlapping shards)`);
      const ok =
        image.groundTruth.every((g) => g.length === 6 && Number.isInteger(g[0]) && g[0] >= 0 && g[0] < k && (g[5] === 0 || g[5] === 1)) &&
        image.detections.every((d) => d.length === 6 && Number.isInteger(d[0]) && d[0] >= 0 && d[0] < k && d.every(Number.isFinite));
      if (!ok) throw new StateMergeError(`VOC state record of image "${image.id}" is malformed`);
    }
    for (const image of other.images) {
      this.images.set(image.id, { id: image.id, groundTruth: image.groundTruth.map((g) => [...g]), detections: image.detections.map((d) => [...d]) });
    }
  }
}

/** An image as scored: its record and the key that orders its detections among equal scores. */
interface ImageEntry {
  readonly record: VocImageRecord;
  readonly key: string;
}

function checkBox(bbox: VocBox, where: string): [number, number, number, number] {
  if (!Array.isArray(bbox) || bbox.length !== 4 || !bbox.every((v) => typeof v === "number" && Number.isFinite(v))) {
    throw new MetricInputError(`${where} needs a box of 4 finite numbers [xmin, ymin, xmax, ymax]`);
  }
  return [bbox[0], bbox[1], bbox[2], bbox[3]];
}

/** One-call form: every image with its ground truth and detections. */
export function evaluateVoc(images: Iterable<VocImageInput>, options: VocOptions): VocResult {
  const evaluator = new VocEvaluator(options);
  for (const image of images) evaluator.update(image.imageId, image.groundTruth, image.detections);
  return evaluator.compute();
}
