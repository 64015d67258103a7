import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { VocEvaluator, evaluateVoc, bootstrapInterval, type VocImageInput } from "@podium/metrics";
import { parseVocAnnotation, parseVocDetections, type VocDetection } from "../src/voc/index.js";

// The golden VOC layout, read in place: annotations, val.txt and the devkit's per-class result files.
const root = fileURLToPath(new URL("../../../../shared/fixtures/voc/", import.meta.url));
const expected = JSON.parse(readFileSync(`${root}expected.json`, "utf8"));
const classes: string[] = expected.classes;

function loadImages(): VocImageInput[] {
  const ids = readFileSync(`${root}ImageSets/Main/val.txt`, "utf8").split(/\s+/).filter(Boolean);
  const detections = new Map<string, VocDetection[]>(ids.map((id) => [id, []]));
  for (const className of classes) {
    const file = `comp4_det_val_${className}.txt`;
    for (const d of parseVocDetections(readFileSync(`${root}results/${file}`, "utf8"), className, file)) {
      const list = detections.get(d.imageId);
      if (!list) throw new Error(`${file}: image ${d.imageId} is not in val.txt`);
      list.push(d);
    }
  }
  return ids.map((id) => ({
    imageId: id,
    groundTruth: parseVocAnnotation(readFileSync(`${root}Annotations/${id}.xml`, "utf8"), `${id}.xml`).objects,
    detections: detections.get(id)!,
  }));
}

function expectClose(actual: number | null, wanted: number | null) {
  if (wanted === null) expect(actual).toBeNull();
  else expect(Math.abs((actual as number) - wanted)).toBeLessThanOrEqual(1e-9);
}

describe("VOC fixture (py-faster-rcnn voc_eval.py)", () => {
  const images = loadImages();

  it("reads every annotation listed in val.txt", () => {
    expect(images.length).toBe(readdirSync(`${root}Annotations`).length);
    expect(images.some((image) => image.groundTruth.some((o) => "difficult" in o && o.difficult))).toBe(true);
  });

  it("reproduces 11-point and all-point AP per class and mAP; cow (no GT) is null", () => {
    const result = evaluateVoc(images, { classes });
    result.perClass.forEach((r) => {
      expectClose(r.ap11Point, expected.voc2007_11point.perClass[r.className]);
      expectClose(r.apAllPoint, expected.voc2010_allpoint.perClass[r.className]);
    });
    expectClose(result.mAP11Point, expected.voc2007_11point.mAP);
    expectClose(result.mAPAllPoint, expected.voc2010_allpoint.mAP);
    const cow = result.perClass.find((r) => r.className === "cow")!;
    expect(cow.groundTruth).toBe(0);
    expect(cow.detections).toBeGreaterThan(0);
  });

  it("gives the same result from image shards merged through JSON, in any order", () => {
    const oneShot = evaluateVoc(images, { classes });
    const shards = [0, 1, 2].map(() => new VocEvaluator({ classes }));
    images.forEach((image, i) => shards[(i * 7) % 3].update(image.imageId, image.groundTruth, image.detections));
    const merged = new VocEvaluator({ classes });
    for (const shard of shards.reverse()) merged.merge(JSON.parse(JSON.stringify(shard.toState())));
    expect(merged.compute()).toEqual(oneShot);
  });

  it("scores image multisets for a bootstrap interval of mAP", () => {
    const evaluator = new VocEvaluator({ classes });
    for (const image of images) evaluator.update(image.imageId, image.groundTruth, image.detections);
    const ids = images.map((image) => image.imageId);
    expect(evaluator.computeForImages(ids)).toEqual(evaluator.compute());
    // Every image twice: each copy is matched on its own, so APs keep their shape but are not identical.
    const doubled = evaluator.computeForImages([...ids, ...ids]);
    expect(doubled.perClass.map((c) => c.groundTruth)).toEqual(evaluator.compute().perClass.map((c) => 2 * c.groundTruth));
    expect(doubled.perClass.map((c) => c.truePositives)).toEqual(evaluator.compute().perClass.map((c) => 2 * c.truePositives));
    expect(() => evaluator.computeForImages(["nope"])).toThrow(/"nope" was never added/);
    const mAP = (indices: Int32Array) => evaluator.computeForImages(Array.from(indices, (i) => ids[i])).mAPAllPoint ?? Number.NaN;
    const interval = bootstrapInterval(ids.length, mAP, { resamples: 200, seed: 11 });
    expect(interval.lower).toBeLessThan(expected.voc2010_allpoint.mAP);
    expect(interval.upper).toBeGreaterThan(expected.voc2010_allpoint.mAP);
  });
});
