import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import {
  SegmentationEvaluator,
  segmentationConfusion,
  scoreSegmentationConfusion,
  bootstrapInterval,
  type SegmentationResult,
} from "@podium/metrics";

const fixtureDir = fileURLToPath(new URL("../../../../shared/fixtures/segmentation/", import.meta.url));
const expected = JSON.parse(readFileSync(`${fixtureDir}expected.json`, "utf8"));

/** The PNG decoder is another package's job; the test decodes with sharp and keeps channel 0 of 8-bit grayscale. */
async function readLabelMap(file: string): Promise<Uint8Array> {
  const { data, info } = await sharp(file).raw().toBuffer({ resolveWithObject: true });
  expect(info.depth).toBe("uchar");
  if (info.channels === 1) return new Uint8Array(data.buffer, data.byteOffset, data.length);
  const out = new Uint8Array(info.width * info.height);
  for (let i = 0; i < out.length; i++) out[i] = data[i * info.channels];
  return out;
}

async function loadPairs(): Promise<Array<[Uint8Array, Uint8Array]>> {
  const names = readdirSync(`${fixtureDir}gt`).filter((f) => f.endsWith(".png")).sort();
  expect(names.length).toBe(24);
  const pairs: Array<[Uint8Array, Uint8Array]> = [];
  for (const name of names) pairs.push([await readLabelMap(`${fixtureDir}gt/${name}`), await readLabelMap(`${fixtureDir}pred/${name}`)]);
  return pairs;
}

const nullable = (v: number) => (Number.isNaN(v) ? null : v);

function expectClose(actual: number | null, wanted: number | null) {
  if (wanted === null) expect(actual).toBeNull();
  else expect(Math.abs((actual as number) - wanted)).toBeLessThanOrEqual(1e-9);
}

describe("segmentation fixture (numpy confusion matrix, mmseg and detectron2 definitions)", async () => {
  const pairs = await loadPairs();
  const evaluator = new SegmentationEvaluator({ numClasses: expected.numClasses, ignoreIndex: expected.ignoreIndex });
  for (const [gt, pred] of pairs) evaluator.update(gt, pred);

  it("mmseg: mIoU, mAcc, aAcc and every per-class IoU and accuracy", () => {
    const r = evaluator.compute({ convention: "mmseg" });
    expectClose(r.mIoU, expected.mmseg.mIoU);
    expectClose(r.mAcc, expected.mmseg.mAcc);
    expectClose(r.aAcc, expected.mmseg.aAcc);
    r.perClass.forEach((s, c) => {
      expectClose(nullable(s.iou), expected.mmseg.perClassIoU[c]);
      expectClose(nullable(s.acc), expected.mmseg.perClassAcc[c]);
    });
    expect(r.pixelsCounted).toBe(expected.pixelsCounted);
  });

  it("detectron2: mIoU, mAcc, pAcc, fwIoU; classes absent from GT have no IoU", () => {
    const r: SegmentationResult = evaluator.compute({ convention: "detectron2" });
    expectClose(r.mIoU, expected.detectron2.mIoU);
    expectClose(r.mAcc, expected.detectron2.mAcc);
    expectClose(r.aAcc, expected.detectron2.pAcc);
    expectClose(r.fwIoU, expected.detectron2.fwIoU);
    expect(Number.isNaN(r.perClass[expected.classAbsentFromGT].iou)).toBe(true);
    expect(Number.isNaN(r.perClass[expected.classAbsentEverywhere].iou)).toBe(true);
    // Present classes score the same under both conventions.
    const mm = evaluator.compute({ convention: "mmseg" });
    for (let c = 0; c < 6; c++) expectClose(r.perClass[c].iou, expected.mmseg.perClassIoU[c]);
    expect(mm.fwIoU).toBe(r.fwIoU);
    expect(r.pixelsCounted).toBe(expected.pixelsCounted);
  });

  it("the class predicted but absent from GT counts as IoU 0 in mmseg", () => {
    const r = evaluator.compute();
    expect(r.convention).toBe("mmseg");
    expect(r.perClass[expected.classAbsentFromGT].iou).toBe(0);
    expect(Number.isNaN(r.perClass[expected.classAbsentFromGT].acc)).toBe(true);
  });

  it("merging per-image shards through JSON gives the same matrix as one pass", () => {
    const merged = new SegmentationEvaluator({ numClasses: 8 });
    for (const [gt, pred] of pairs) {
      const shard = new SegmentationEvaluator({ numClasses: 8 });
      shard.update(gt, pred);
      merged.merge(JSON.parse(JSON.stringify(shard.toState())));
    }
    expect(Array.from(merged.compute().confusion)).toEqual(Array.from(evaluator.compute().confusion));
  });

  it("per-image matrices sum to the dataset matrix and give a reproducible bootstrap interval of mIoU", () => {
    const perImage = pairs.map(([gt, pred]) => segmentationConfusion(gt, pred, { numClasses: 8 }));
    const sum = new Float64Array(64);
    for (const m of perImage) m.forEach((v, i) => (sum[i] += v));
    expect(Array.from(sum)).toEqual(Array.from(evaluator.compute().confusion));
    const mIoU = (indices: Int32Array) => {
      const resample = new Float64Array(64);
      for (const i of indices) perImage[i].forEach((v, j) => (resample[j] += v));
      return scoreSegmentationConfusion(resample, 8).mIoU;
    };
    const interval = bootstrapInterval(perImage.length, mIoU, { resamples: 300, seed: 3 });
    expect(interval).toEqual(bootstrapInterval(perImage.length, mIoU, { resamples: 300, seed: 3 }));
    expect(interval.lower).toBeLessThan(expected.mmseg.mIoU);
    expect(interval.upper).toBeGreaterThan(expected.mmseg.mIoU);
    expect(interval.undefinedResamples).toBe(0);
  });
});
