import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  VocEvaluator,
  evaluateVoc,
  vocIoU,
  elevenPointAP,
  allPointAP,
  MetricInputError,
  StateMergeError,
  type VocImageInput,
  type VocBox,
} from "@podium/metrics";

const gt = (name: string, bbox: VocBox, difficult = false) => ({ name, bbox, difficult });
const det = (className: string, score: number, bbox: VocBox) => ({ className, score, bbox });
const one = (images: VocImageInput[], classes = ["a"], extra = {}) => evaluateVoc(images, { classes, ...extra }).perClass[0];

describe("VOC overlap and AP definitions", () => {
  it("IoU uses the +1-pixel convention", () => {
    expect(vocIoU([0, 0, 9, 9], [0, 0, 9, 9])).toBe(1);
    expect(vocIoU([0, 0, 9, 9], [0, 0, 9, 4])).toBe(0.5);
    expect(vocIoU([0, 0, 0, 0], [0, 0, 0, 0])).toBe(1); // a one-pixel box
    expect(vocIoU([0, 0, 9, 9], [20, 20, 29, 29])).toBe(0);
  });

  it("11-point thresholds are numpy.arange's 0.30000000000000004, not 0.3", () => {
    const recall = Float64Array.from([0.1, 0.2, 0.3]);
    const precision = Float64Array.from([1, 1, 1]);
    expect(elevenPointAP(recall, precision)).toBe(3 / 11);
    expect(allPointAP(recall, precision)).toBeCloseTo(0.3, 15);
  });

  it("TP, FP, TP over two objects gives the hand-computed APs", () => {
    const r = one([
      { imageId: "1", groundTruth: [gt("a", [0, 0, 9, 9])], detections: [det("a", 0.9, [0, 0, 9, 9]), det("a", 0.8, [50, 50, 60, 60])] },
      { imageId: "2", groundTruth: [gt("a", [0, 0, 9, 9])], detections: [det("a", 0.7, [1, 1, 9, 9])] },
    ]);
    expect(r.apAllPoint).toBeCloseTo(0.5 + 0.5 * (2 / 3), 15);
    expect(r.ap11Point).toBeCloseTo((6 + 5 * (2 / 3)) / 11, 15);
    expect(r).toMatchObject({ groundTruth: 2, detections: 3, truePositives: 2 });
  });
});

describe("VOC matching rules (voc_eval.py)", () => {
  it("a detection on a difficult object is neither TP nor FP, and difficult objects are not in recall", () => {
    const images = [
      {
        imageId: "x",
        groundTruth: [gt("a", [0, 0, 9, 9]), gt("a", [100, 100, 109, 109], true)],
        detections: [det("a", 0.9, [100, 100, 109, 109]), det("a", 0.8, [0, 0, 9, 9])],
      },
    ];
    const r = one(images);
    expect(r.groundTruth).toBe(1);
    expect(r.truePositives).toBe(1);
    expect(r.apAllPoint).toBe(1); // the difficult hit did not count as FP
    const withDifficult = one(images, ["a"], { useDifficult: true });
    expect(withDifficult.groundTruth).toBe(2);
    expect(withDifficult.truePositives).toBe(2);
  });

  it("duplicate detections of one object: the second is a FP", () => {
    const r = one([{ imageId: "x", groundTruth: [gt("a", [0, 0, 9, 9])], detections: [det("a", 0.9, [0, 0, 9, 9]), det("a", 0.8, [0, 0, 9, 8])] }]);
    expect(r.truePositives).toBe(1);
    expect(r.apAllPoint).toBe(1);
    const lowerFirst = one([{ imageId: "x", groundTruth: [gt("a", [0, 0, 9, 9])], detections: [det("a", 0.8, [0, 0, 9, 9]), det("a", 0.9, [50, 50, 59, 59])] }]);
    expect(lowerFirst.apAllPoint).toBe(0.5); // FP ranked first: precision 0.5 at full recall
  });

  it("a detection takes only its best-overlap object, even when that one is taken", () => {
    // Object A [0,0,9,9]; object B [0,0,9,11] overlaps the second detection less than A does.
    const r = one([
      {
        imageId: "x",
        groundTruth: [gt("a", [0, 0, 9, 9]), gt("a", [0, 0, 9, 13])],
        detections: [det("a", 0.9, [0, 0, 9, 9]), det("a", 0.8, [0, 0, 9, 10])],
      },
    ]);
    expect(vocIoU([0, 0, 9, 10], [0, 0, 9, 9])).toBeGreaterThan(vocIoU([0, 0, 9, 10], [0, 0, 9, 13]));
    expect(vocIoU([0, 0, 9, 10], [0, 0, 9, 13])).toBeGreaterThan(0.5);
    expect(r.truePositives).toBe(1);
  });

  it("IoU exactly at the threshold is not a match (strict >)", () => {
    expect(one([{ imageId: "x", groundTruth: [gt("a", [0, 0, 9, 9])], detections: [det("a", 0.9, [0, 0, 9, 4])] }]).truePositives).toBe(0);
    expect(one([{ imageId: "x", groundTruth: [gt("a", [0, 0, 9, 9])], detections: [det("a", 0.9, [0, 0, 9, 5])] }]).truePositives).toBe(1);
  });

  it("a class with no ground truth has null AP and is left out of mAP; one with no detections has AP 0", () => {
    const r = evaluateVoc(
      [{ imageId: "x", groundTruth: [gt("a", [0, 0, 9, 9]), gt("b", [0, 0, 9, 9]), gt("other", [0, 0, 5, 5])], detections: [det("a", 0.5, [0, 0, 9, 9]), det("c", 0.5, [0, 0, 9, 9])] }],
      { classes: ["a", "b", "c"] },
    );
    expect(r.perClass.map((c) => c.apAllPoint)).toEqual([1, 0, null]);
    // Eleven additions of 1/11 give 1.0000000000000002, in voc_eval as here.
    expect(r.perClass.map((c) => c.ap11Point)).toEqual([1.0000000000000002, 0, null]);
    expect(r.mAPAllPoint).toBe(0.5);
    expect(evaluateVoc([], { classes: ["a"] }).mAP11Point).toBeNull();
  });

  it("equal scores are ordered by image id then list position, whatever the input order or sharding", () => {
    const images: VocImageInput[] = [
      { imageId: "b", groundTruth: [gt("a", [0, 0, 9, 9])], detections: [det("a", 0.5, [0, 0, 9, 9])] },
      { imageId: "a", groundTruth: [gt("a", [0, 0, 9, 9])], detections: [det("a", 0.5, [40, 40, 49, 49])] },
    ];
    const forward = one(images);
    const backward = one([...images].reverse());
    expect(forward).toEqual(backward);
    // Image "a" (a FP) ranks first: precision 0, then 0.5 at recall 0.5.
    expect(forward.apAllPoint).toBe(0.25);
  });

  it("rejects bad input with one-line messages", () => {
    const e = new VocEvaluator({ classes: ["a"] });
    expect(() => e.update("x", [], [det("zebra", 0.5, [0, 0, 1, 1])])).toThrow(/unknown class "zebra"/);
    expect(() => e.update("x", [], [det("a", Number.NaN, [0, 0, 1, 1])])).toThrow(/score NaN/);
    expect(() => e.update("x", [gt("a", [0, 0, 1] as never)], [])).toThrow(/4 finite numbers/);
    e.update("x", [], []);
    expect(() => e.update("x", [], [])).toThrow(/already added/);
    expect(() => new VocEvaluator({ classes: ["a", "a"] })).toThrow(MetricInputError);
    expect(() => e.merge(new VocEvaluator({ classes: ["b"] }).toState())).toThrow(StateMergeError);
    expect(() => e.merge(e.toState())).toThrow(/overlapping/);
  });
});

describe("VOC shard + merge (property)", () => {
  const box = fc.tuple(fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 12 }))
    .map(([x, y, w, h]): VocBox => [x, y, x + w, y + h]);
  const image = fc.record({
    groundTruth: fc.array(fc.record({ name: fc.constantFrom("a", "b"), bbox: box, difficult: fc.boolean() }), { maxLength: 4 }),
    detections: fc.array(fc.record({ className: fc.constantFrom("a", "b"), score: fc.constantFrom(0.1, 0.2, 0.5, 0.9), bbox: box }), { maxLength: 6 }),
  });

  it("any split by image, merged through JSON in any order, equals one pass", () => {
    fc.assert(
      fc.property(fc.array(image, { maxLength: 10 }), fc.array(fc.nat(2), { maxLength: 10 }), fc.boolean(), (raw, assignment, useDifficult) => {
        const images = raw.map((img, i) => ({ imageId: `img${i}`, ...img }));
        const options = { classes: ["a", "b"], useDifficult };
        const oneShot = evaluateVoc(images, options);
        const shards = [0, 1, 2].map(() => new VocEvaluator(options));
        images.forEach((img, i) => shards[assignment[i] ?? 0].update(img.imageId, img.groundTruth, img.detections));
        const merged = new VocEvaluator(options);
        for (const shard of shards.reverse()) merged.merge(JSON.parse(JSON.stringify(shard.toState())));
        expect(merged.compute()).toEqual(oneShot);
        for (const c of oneShot.perClass) {
          if (c.apAllPoint === null) expect(c.groundTruth).toBe(0);
          else {
            expect(c.apAllPoint).toBeGreaterThanOrEqual(0);
            expect(c.apAllPoint).toBeLessThanOrEqual(1);
            expect(c.truePositives).toBeLessThanOrEqual(c.groundTruth);
          }
        }
      }),
    );
  });
});
