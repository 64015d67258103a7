import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { evaluateCoco, rleArea, rleFromPolygons, rleFromString, rleToString, type CocoDetection, type CocoGroundTruth } from "@podium/metrics";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../shared/fixtures/coco/${name}`, import.meta.url), "utf8"));
const NAMES = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"] as const;

describe.each(["bbox", "segm"] as const)("pycocotools fixture, iouType %s", (iouType) => {
  const gt: CocoGroundTruth = fixture(`${iouType}-gt.json`);
  const dets: CocoDetection[] = fixture(`${iouType}-results.json`);
  const expected: number[] = fixture(`${iouType}-expected.json`).stats;

  it("reproduces all 12 summarize() stats to 1e-9", () => {
    const result = evaluateCoco(gt, dets, { iouType });
    expect(result.stats).toHaveLength(12);
    result.stats.forEach((s, i) => expect(Math.abs(s - expected[i])).toBeLessThanOrEqual(1e-9));
    NAMES.forEach((name, i) => expect(result[name]).toBe(result.stats[i]));
    expect(result.precisionDims).toEqual([10, 101, gt.categories.length, 4, 3]);
    expect(result.precision.length).toBe(10 * 101 * gt.categories.length * 4 * 3);
  });

  it("reports categories without ground truth as -1", () => {
    const result = evaluateCoco(gt, dets, { iouType });
    const withGt = new Set(gt.annotations.map((a) => a.category_id));
    for (const c of result.perCategory) {
      if (withGt.has(c.categoryId)) expect(c.AP).toBeGreaterThanOrEqual(0);
      else expect(c.AP).toBe(-1);
    }
    expect(result.perCategory.reduce((s, c) => s + c.numDetections, 0)).toBe(dets.length);
    expect(result.perCategory.reduce((s, c) => s + c.numGroundTruth, 0)).toBe(gt.annotations.length);
  });
});

describe("masks from the segm fixture", () => {
  it("decodes and re-encodes every pycocotools RLE string unchanged", () => {
    const dets: CocoDetection[] = fixture("segm-results.json");
    for (const d of dets) {
      const seg = d.segmentation as { size: [number, number]; counts: string };
      const rle = rleFromString(seg.counts, seg.size[0], seg.size[1]);
      expect(rleToString(rle)).toBe(seg.counts);
    }
  });

  it("rasterises ground-truth polygons to areas close to their geometric area", () => {
    const gt: CocoGroundTruth = fixture("segm-gt.json");
    for (const a of gt.annotations) {
      const area = rleArea(rleFromPolygons(a.segmentation as number[][], 480, 640));
      // Pixel-centre sampling moves the area by at most about a boundary's worth of half pixels.
      expect(Math.abs(area - a.area)).toBeLessThanOrEqual(Math.sqrt(a.area));
    }
  });
});
