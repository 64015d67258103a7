import { describe, it, expect } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { inspectGraphModel, inspectLayersTopology, ModelFormatError } from "@podium/graph";

const b64 = (s: string) => Buffer.from(s).toString("base64");
const dims = (shape: number[]) => ({ dim: shape.map((size) => ({ size: String(size) })) });

describe("TF.js layers models built in the test", () => {
  it("a sequential CNN: params equal tfjs's countParams, shapes equal tfjs's, MACs by hand", () => {
    const model = tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [28, 28, 3], filters: 8, kernelSize: 3, strides: 2, padding: "same", activation: "relu" }),
        tf.layers.batchNormalization(),
        tf.layers.depthwiseConv2d({ kernelSize: 3, padding: "valid", useBias: false }),
        tf.layers.separableConv2d({ filters: 4, kernelSize: 3, padding: "same" }),
        tf.layers.conv2dTranspose({ filters: 2, kernelSize: 2, strides: 2, padding: "valid" }),
        tf.layers.maxPooling2d({ poolSize: 2 }),
        tf.layers.zeroPadding2d({ padding: 1 }),
        tf.layers.averagePooling2d({ poolSize: 3, strides: 1 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 5, activation: "softmax" }),
      ],
    });
    try {
      const report = inspectLayersTopology(model.toJSON(undefined, false) as object, { batch: 3 });
      expect(report.format).toBe("tfjs-layers");
      expect(report.totals.params).toBe(model.countParams());
      expect(report.totals.nonTrainableParams).toBe(16); // BN moving mean + variance of 8 channels
      report.layers.forEach((l, i) => expect(l.outputShape).toEqual([3, ...(model.layers[i].outputShape as number[]).slice(1)]));
      const [conv, , depthwise, separable, transpose] = report.layers;
      expect(conv.macs).toBe(3 * 14 * 14 * 8 * 3 * 3 * 3);
      expect(depthwise.macs).toBe(3 * 12 * 12 * 8 * 9);
      expect(separable.macs).toBe(3 * (12 * 12 * 8 * 9 + 12 * 12 * 4 * 8));
      expect(transpose.macs).toBe(3 * 12 * 12 * 4 * 2 * 2 * 2);
      expect(report.layers[9].macs).toBe(3 * 5 * (12 * 12 * 2)); // transpose 24² → pool 12² → pad 14² → avg-pool 12²
    } finally {
      model.dispose();
    }
  });

  it("a functional model with a shared layer and a merge", () => {
    const input = tf.input({ shape: [16] });
    const shared = tf.layers.dense({ units: 16, name: "shared" });
    const a = shared.apply(input) as tf.SymbolicTensor;
    const b = shared.apply(a) as tf.SymbolicTensor;
    const sum = tf.layers.add().apply([a, b]) as tf.SymbolicTensor;
    const out = tf.layers.dense({ units: 2 }).apply(sum) as tf.SymbolicTensor;
    const model = tf.model({ inputs: input, outputs: out });
    try {
      const report = inspectLayersTopology(model.toJSON(undefined, false) as object);
      expect(report.totals.params).toBe(model.countParams()); // the shared layer's weights count once
      expect(report.layers.filter((l) => l.op === "Dense").map((l) => l.macs)).toEqual([256, 256, 32]);
      expect(report.outputs[0].shape).toEqual([1, 2]);
    } finally {
      model.dispose();
    }
  });

  it("names a layer class it cannot infer and marks what follows unknown", () => {
    const topology = {
      class_name: "Sequential",
      config: { name: "s", layers: [
        { class_name: "Dense", config: { units: 4, batch_input_shape: [null, 3] } },
        { class_name: "MysteryLayer", config: { name: "mystery" } },
        { class_name: "Dense", config: { units: 2, name: "after" } },
      ] },
    };
    const report = inspectLayersTopology(topology);
    expect(report.unknownOps).toEqual([{ name: "mystery", op: "MysteryLayer" }]);
    expect(report.layers[2]).toMatchObject({ outputShape: null, macs: null, unknown: "downstream of unknown MysteryLayer 'mystery'" });
    expect(report.totals.params).toBe(16); // the unknown layer and its successor have unknown input widths
    expect(() => inspectLayersTopology({ format: "layers-model" }, { source: "x.json" })).toThrow(ModelFormatError);
  });
});

describe("TF.js graph models (hand-written GraphDef JSON)", () => {
  const graph = (extra: object[] = []) => ({
    format: "graph-model",
    modelTopology: {
      node: [
        { name: "image", op: "Placeholder", attr: { dtype: { type: "DT_FLOAT" }, shape: { shape: dims([-1, 32, 32, 3]) } } },
        { name: "w", op: "Const", attr: { value: { tensor: { dtype: "DT_FLOAT", tensorShape: dims([3, 3, 3, 16]) } } } },
        { name: "b", op: "Const", attr: { value: { tensor: { dtype: "DT_FLOAT", tensorShape: dims([16]) } } } },
        { name: "w_read", op: "Identity", input: ["w"] },
        { name: "conv", op: "_FusedConv2D", input: ["image", "w_read", "b"], attr: { strides: { list: { i: ["1", "2", "2", "1"] } }, padding: { s: b64("SAME") }, fused_ops: { list: { s: [b64("BiasAdd"), b64("Relu")] } } } },
        { name: "dw", op: "Const", attr: { value: { tensor: { dtype: "DT_FLOAT", tensorShape: dims([3, 3, 16, 1]) } } } },
        { name: "depthwise", op: "DepthwiseConv2dNative", input: ["conv", "dw"], attr: { strides: { list: { i: ["1", "1", "1", "1"] } }, padding: { s: b64("VALID") } } },
        { name: "axes", op: "Const", attr: { value: { tensor: { dtype: "DT_INT32", tensorShape: dims([2]) } } } },
        { name: "mean", op: "Mean", input: ["depthwise", "axes"], attr: { keep_dims: { b: false } } },
        { name: "fc_w", op: "Const", attr: { value: { tensor: { dtype: "DT_FLOAT", tensorShape: dims([16, 10]) } } } },
        { name: "logits", op: "MatMul", input: ["mean", "fc_w"] },
        ...extra,
      ],
    },
    weightsManifest: [{ paths: ["group1-shard1of1.bin"], weights: [
      { name: "w", shape: [3, 3, 3, 16], dtype: "float32" }, { name: "b", shape: [16], dtype: "float32" },
      { name: "dw", shape: [3, 3, 16, 1], dtype: "float32", quantization: { dtype: "uint8", min: 0, scale: 1, original_dtype: "float32" } },
      { name: "axes", shape: [2], dtype: "int32" }, { name: "fc_w", shape: [16, 10], dtype: "float32" },
    ] }],
  });
  /** The shard bytes: float32 w and b, uint8 dw, int32 axes [1, 2], float32 fc_w. */
  const shard = () => {
    const bytes = new Uint8Array(432 * 4 + 16 * 4 + 144 + 8 + 160 * 4);
    const view = new DataView(bytes.buffer);
    view.setInt32(432 * 4 + 16 * 4 + 144, 1, true);
    view.setInt32(432 * 4 + 16 * 4 + 144 + 4, 2, true);
    return bytes;
  };

  it("infers shapes, params (Identity-of-Const weights attributed to their consumer) and MACs, reading int consts from the shard", () => {
    const report = inspectGraphModel(graph(), { weightData: shard(), batch: 2 });
    const byName = Object.fromEntries(report.layers.map((l) => [l.name, l]));
    expect(byName.conv).toMatchObject({ outputShape: [2, 16, 16, 16], params: 432 + 16, macs: 2 * 16 * 16 * 16 * 27 });
    expect(byName.depthwise).toMatchObject({ outputShape: [2, 14, 14, 16], params: 144, macs: 2 * 14 * 14 * 16 * 9 });
    expect(byName.mean.outputShape).toEqual([2, 16]);
    expect(byName.logits).toMatchObject({ outputShape: [2, 10], params: 160, macs: 2 * 160 });
    expect(report.totals.params).toBe(432 + 16 + 144 + 160); // int32 axes are not params
    expect(report.outputs).toEqual([{ name: "logits", shape: [2, 10] }]);
  });

  it("without the shard, the Mean axes are unknown: the Mean node is named, MACs downstream unknown", () => {
    const report = inspectGraphModel(graph());
    expect(report.unknownOps).toEqual([{ name: "mean", op: "Mean" }]);
    expect(report.layers.find((l) => l.name === "logits")).toMatchObject({ macs: null, unknown: "downstream of unknown Mean 'mean'" });
  });

  it("an op it does not know is named", () => {
    const report = inspectGraphModel(graph([{ name: "nms", op: "NonMaxSuppressionV5", input: ["logits"] }]), { weightData: shard() });
    expect(report.unknownOps).toEqual([{ name: "nms", op: "NonMaxSuppressionV5" }]);
    expect(() => inspectGraphModel({ format: "graph-model" }, { source: "g.json" })).toThrow(/^g\.json: not a TF\.js graph model/);
  });
});
