import { describe, it, expect } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { inspectLayersTopology } from "@podium/graph";
import { architectureTopology, buildArchitecture, UnknownArchitectureError } from "@podium/zoo";

const count = (weights: tf.LayerVariable[]) => weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);

describe("building zoo models with tfjs", () => {
  // Models small enough to allocate on the 2-core CI machine; the large ones are counted from their topology.
  it.each(["lenet5", "resnet18", "mobilenet_v2", "googlenet_aux"])("%s: tfjs's own weight count equals the topology inspection", async (name) => {
    const model = await buildArchitecture(name, { seed: 1 });
    try {
      const report = inspectLayersTopology(architectureTopology(name, { seed: 1 }));
      expect(count(model.trainableWeights)).toBe(report.totals.trainableParams);
      expect(count(model.nonTrainableWeights)).toBe(report.totals.nonTrainableParams);
      expect(model.outputs.map((o) => o.shape)).toEqual(report.outputs.map((o) => [null, ...o.shape!.slice(1)]));
    } finally {
      model.dispose();
    }
  });

  it("the inspector's per-layer output shapes equal tfjs's own (two-tower AlexNet, small input)", async () => {
    const model = await buildArchitecture("alexnet_two_tower", { inputShape: [67, 67, 3], numClasses: 5 });
    try {
      const report = inspectLayersTopology(model.toJSON(undefined, false) as object);
      for (const layer of model.layers.slice(1)) {
        const inspected = report.layers.find((l) => l.name === layer.name);
        expect(inspected?.outputShape, layer.name).toEqual([1, ...(layer.outputShape as number[]).slice(1)]);
      }
    } finally {
      model.dispose();
    }
  });

  it("the same seed gives the same weights; another seed gives different ones", async () => {
    const [a, b, c] = await Promise.all([buildArchitecture("lenet5", { seed: 7 }), buildArchitecture("lenet5", { seed: 7 }), buildArchitecture("lenet5", { seed: 8 })]);
    try {
      const values = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
      expect(values(a)).toEqual(values(b));
      expect(values(a)[0]).not.toEqual(values(c)[0]);
      const input = tf.ones([2, 32, 32, 1]);
      const out = a.predict(input) as tf.Tensor;
      expect(out.shape).toEqual([2, 10]);
      expect(Array.from(out.dataSync()).every(Number.isFinite)).toBe(true);
      tf.dispose([input, out]);
    } finally {
      [a, b, c].forEach((m) => m.dispose());
    }
  });

  it("rejects unknown names and bad options with one-line errors", async () => {
    await expect(buildArchitecture("resnet19")).rejects.toThrow(UnknownArchitectureError);
    expect(() => architectureTopology("lenet5", { numClasses: 0 })).toThrow(/numClasses must be a positive integer/);
    expect(() => architectureTopology("lenet5", { inputShape: [32, 32] as unknown as [number, number, number] })).toThrow(/inputShape/);
  });
});
