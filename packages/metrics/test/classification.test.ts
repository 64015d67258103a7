import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  ClassificationEvaluator,
  RealEvaluator,
  evaluateClassification,
  evaluateReal,
  rankOfClass,
  mcnemarTest,
  MetricInputError,
  StateMergeError,
} from "@podium/metrics";

const f32 = (rows: number[][]) => Float32Array.from(rows.flat());

describe("top-k accuracy", () => {
  it("counts a target in the top k by rank, for any k", () => {
    const scores = f32([
      [0.1, 0.5, 0.2, 0.2], // target 1 rank 0
      [0.9, 0.05, 0.03, 0.02], // target 3 rank 3
      [0.3, 0.1, 0.4, 0.2], // target 0 rank 1
    ]);
    const e = new ClassificationEvaluator({ numClasses: 4, topK: [1, 2, 4] });
    e.update(scores, [1, 3, 0]);
    const r = e.compute();
    expect(r.topK.map((t) => [t.k, t.correct, t.samples])).toEqual([[1, 1, 3], [2, 2, 3], [4, 3, 3]]);
    expect(e.accuracyAt(3).accuracy).toBeCloseTo(2 / 3, 15);
    expect(r.topK[0].error).toBeCloseTo(2 / 3, 15);
    expect(r.topK[0].interval.lower).toBeLessThan(1 / 3);
    expect(() => e.accuracyAt(5)).toThrow(/top-5/);
  });

  it("breaks score ties by lower class index", () => {
    const row = Float64Array.from([0.2, 0.5, 0.5, 0.5, 0.1]);
    expect([0, 1, 2, 3, 4].map((c) => rankOfClass(row, 0, 5, c))).toEqual([3, 0, 1, 2, 4]);
    const e = new ClassificationEvaluator({ numClasses: 5, topK: [1, 2] });
    e.update(row, [2]);
    expect(e.compute().topK.map((t) => t.correct)).toEqual([0, 1]);
    e.update(row, [1]);
    expect(e.compute().topK.map((t) => t.correct)).toEqual([1, 2]);
    // top-1 prediction of a tied row is the lowest index, in the confusion matrix too.
    expect(e.compute().confusion[2 * 5 + 1]).toBe(1);
  });

  it("per-class recall and the top-1 confusion matrix", () => {
    const r = evaluateClassification(f32([[1, 0, 0], [0, 1, 0], [1, 0, 0], [0, 0, 1]]), Int32Array.from([0, 1, 1, 2]), { numClasses: 3, topK: [1] });
    expect(r.perClass.map((c) => c.recall)).toEqual([1, 0.5, 1]);
    expect(Array.from(r.confusion)).toEqual([1, 0, 0, 1, 1, 0, 0, 0, 1]);
    expect(r.meanClassRecall).toBeCloseTo(2.5 / 3, 15);
    const empty = evaluateClassification(f32([[1, 0, 0]]), [0], { numClasses: 3 });
    expect(Number.isNaN(empty.perClass[1].recall)).toBe(true);
    expect(empty.topK.map((t) => t.k)).toEqual([1]); // k = 5 > classes is not reported
  });

  it("rejects NaN/Inf scores, out-of-range targets and mis-shaped input, without changing the state", () => {
    const e = new ClassificationEvaluator({ numClasses: 3 });
    expect(() => e.update(Float32Array.from([0, Number.NaN, 1]), [0])).toThrow(/sample 0 class 1 is NaN/);
    expect(() => e.update(Float64Array.from([0, Infinity, 1]), [0])).toThrow(MetricInputError);
    expect(() => e.update(f32([[0, 1, 0]]), [3])).toThrow(/target of sample 0 is 3, outside 0\.\.2/);
    expect(() => e.update(f32([[0, 1, 0]]), [-1])).toThrow(MetricInputError);
    expect(() => e.update(f32([[0, 1, 0]]), [0.5])).toThrow(MetricInputError);
    expect(() => e.update(f32([[0, 1, 0]]), [0, 1])).toThrow(/need 6/);
    expect(e.compute().samples).toBe(0);
  });
});

describe("ranked prediction lists", () => {
  it("scores top-k lists and limits k to the shortest list", () => {
    const e = new ClassificationEvaluator({ numClasses: 10, topK: [1, 3] });
    e.updateRanked(Int32Array.from([4, 2, 7, 1, 0, 9]), 3, [2, 5]);
    expect(e.compute().topK.map((t) => t.correct)).toEqual([0, 1]);
    expect(e.compute().confusion[2 * 10 + 4]).toBe(1);
    expect(() => e.accuracyAt(4)).toThrow(/only their top 3/);
    e.updateRanked(Int32Array.from([5]), 1, [5]);
    expect(() => e.accuracyAt(2)).toThrow(/top 1/);
    expect(e.accuracyAt(1).correct).toBe(1);
  });

  it("agrees with full scores where both are known", () => {
    const scores = f32([[0.1, 0.7, 0.2], [0.5, 0.3, 0.2]]);
    const full = evaluateClassification(scores, [2, 1], { numClasses: 3, topK: [1, 2] });
    const ranked = new ClassificationEvaluator({ numClasses: 3, topK: [1, 2] });
    ranked.updateRanked(Int32Array.from([1, 2, 0, 1]), 2, [2, 1]);
    expect(ranked.compute().topK).toEqual(full.topK);
  });

  it("rejects repeated or out-of-range ids", () => {
    const e = new ClassificationEvaluator({ numClasses: 3 });
    expect(() => e.updateRanked(Int32Array.from([1, 1]), 2, [0])).toThrow(/class 1 twice/);
    expect(() => e.updateRanked(Int32Array.from([1, 3]), 2, [0])).toThrow(/ranked prediction 1 of sample 0 is 3/);
    expect(() => e.updateRanked(Int32Array.from([1]), 2, [0])).toThrow(/need 2/);
  });
});

describe("per-sample correctness for McNemar", () => {
  it("keeps top-1 correctness by sample id and feeds mcnemarTest", () => {
    const a = new ClassificationEvaluator({ numClasses: 2, keepPerSample: true });
    const b = new ClassificationEvaluator({ numClasses: 2, keepPerSample: true });
    a.update(f32([[1, 0], [1, 0], [0, 1]]), [0, 1, 1], ["img1", "img2", "img3"]);
    b.update(f32([[0, 1], [0, 1], [0, 1]]), [0, 1, 1], ["img1", "img2", "img3"]);
    expect([...a.perSampleCorrect()]).toEqual([["img1", true], ["img2", false], ["img3", true]]);
    expect(mcnemarTest(a.perSampleCorrect(), b.perSampleCorrect())).toMatchObject({ b: 1, c: 1 });
    expect(a.perSampleCorrect(2).get("img2")).toBe(true);
    expect(() => a.update(f32([[1, 0]]), [0], ["img1"])).toThrow(/"img1" was already scored/);
    expect(() => new ClassificationEvaluator({ numClasses: 2 }).perSampleCorrect()).toThrow(/keepPerSample/);
  });

  it("merging shards with the same ids is refused", () => {
    const a = new ClassificationEvaluator({ numClasses: 2, keepPerSample: true });
    const b = new ClassificationEvaluator({ numClasses: 2, keepPerSample: true });
    a.update(f32([[1, 0]]), [0]);
    b.update(f32([[1, 0]]), [0]);
    expect(() => a.merge(b.toState())).toThrow(StateMergeError);
    expect(() => a.merge(new ClassificationEvaluator({ numClasses: 2 }).toState())).toThrow(/per-sample/);
    expect(() => a.merge(new ClassificationEvaluator({ numClasses: 3, keepPerSample: true }).toState())).toThrow(StateMergeError);
  });
});

describe("ImageNet-ReaL multi-label top-k", () => {
  it("is correct at k when any label is among the top k; empty label lists are excluded and counted", () => {
    const scores = f32([
      [0.6, 0.3, 0.1, 0.0],
      [0.6, 0.3, 0.1, 0.0],
      [0.6, 0.3, 0.1, 0.0],
      [0.1, 0.2, 0.3, 0.4],
    ]);
    const r = evaluateReal(scores, [[2, 1], [0, 3], [], [0]], { numClasses: 4, topK: [1, 2, 3] });
    expect(r.excluded).toBe(1);
    expect(r.samples).toBe(3);
    expect(r.topK.map((t) => t.correct)).toEqual([1, 2, 2]);
    expect(r.topK[0].accuracy).toBeCloseTo(1 / 3, 15);
  });

  it("ranked lists, ties and errors", () => {
    const e = new RealEvaluator({ numClasses: 4, topK: [1, 2] });
    e.updateRanked(Int32Array.from([3, 1, 0, 2]), 2, [[1], [2, 3]]);
    expect(e.compute().topK.map((t) => t.correct)).toEqual([0, 2]);
    // Tie between classes 0 and 1: class 0 ranks first, so label 1 is correct at 2 only.
    e.update(Float32Array.from([0.5, 0.5, 0, 0]), [[1]]);
    expect(e.compute().topK.map((t) => t.correct)).toEqual([0, 3]);
    expect(() => e.accuracyAt(3)).toThrow(/top 2/);
    expect(() => e.update(Float32Array.from([0.5, 0.5, 0, 0]), [[4]])).toThrow(/a label of sample 0 is 4/);
    expect(() => e.merge(new ClassificationEvaluator({ numClasses: 4 }).toState() as never)).toThrow(StateMergeError);
  });
});

describe("classification shard + merge (property)", () => {
  const batch = fc.integer({ min: 0, max: 6 }).chain((n) =>
    fc.record({
      scores: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n * 5, maxLength: n * 5 }),
      targets: fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
      labels: fc.array(fc.uniqueArray(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }), { minLength: n, maxLength: n }),
    }),
  );

  it("any split merged through JSON equals one pass (single-label with per-sample ids, and ReaL)", () => {
    fc.assert(
      fc.property(fc.array(batch, { maxLength: 8 }), fc.array(fc.nat(2), { maxLength: 8 }), (batches, assignment) => {
        const options = { numClasses: 5, topK: [1, 2, 5], keepPerSample: true };
        const oneShot = new ClassificationEvaluator(options);
        const realOneShot = new RealEvaluator(options);
        const shards = [0, 1, 2].map(() => new ClassificationEvaluator(options));
        const realShards = [0, 1, 2].map(() => new RealEvaluator(options));
        let next = 0;
        batches.forEach(({ scores, targets, labels }, i) => {
          const ids = targets.map(() => `s${next++}`);
          const s = Float32Array.from(scores); // coarse integer scores: many ties
          oneShot.update(s, targets, ids);
          shards[assignment[i] ?? 0].update(s, targets, ids);
          realOneShot.update(s, labels, ids);
          realShards[assignment[i] ?? 0].update(s, labels, ids);
        });
        const merged = new ClassificationEvaluator(options);
        const realMerged = new RealEvaluator(options);
        for (const shard of shards) merged.merge(JSON.parse(JSON.stringify(shard.toState())));
        for (const shard of realShards) realMerged.merge(JSON.parse(JSON.stringify(shard.toState())));
        expect(merged.compute()).toEqual(oneShot.compute());
        expect(realMerged.compute()).toEqual(realOneShot.compute());
        expect(new Map([...merged.perSampleCorrect(2)].sort())).toEqual(new Map([...oneShot.perSampleCorrect(2)].sort()));
        // Check top-2 against a direct definition: target among the 2 first of a stable descending sort.
        let direct = 0;
        for (const { scores, targets } of batches) {
          targets.forEach((t, i) => {
            const row = scores.slice(i * 5, i * 5 + 5);
            const order = [0, 1, 2, 3, 4].sort((a, b) => row[b] - row[a] || a - b);
            if (order.slice(0, 2).includes(t)) direct++;
          });
        }
        expect(oneShot.accuracyAt(2).correct).toBe(direct);
      }),
    );
  });
});
