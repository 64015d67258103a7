import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { CocoEvaluator, MetricInputError, StateMergeError, evaluateCoco, type CocoDetection, type CocoGroundTruth, type CocoIouType } from "@podium/metrics";

const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../../../../shared/fixtures/coco/${name}`, import.meta.url), "utf8"));

function shardedResult(gt: CocoGroundTruth, dets: CocoDetection[], iouType: CocoIouType, shardOf: (imageId: number) => number, shards: number, mergeOrder: number[]) {
  const states = [];
  for (let s = 0; s < shards; s++) {
    const ev = new CocoEvaluator(gt, { iouType });
    const mine = dets.filter((d) => shardOf(d.image_id) === s);
    // Several update() calls per shard, each carrying whole images.
    const ids = [...new Set(mine.map((d) => d.image_id))];
    const half = new Set(ids.slice(0, Math.floor(ids.length / 2)));
    ev.update(mine.filter((d) => half.has(d.image_id)));
    ev.update(mine.filter((d) => !half.has(d.image_id)));
    states.push(JSON.parse(JSON.stringify(ev.toState())));
  }
  const total = new CocoEvaluator(gt, { iouType });
  for (const s of mergeOrder) total.merge(states[s]);
  return total.compute();
}

describe.each([
  ["bbox", 15],
  ["segm", 6],
] as const)("sharded evaluation, iouType %s", (iouType, numRuns) => {
  const gt: CocoGroundTruth = fixture(`${iouType}-gt.json`);
  const dets: CocoDetection[] = fixture(`${iouType}-results.json`);
  const oneShot = evaluateCoco(gt, dets, { iouType });
  const imageIds = gt.images.map((im) => im.id);

  it("any split of the images, merged in any order, equals the one-shot result exactly", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }).chain((shards) =>
          fc.tuple(
            fc.constant(shards),
            fc.array(fc.integer({ min: 0, max: shards - 1 }), { minLength: imageIds.length, maxLength: imageIds.length }),
            fc.shuffledSubarray([...Array(shards).keys()], { minLength: shards, maxLength: shards }),
          ),
        ),
        ([shards, assignment, mergeOrder]) => {
          const shardById = new Map(imageIds.map((id, i) => [id, assignment[i]]));
          const merged = shardedResult(gt, dets, iouType, (id) => shardById.get(id)!, shards, mergeOrder);
          expect(merged.stats).toEqual(oneShot.stats);
          expect(merged.perCategory).toEqual(oneShot.perCategory);
          // Bit-for-bit, without a slow element-wise toEqual on ~50k entries.
          expect(Buffer.from(merged.precision.buffer).equals(Buffer.from(oneShot.precision.buffer))).toBe(true);
          expect(Buffer.from(merged.recall.buffer).equals(Buffer.from(oneShot.recall.buffer))).toBe(true);
        },
      ),
      { numRuns },
    );
  });
});

describe("CocoEvaluator state", () => {
  const gt: CocoGroundTruth = fixture("bbox-gt.json");
  const dets: CocoDetection[] = fixture("bbox-results.json");
  const first = gt.images[0].id;

  it("refuses overlapping shards, other options and other ground truth", () => {
    const a = new CocoEvaluator(gt, { iouType: "bbox" });
    a.update(dets.filter((d) => d.image_id === first));
    const b = new CocoEvaluator(gt, { iouType: "bbox" });
    b.update(dets.filter((d) => d.image_id === first));
    expect(() => a.merge(b.toState())).toThrow(StateMergeError);
    expect(() => a.merge(b.toState())).toThrow(/overlap: both hold image/);
    const segmGt: CocoGroundTruth = fixture("segm-gt.json");
    expect(() => new CocoEvaluator(segmGt, { iouType: "segm" }).merge(b.toState())).toThrow(/iouType bbox/);
    const otherGt = { ...gt, annotations: gt.annotations.slice(1) };
    expect(() => new CocoEvaluator(otherGt, { iouType: "bbox" }).merge(b.toState())).toThrow(/different ground truth/);
    expect(() => new CocoEvaluator(gt, { iouType: "bbox" }).merge({ kind: "voc", version: 1 } as never)).toThrow(StateMergeError);
  });

  it("refuses a second update for an image already evaluated, leaving the state unchanged", () => {
    const ev = new CocoEvaluator(gt, { iouType: "bbox" });
    ev.update(dets.filter((d) => d.image_id === first));
    const before = JSON.stringify(ev.toState());
    expect(() => ev.update(dets.filter((d) => d.image_id === first))).toThrow(MetricInputError);
    expect(JSON.stringify(ev.toState())).toBe(before);
  });

  it("reset() empties the state; images never updated count as having no detections", () => {
    const ev = new CocoEvaluator(gt, { iouType: "bbox" });
    ev.update(dets);
    ev.reset();
    expect(ev.toState().images).toEqual([]);
    const empty = ev.compute();
    expect(empty.AP).toBe(0);
    expect(empty.AR100).toBe(0);
  });
});
