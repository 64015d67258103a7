import { describe, it, expect } from "vitest";
import { CocoEvaluator, MetricInputError, evaluateCoco, rleEncode, type CocoAnnotation, type CocoDetection, type CocoGroundTruth } from "@podium/metrics";

// Small hand-built cases, one rule of COCOeval each. Values follow from the rules by hand (see comments).
function groundTruth(annotations: Partial<CocoAnnotation>[], imageIds = [1], categoryIds = [1]): CocoGroundTruth {
  return {
    images: imageIds.map((id) => ({ id, width: 640, height: 480 })),
    categories: categoryIds.map((id) => ({ id, name: `c${id}` })),
    annotations: annotations.map((a, i) => {
      const bbox = a.bbox ?? [0, 0, 10, 10];
      return { id: i + 1, image_id: imageIds[0], category_id: categoryIds[0], iscrowd: 0, area: bbox[2] * bbox[3], ...a, bbox } as CocoAnnotation;
    }),
  };
}
const det = (bbox: number[], score: number, extra: Partial<CocoDetection> = {}): CocoDetection => ({ image_id: 1, category_id: 1, bbox, score, ...extra });
/** Round to 1e-9: precision is tp / (tp + fp + 2^-52), so a perfect score reads 0.9999999999999998 (as in pycocotools). */
type Nested = number | Nested[];
const q = (v: Nested): Nested => (Array.isArray(v) ? v.map(q) : Math.round(v * 1e9) / 1e9);
const bbox = (gt: CocoGroundTruth, dets: CocoDetection[]) => evaluateCoco(gt, dets, { iouType: "bbox" });

describe("COCOeval rules (bbox)", () => {
  it("a crowd region absorbs any number of detections, which are then ignored", () => {
    const gt = groundTruth([{ bbox: [0, 0, 50, 50] }, { bbox: [200, 200, 200, 200], iscrowd: 1 }]);
    // Three detections inside the crowd box (IoU = intersection / detection area = 1), scored above the true positive.
    const dets = [det([210, 210, 20, 20], 0.9), det([250, 250, 30, 30], 0.8), det([300, 300, 40, 40], 0.7), det([0, 0, 50, 50], 0.5)];
    const r = bbox(gt, dets);
    expect(q(r.AP)).toBe(1);
    expect(q(r.AR100)).toBe(1);
    // Without the crowd flag the box is one ordinary object: one of the three matches it, two are false positives.
    const plain = bbox(groundTruth([{ bbox: [0, 0, 50, 50] }, { bbox: [200, 200, 200, 200] }]), dets);
    expect(q(plain.AP50)).toBeLessThan(1);
  });

  it("area exactly 32² is both small and medium, 96² both medium and large (inclusive bounds)", () => {
    const small = bbox(groundTruth([{ bbox: [10, 10, 32, 32] }]), [det([10, 10, 32, 32], 0.9)]);
    expect(q([small.APs, small.APm, small.APl])).toEqual([1, 1, -1]);
    expect(q([small.ARs, small.ARm, small.ARl])).toEqual([1, 1, -1]);
    const large = bbox(groundTruth([{ bbox: [10, 10, 96, 96] }]), [det([10, 10, 96, 96], 0.9)]);
    expect(q([large.APs, large.APm, large.APl])).toEqual([-1, 1, 1]);
    // The GT's `area` field decides, not its box: a 96x96 box declared with area 1000 is small only.
    const declared = bbox(groundTruth([{ bbox: [10, 10, 96, 96], area: 1000 }]), [det([10, 10, 96, 96], 0.9)]);
    expect(q([declared.APs, declared.APm, declared.APl])).toEqual([1, -1, -1]);
  });

  it("an unmatched detection outside the area range is ignored for that range only", () => {
    // One small object; a large false positive does not hurt APs but does hurt AP ("all").
    const gt = groundTruth([{ bbox: [0, 0, 20, 20] }]);
    const r = bbox(gt, [det([300, 300, 100, 100], 0.9), det([0, 0, 20, 20], 0.8)]);
    expect(q(r.APs)).toBe(1);
    expect(q(r.AP)).toBe(0.5);
  });

  it("score ties keep input order within an image (stable sort)", () => {
    const gt = groundTruth([{ bbox: [0, 0, 50, 50] }]);
    const tp = det([0, 0, 50, 50], 0.5), fp = det([300, 300, 50, 50], 0.5);
    // FP first: precision [0, 1/2] made monotone → 1/2 at every recall threshold.
    expect(q(bbox(gt, [fp, tp]).AP)).toBe(0.5);
    expect(q(bbox(gt, [tp, fp]).AP)).toBe(1);
  });

  it("score ties across images follow sorted image ids, not input order", () => {
    const make = (tpImage: number, fpImage: number) => {
      const gt: CocoGroundTruth = {
        images: [{ id: 3, width: 640, height: 480 }, { id: 5, width: 640, height: 480 }],
        categories: [{ id: 1, name: "c1" }],
        annotations: [{ id: 1, image_id: tpImage, category_id: 1, bbox: [0, 0, 50, 50], area: 2500, iscrowd: 0 }],
      };
      const dets = [det([300, 300, 50, 50], 0.5, { image_id: fpImage }), det([0, 0, 50, 50], 0.5, { image_id: tpImage })];
      return q(bbox(gt, dets).AP);
    };
    expect(make(3, 5)).toBe(1);
    expect(make(5, 3)).toBe(0.5);
  });

  it("only the top 100 detections per image and category are matched", () => {
    const gt = groundTruth([{ bbox: [0, 0, 50, 50] }]);
    const fps = (n: number) => Array.from({ length: n }, (_, i) => det([300 + i, 300, 50, 50], 0.9));
    const tp = det([0, 0, 50, 50], 0.5);
    const at101 = bbox(gt, [tp, ...fps(100)]);
    expect(q(at101.AR100)).toBe(0);
    expect(q(at101.AP)).toBe(0);
    expect(at101.perCategory[0].numDetections).toBe(101);
    const at100 = bbox(gt, [tp, ...fps(99)]);
    expect(q(at100.AR100)).toBe(1);
    expect(q(at100.AR10)).toBe(0);
    expect(q(at100.AP)).toBe(0.01); // precision 1/100 at every recall threshold
  });

  it("categories without ground truth are -1 and left out of the means", () => {
    const gt = groundTruth([{ bbox: [0, 0, 50, 50] }], [1], [1, 2]);
    const r = bbox(gt, [det([0, 0, 50, 50], 0.9), det([0, 0, 50, 50], 0.8, { category_id: 2 })]);
    expect(q(r.AP)).toBe(1);
    expect(q(r.perCategory.map((c) => [c.categoryId, c.AP, c.AR100]))).toEqual([[1, 1, 1], [2, -1, -1]]);
  });

  it("an image without detections still counts its ground truth", () => {
    const gt: CocoGroundTruth = {
      images: [{ id: 1, width: 640, height: 480 }, { id: 2, width: 640, height: 480 }],
      categories: [{ id: 1, name: "c1" }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, bbox: [0, 0, 50, 50], area: 2500, iscrowd: 0 },
        { id: 2, image_id: 2, category_id: 1, bbox: [0, 0, 50, 50], area: 2500, iscrowd: 0 },
      ],
    };
    const r = bbox(gt, [det([0, 0, 50, 50], 0.9)]);
    expect(q(r.AR100)).toBe(0.5);
    // Recall thresholds 0..0.5 read precision 1, the 50 above 0.5 read 0 → 51/101.
    expect(q(r.AP)).toBe(q(51 / 101));
  });

  it("reads a ground-truth id of 0 as 'unmatched', like pycocotools (dtm == 0)", () => {
    const gt = groundTruth([{ id: 0, bbox: [0, 0, 50, 50] }]);
    const r = bbox(gt, [det([0, 0, 50, 50], 0.9)]);
    expect(q(r.AP)).toBe(0);
  });

  it("uses IoU >= threshold and the best remaining match, greedily by score", () => {
    // Two objects; the high-score detection overlaps both but best matches B; the second then takes A.
    const gt = groundTruth([{ bbox: [0, 0, 100, 100] }, { bbox: [20, 0, 100, 100] }]);
    const r = bbox(gt, [det([18, 0, 100, 100], 0.9), det([0, 0, 100, 100], 0.8)]);
    expect(q(r.AP)).toBe(1);
    // IoU exactly 0.5 matches at the 0.5 threshold: 100x100 vs 100x50 inside it.
    const half = bbox(groundTruth([{ bbox: [0, 0, 100, 100] }]), [det([0, 0, 100, 50], 0.9)]);
    expect(q(half.AP50)).toBe(1);
    expect(q(half.AP75)).toBe(0);
  });
});

describe("input validation", () => {
  const gt = groundTruth([{ bbox: [0, 0, 50, 50] }]);
  const expectError = (dets: unknown[], pattern: RegExp) => {
    const run = () => new CocoEvaluator(gt, { iouType: "bbox" }).update(dets as CocoDetection[]);
    expect(run).toThrow(MetricInputError);
    expect(run).toThrow(pattern);
    try {
      run();
    } catch (e) {
      expect((e as Error).message).not.toContain("\n");
    }
  };
  it.each([
    [[det([0, 0, 1, 1], 0.5), det([0, 0, 1, 1], 0.5, { image_id: 7 })], /^detection 1: image_id 7 is not in the ground truth/],
    [[det([0, 0, 1, 1], 0.5, { category_id: 9 })], /^detection 0: category_id 9/],
    [[det([0, 0, 1, 1], Number.NaN)], /^detection 0: score must be a finite number, got NaN/],
    [[det([0, 0, 1, 1], Infinity)], /score must be a finite number/],
    [[{ ...det([0, 0, 1, 1], 0), score: "0.5" }], /score must be a finite number/],
    [[det([0, 0, -1, 1], 0.5)], /width\/height must be non-negative/],
    [[det([0, 0, Infinity, 1], 0.5)], /bbox must be 4 finite numbers/],
    [[{ image_id: 1, category_id: 1, score: 0.5 }], /neither bbox nor segmentation/],
    [[{ image_id: 1, category_id: 1, score: 0.5, segmentation: { size: [10, 10], counts: "0::0" } }], /^detection 0: RLE size \[10, 10\] differs from the image's \[480, 640\]/],
    [[{ image_id: 1, category_id: 1, score: 0.5, segmentation: { size: [480, 640], counts: "0::~" } }], /malformed RLE counts string/],
    [[{ image_id: 1, category_id: 1, score: 0.5, segmentation: [[1, 2, 3, 4, 5, 6, 7]] }], /7 coordinates/],
  ])("rejects bad detection %#", (dets, pattern) => expectError(dets, pattern));

  it("rejects bad ground truth and options", () => {
    expect(() => new CocoEvaluator(gt, { iouType: "keypoints" as never })).toThrow(/iouType must be/);
    expect(() => new CocoEvaluator(groundTruth([{ image_id: 9 }]), { iouType: "bbox" })).toThrow(/image_id 9 is not in images/);
    expect(() => new CocoEvaluator(gt, { iouType: "segm" })).toThrow(/no segmentation/);
  });
});

describe("COCOeval rules (segm)", () => {
  it("matches masks by run-length IoU and ranks by the mask's area", () => {
    const gt: CocoGroundTruth = {
      images: [{ id: 1, width: 40, height: 30 }],
      categories: [{ id: 1, name: "c1" }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, area: 100, iscrowd: 0, segmentation: [[0, 0, 10, 0, 10, 10, 0, 10]] }],
    };
    const mask = new Array(30 * 40).fill(0);
    for (let x = 0; x < 10; x++) for (let y = 0; y < 10; y++) mask[x * 30 + y] = 1;
    const counts: number[] = [];
    let prev = 0, c = 0;
    for (const v of mask) { if (v !== prev) { counts.push(c); c = 0; prev = v; } c++; }
    counts.push(c);
    const r = evaluateCoco(gt, [{ image_id: 1, category_id: 1, score: 0.9, segmentation: { size: [30, 40], counts } }], { iouType: "segm" });
    expect(q(r.AP)).toBe(1);
    expect(q(r.APs)).toBe(1);
  });

  it("takes a detection's area from its box when one is given (loadRes), else from its mask", () => {
    const gt: CocoGroundTruth = {
      images: [{ id: 1, width: 300, height: 300 }],
      categories: [{ id: 1, name: "c1" }],
      annotations: [{ id: 1, image_id: 1, category_id: 1, area: 100, iscrowd: 0, segmentation: [[0, 0, 10, 0, 10, 10, 0, 10]] }],
    };
    const tp: CocoDetection = { image_id: 1, category_id: 1, score: 0.9, segmentation: [[0, 0, 10, 0, 10, 10, 0, 10]] };
    const fpMask = [[100, 100, 110, 100, 110, 110, 100, 110]];
    // A small false positive mask: with a large box given its area is the box's, so it is ignored for "small".
    const withBox = evaluateCoco(gt, [tp, { image_id: 1, category_id: 1, score: 0.95, segmentation: fpMask, bbox: [100, 100, 150, 150] }], { iouType: "segm" });
    const maskOnly = evaluateCoco(gt, [tp, { image_id: 1, category_id: 1, score: 0.95, segmentation: fpMask }], { iouType: "segm" });
    expect(q(withBox.APs)).toBe(1);
    expect(q(maskOnly.APs)).toBe(0.5);
  });

  it("lets a crowd region given as uncompressed RLE absorb detections (IoU = intersection / detection area)", () => {
    const h = 30, w = 40;
    const block = (x0: number, x1: number, y0: number, y1: number) => {
      const m = new Uint8Array(h * w); // column-major, like pycocotools
      for (let x = x0; x < x1; x++) for (let y = y0; y < y1; y++) m[x * h + y] = 1;
      return Array.from(rleEncode(m, h, w).counts);
    };
    const gt: CocoGroundTruth = {
      images: [{ id: 1, width: w, height: h }],
      categories: [{ id: 1, name: "c1" }],
      annotations: [
        { id: 1, image_id: 1, category_id: 1, area: 100, iscrowd: 0, segmentation: [[0, 0, 10, 0, 10, 10, 0, 10]] },
        { id: 2, image_id: 1, category_id: 1, area: 400, iscrowd: 1, segmentation: { size: [h, w], counts: block(20, 40, 10, 30) } },
      ],
    };
    const inCrowd = (x: number, score: number): CocoDetection => ({ image_id: 1, category_id: 1, score, segmentation: { size: [h, w], counts: block(x, x + 5, 12, 17) } });
    const tp: CocoDetection = { image_id: 1, category_id: 1, score: 0.5, segmentation: { size: [h, w], counts: block(0, 10, 0, 10) } };
    const r = evaluateCoco(gt, [inCrowd(20, 0.9), inCrowd(30, 0.8), tp], { iouType: "segm" });
    expect(q(r.AP)).toBe(1);
    // Outside the crowd region the same masks are plain false positives.
    const outside = evaluateCoco(gt, [inCrowd(12, 0.9), tp], { iouType: "segm" });
    expect(q(outside.AP)).toBeLessThan(1);
  });
});
