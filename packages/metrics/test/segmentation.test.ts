import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  SegmentationEvaluator,
  evaluateSegmentation,
  segmentationConfusion,
  scoreSegmentationConfusion,
  MetricInputError,
  StateMergeError,
  type SegmentationState,
} from "@podium/metrics";

const u8 = (xs: number[]) => Uint8Array.from(xs);

describe("segmentation confusion rules", () => {
  it("skips pixels whose GT is the ignore index, whatever was predicted there", () => {
    const e = new SegmentationEvaluator({ numClasses: 3 });
    e.update(u8([0, 1, 255, 255, 2]), u8([0, 2, 1, 200, 2]));
    const r = e.compute();
    expect(r.pixelsCounted).toBe(3);
    expect(Array.from(r.confusion)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 1]);
  });

  it("honours a custom ignore index, also outside the uint8 range", () => {
    const e = new SegmentationEvaluator({ numClasses: 3, ignoreIndex: 3 });
    e.update(u8([3, 1, 0]), u8([0, 1, 1]));
    expect(e.compute().pixelsCounted).toBe(2);
    const wide = new SegmentationEvaluator({ numClasses: 3, ignoreIndex: 65535 });
    wide.update(Uint16Array.from([65535, 1]), Uint16Array.from([2, 1]));
    expect(wide.compute().pixelsCounted).toBe(1);
    expect(() => new SegmentationEvaluator({ numClasses: 3, ignoreIndex: 2 })).toThrow(/is a class id/);
  });

  for (const [label, make] of [
    ["uint8 fast path", (xs: number[]) => Uint8Array.from(xs)],
    ["uint16 path", (xs: number[]) => Uint16Array.from(xs)],
    ["int32 path", (xs: number[]) => Int32Array.from(xs)],
  ] as const) {
    it(`${label}: an out-of-range prediction or GT is an error naming the value, and leaves the state unchanged`, () => {
      const e = new SegmentationEvaluator({ numClasses: 4 });
      e.update(make([0, 1, 2, 3]), make([0, 1, 2, 3]));
      const before = e.toState();
      expect(() => e.update(make([0, 1, 2, 3, 0, 0, 0, 0, 1]), make([0, 1, 2, 3, 0, 0, 0, 0, 7]))).toThrow(/predicted label 7 is outside 0\.\.3/);
      expect(() => e.update(make([0, 5, 2]), make([0, 1, 2]))).toThrow(/ground-truth label 5 is outside 0\.\.3/);
      expect(() => e.update(make([0, 5, 2]), make([0, 1, 2]))).toThrow(MetricInputError);
      expect(e.toState()).toEqual(before);
      // A later valid update still counts (the fast path's histogram was rolled back).
      e.update(make([1]), make([1]));
      expect(e.compute().pixelsCounted).toBe(5);
    });
  }

  it("large uint8 maps (histogram-checked path): a bad value is found, named and rolled back", () => {
    const size = 40_000;
    const gt = new Uint8Array(size).map((_, i) => (i % 17 === 0 ? 255 : i % 4));
    const pred = new Uint8Array(size).map((_, i) => (i * 5) % 4);
    const e = new SegmentationEvaluator({ numClasses: 4 });
    e.update(gt, pred);
    const before = e.toState();
    const badPred = pred.slice();
    badPred[12_345] = 9;
    expect(() => e.update(gt, badPred)).toThrow("predicted label 9 is outside 0..3");
    const badGt = gt.slice();
    badGt[30_001] = 200;
    expect(() => e.update(badGt, pred)).toThrow("ground-truth label 200 is outside 0..3 and is not the ignore index 255");
    // A bad prediction under an ignored GT pixel is not looked at (mmseg drops those pixels first).
    const ignoredBad = pred.slice();
    ignoredBad[17] = 77;
    expect(gt[17]).toBe(255);
    e.update(gt, ignoredBad);
    const twice = new SegmentationEvaluator({ numClasses: 4 });
    twice.update(gt, pred);
    twice.update(gt, pred);
    expect(e.toState()).toEqual(twice.toState());
    expect(before.confusion.reduce((a, b) => a + b, 0)).toBe(size - Math.ceil(size / 17));
  });

  it("rejects negative labels in Int32 maps and maps of different lengths", () => {
    const e = new SegmentationEvaluator({ numClasses: 4 });
    expect(() => e.update(Int32Array.from([0, 1]), Int32Array.from([0, -1]))).toThrow(/predicted label -1/);
    expect(() => e.update(u8([0, 1]), u8([0]))).toThrow(/2 pixels but prediction has 1/);
  });

  it("mmseg: a class with zero union is NaN and excluded; absent-from-GT but predicted is IoU 0 and counts", () => {
    // classes: 0 present, 1 predicted only, 2 nowhere
    const gt = u8([0, 0, 0, 0]);
    const pred = u8([0, 0, 0, 1]);
    const mm = evaluateSegmentation([[gt, pred]], { numClasses: 3 });
    expect(mm.perClass[0].iou).toBe(0.75);
    expect(mm.perClass[1].iou).toBe(0);
    expect(Number.isNaN(mm.perClass[2].iou)).toBe(true);
    expect(mm.mIoU).toBe(0.375);
    expect(Number.isNaN(mm.perClass[1].acc)).toBe(true);
    expect(mm.mAcc).toBe(0.75);
    expect(mm.perClass[1].dice).toBe(0);
    expect(mm.mDice).toBeCloseTo((2 * 3) / 7 / 2, 15);
    expect(mm.aAcc).toBe(0.75);
    expect(mm.fwIoU).toBe(0.75);
  });

  it("detectron2: classes absent from the GT are excluded from mIoU, mAcc and mDice", () => {
    const d2 = evaluateSegmentation([[u8([0, 0, 0, 0, 2, 2]), u8([0, 0, 0, 1, 2, 0])]], { numClasses: 3, convention: "detectron2" });
    expect(Number.isNaN(d2.perClass[1].iou)).toBe(true);
    expect(d2.perClass[0].iou).toBe(3 / 5);
    expect(d2.perClass[2].iou).toBe(1 / 2);
    expect(d2.mIoU).toBe((3 / 5 + 1 / 2) / 2);
    expect(d2.mAcc).toBe((3 / 4 + 1 / 2) / 2);
    expect(d2.fwIoU).toBeCloseTo(((3 / 5) * 4 + (1 / 2) * 2) / 6, 15);
    expect(d2.aAcc).toBe(4 / 6);
    const mm = evaluateSegmentation([[u8([0, 0, 0, 0, 2, 2]), u8([0, 0, 0, 1, 2, 0])]], { numClasses: 3 });
    expect(mm.mIoU).toBe((3 / 5 + 0 + 1 / 2) / 3);
  });

  it("with nothing counted every score is NaN", () => {
    const r = evaluateSegmentation([[u8([255]), u8([0])]], { numClasses: 2 });
    expect(r.pixelsCounted).toBe(0);
    for (const v of [r.mIoU, r.mAcc, r.aAcc, r.fwIoU, r.mDice]) expect(Number.isNaN(v)).toBe(true);
    expect(() => new SegmentationEvaluator({ numClasses: 2 }).compute({ convention: "cityscapes" as never })).toThrow(/unknown segmentation convention/);
  });

  it("unaligned and offset uint8 views give the same counts as the byte loop", () => {
    const buffer = new Uint8Array(1 + 4 * 1000 + 3);
    const gtAll = new Uint8Array(buffer.length);
    for (let i = 0; i < buffer.length; i++) {
      buffer[i] = (i * 7) % 5;
      gtAll[i] = (i * 3) % 6 === 5 ? 255 : (i * 3) % 5;
    }
    for (const offset of [0, 1, 2, 4]) {
      const gt = gtAll.subarray(offset, offset + 1003);
      const pred = buffer.subarray(offset === 4 ? 0 : offset, (offset === 4 ? 0 : offset) + 1003);
      const fast = new SegmentationEvaluator({ numClasses: 5 });
      fast.update(gt, pred);
      const slow = new SegmentationEvaluator({ numClasses: 5 });
      slow.update(Int32Array.from(gt), Int32Array.from(pred));
      expect(Array.from(fast.compute().confusion)).toEqual(Array.from(slow.compute().confusion));
    }
  });

  it("merge refuses states with other options or non-count values", () => {
    const e = new SegmentationEvaluator({ numClasses: 2 });
    const other = new SegmentationEvaluator({ numClasses: 3 }).toState();
    expect(() => e.merge(other)).toThrow(StateMergeError);
    const bad: SegmentationState = { ...e.toState(), confusion: [0, 0.5, 0, 0] };
    expect(() => e.merge(bad)).toThrow(/non-count/);
    expect(() => e.merge({ kind: "voc", version: 1 } as never)).toThrow(StateMergeError);
  });

  it("per-image confusion: independent calls, a failed call leaves nothing behind", () => {
    const big = (v: number) => new Uint8Array(1000).fill(v);
    expect(Array.from(segmentationConfusion(big(1), big(0), { numClasses: 2 }))).toEqual([0, 0, 1000, 0]);
    const bad = big(1);
    bad[500] = 5;
    expect(() => segmentationConfusion(big(1), bad, { numClasses: 2 })).toThrow("predicted label 5 is outside 0..1");
    expect(Array.from(segmentationConfusion(u8([0, 1]), u8([0, 0]), { numClasses: 2 }))).toEqual([1, 0, 1, 0]);
    expect(() => segmentationConfusion(u8([0]), u8([0]), { numClasses: 2, ignoreIndex: 1 })).toThrow(/is a class id/);
    expect(scoreSegmentationConfusion([1, 0, 1, 0], 2).mIoU).toBe(0.25);
    expect(() => scoreSegmentationConfusion([1, 0, 1], 2)).toThrow(/4 expected/);
  });

  it("reset empties the state", () => {
    const e = new SegmentationEvaluator({ numClasses: 2 });
    e.update(u8([0, 1]), u8([1, 1]));
    e.reset();
    expect(e.compute().pixelsCounted).toBe(0);
  });
});

describe("segmentation shard + merge (property)", () => {
  // Small maps take the per-pixel-checked path, large ones (> numClasses² + 256 pixels) the histogram-checked one.
  const image = fc
    .oneof(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 280, max: 600 }))
    .chain((n) => fc.tuple(fc.array(fc.constantFrom(0, 1, 2, 3, 255), { minLength: n, maxLength: n }), fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n })));

  it("any split into shards, merged through JSON, equals one pass (uint8 and int32 inputs)", () => {
    fc.assert(
      fc.property(fc.array(image, { maxLength: 12 }), fc.array(fc.nat(3), { maxLength: 12 }), fc.boolean(), (images, assignment, wide) => {
        const make = (xs: number[]) => (wide ? Int32Array.from(xs) : Uint8Array.from(xs));
        const oneShot = new SegmentationEvaluator({ numClasses: 4 });
        const shards = [0, 1, 2, 3].map(() => new SegmentationEvaluator({ numClasses: 4 }));
        images.forEach(([gt, pred], i) => {
          oneShot.update(make(gt), make(pred));
          shards[assignment[i] ?? 0].update(make(gt), make(pred));
        });
        const merged = new SegmentationEvaluator({ numClasses: 4 });
        for (const shard of shards) merged.merge(JSON.parse(JSON.stringify(shard.toState())));
        expect(merged.toState()).toEqual(oneShot.toState());
        const a = merged.compute({ convention: "detectron2" });
        const b = oneShot.compute({ convention: "detectron2" });
        expect(a.mIoU).toEqual(b.mIoU);
        // Direct count check against a straightforward loop.
        const naive = new Array(16).fill(0);
        for (const [gt, pred] of images) gt.forEach((g, j) => g !== 255 && naive[g * 4 + pred[j]]++);
        expect(oneShot.toState().confusion).toEqual(naive);
      }),
    );
  });
});
