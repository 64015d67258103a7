import { describe, it, expect } from "vitest";
import { inspectOnnx, parseOnnx, ModelFormatError } from "@podium/graph";
import { model, node, tensor, valueInfo } from "./onnx-encoder.js";

/** conv(3→8, 3×3, pad 1, stride 2, bias) → BN → Relu → MaxPool(3, s2, ceil) → GlobalAveragePool → Flatten → Gemm(8→10). */
function smallCnn() {
  return model({
    nodes: [
      node("Conv", ["x", "w", "b"], ["c"], { kernel_shape: [3, 3], pads: [1, 1, 1, 1], strides: [2, 2] }, { name: "conv" }),
      node("BatchNormalization", ["c", "g", "beta", "mean", "var"], ["bn"], { epsilon: 1e-5 }, { name: "bn" }),
      node("Relu", ["bn"], ["r"], {}, { name: "relu" }),
      node("MaxPool", ["r"], ["p"], { kernel_shape: [3, 3], strides: [2, 2], ceil_mode: 1 }, { name: "pool" }),
      node("GlobalAveragePool", ["p"], ["gap"], {}, { name: "gap" }),
      node("Flatten", ["gap"], ["f"], { axis: 1 }, { name: "flatten" }),
      node("Gemm", ["f", "fc_w", "fc_b"], ["y"], { transB: 1 }, { name: "fc" }),
    ],
    initializers: [
      tensor("w", [8, 3, 3, 3]), tensor("b", [8]), tensor("g", [8]), tensor("beta", [8]), tensor("mean", [8]), tensor("var", [8]),
      tensor("fc_w", [10, 8]), tensor("fc_b", [10]),
    ],
    inputs: [valueInfo("x", ["N", 3, "H", "W"])],
    outputs: [valueInfo("y", ["N", 10])],
  });
}

describe("ONNX inspection of hand-encoded graphs", () => {
  it("parses nodes, attributes, initializer dims/storage, symbolic input dims and the opset", () => {
    const m = parseOnnx(smallCnn());
    expect(m.opsets).toEqual([{ domain: "", version: 13 }]);
    expect(m.inputs[0].shape).toEqual(["N", 3, "H", "W"]);
    expect(m.nodes.map((n) => n.opType)).toEqual(["Conv", "BatchNormalization", "Relu", "MaxPool", "GlobalAveragePool", "Flatten", "Gemm"]);
    expect(m.nodes[0].attributes.get("pads")).toEqual([1, 1, 1, 1]);
    expect(m.nodes[1].attributes.get("epsilon")).toBeCloseTo(1e-5, 10);
    expect(m.initializers[0]).toMatchObject({ name: "w", dims: [8, 3, 3, 3], dataType: 1, storage: "external" });
  });

  it("infers shapes, params, MACs and activations by hand-checked arithmetic (batch 2, 32×32)", () => {
    const r = inspectOnnx(smallCnn(), { batch: 2, inputSize: [32, 32] });
    const byName = Object.fromEntries(r.layers.map((l) => [l.name, l]));
    expect(byName.conv.outputShape).toEqual([2, 8, 16, 16]);
    expect(byName.pool.outputShape).toEqual([2, 8, 8, 8]); // ceil((16-3)/2)+1 = 8 (floor would give 7)
    expect(byName.fc.outputShape).toEqual([2, 10]);
    expect(byName.conv.macs).toBe(2 * 8 * 16 * 16 * 3 * 3 * 3);
    expect(byName.fc.macs).toBe(2 * 8 * 10);
    expect(byName.bn.macs).toBe(0);
    expect(r.totals.params).toBe(216 + 8 + 4 * 8 + 80 + 10);
    expect(r.totals.nonTrainableParams).toBe(16);
    expect(r.totals.trainableParams).toBe(216 + 8 + 16 + 90);
    // input + conv + bn + pool + gap + fc; Relu (in place) and Flatten (a view) add nothing.
    const floats = 2 * (3 * 32 * 32 + 8 * 16 * 16 * 2 + 8 * 8 * 8 + 8 + 10);
    expect(r.totals.activationBytes).toBe(floats * 4);
    expect(r.totals.activationBytesAllOutputs).toBe((floats + 2 * (8 * 16 * 16 + 8)) * 4);
    const t = r.totals.trainingMemory;
    expect(t.totalBytes).toBe(floats * 4 + r.totals.params * 4 + r.totals.trainableParams * 4 * 3); // weights, grads, Adam m and v
  });

  it("without --input-size, symbolic H/W leave conv MACs unknown rather than guessed; the batch defaults to 1", () => {
    const r = inspectOnnx(smallCnn());
    expect(r.batch).toBe(1);
    expect(r.layers[0].outputShape).toEqual([1, 8, "?", "?"]);
    expect(r.layers[0].macs).toBeNull();
    expect(r.totals.macsComplete).toBe(false);
    expect(r.layers.find((l) => l.name === "fc")?.macs).toBe(80); // the fc layer's dims are known
  });

  it("grouped and depthwise Conv, ConvTranspose, auto_pad SAME", () => {
    const r = inspectOnnx(model({
      nodes: [
        node("Conv", ["x", "wg"], ["g"], { group: 4, strides: [1, 1], auto_pad: "SAME_UPPER" }, { name: "grouped" }),
        node("Conv", ["g", "wd"], ["d"], { group: 16, pads: [1, 1, 1, 1], strides: [2, 2] }, { name: "depthwise" }),
        node("ConvTranspose", ["d", "wt"], ["t"], { strides: [2, 2], pads: [1, 1, 1, 1], output_padding: [1, 1] }, { name: "deconv" }),
      ],
      initializers: [tensor("wg", [16, 2, 3, 3]), tensor("wd", [16, 1, 3, 3]), tensor("wt", [16, 4, 3, 3])],
      inputs: [valueInfo("x", [1, 8, 20, 20])],
      outputs: [valueInfo("t", [1, 4, 20, 20])],
    }));
    const [g, d, t] = r.layers;
    expect(g.outputShape).toEqual([1, 16, 20, 20]);
    expect(g.macs).toBe(16 * 20 * 20 * 2 * 9);
    expect(d.outputShape).toEqual([1, 16, 10, 10]);
    expect(d.macs).toBe(16 * 10 * 10 * 9);
    expect(t.outputShape).toEqual([1, 4, 20, 20]); // 2·(10−1) + 1 + 3 − 2 = 20
    expect(t.macs).toBe(16 * 10 * 10 * 4 * 9);
  });

  it("follows the Shape → Gather → Unsqueeze → Concat → Reshape chain and Reshape with 0 and -1", () => {
    const r = inspectOnnx(model({
      nodes: [
        node("Shape", ["x"], ["s"]),
        node("Gather", ["s", "zero"], ["n"], { axis: 0 }),
        node("Unsqueeze", ["n", "axes0"], ["n1"]),
        node("Concat", ["n1", "minus1"], ["target"], { axis: 0 }),
        node("Reshape", ["x", "target"], ["flat"], {}, { name: "flatten_like" }),
        node("Reshape", ["x", "keep_batch"], ["r2"], {}, { name: "zero_minus1" }),
        node("MatMul", ["flat", "m"], ["y"], {}, { name: "matmul" }),
      ],
      initializers: [
        tensor("zero", [], { int64: [0] }), tensor("axes0", [1], { int64: [0] }), tensor("minus1", [1], { int64: [-1] }),
        tensor("keep_batch", [3], { int64: [0, -1, 4] }), tensor("m", [48, 5]),
      ],
      inputs: [valueInfo("x", [3, 3, 4, 4])],
      outputs: [valueInfo("y", [3, 5])],
    }));
    const byName = Object.fromEntries(r.layers.map((l) => [l.name, l]));
    expect(byName.flatten_like.outputShape).toEqual([3, 48]);
    expect(byName.zero_minus1.outputShape).toEqual([3, 12, 4]);
    expect(byName.matmul.outputShape).toEqual([3, 5]);
    expect(byName.matmul.macs).toBe(3 * 5 * 48);
    expect(r.layers.filter((l) => ["Shape", "Gather", "Unsqueeze", "Concat"].includes(l.op)).every((l) => l.activationBytes === 0)).toBe(true);
  });

  it("Resize, Split, Slice, Transpose, Pad, Squeeze, broadcasting Add, Concat", () => {
    const r = inspectOnnx(model({
      nodes: [
        node("Resize", ["x", "", "scales"], ["up"], { mode: "nearest" }, { name: "resize" }),
        node("Split", ["up", "split"], ["a", "b"], { axis: 1 }, { name: "split" }),
        node("Slice", ["a", "starts", "ends", "axes", "steps"], ["s"], {}, { name: "slice" }),
        node("Transpose", ["s"], ["t"], { perm: [0, 2, 3, 1] }, { name: "transpose" }),
        node("Pad", ["b", "pads"], ["p"], {}, { name: "pad" }),
        node("Add", ["p", "bias"], ["added"], {}, { name: "add" }),
        node("ReduceMean", ["added"], ["m"], { axes: [2, 3], keepdims: 0 }, { name: "mean" }),
        node("Squeeze", ["m", "axes0"], ["sq"], {}, { name: "squeeze" }),
        node("Concat", ["b", "b"], ["cat"], { axis: 1 }, { name: "concat" }),
      ],
      initializers: [
        tensor("scales", [4], { float: [1, 1, 2, 2] }), tensor("split", [2], { int64: [2, 6] }),
        tensor("starts", [1], { int64: [1] }), tensor("ends", [1], { int64: [-1] }), tensor("axes", [1], { int64: [3] }), tensor("steps", [1], { int64: [2] }),
        tensor("pads", [8], { int64: [0, 0, 1, 2, 0, 0, 3, 4] }), tensor("bias", [6, 1, 1]), tensor("axes0", [1], { int64: [0] }),
      ],
      inputs: [valueInfo("x", [1, 8, 5, 6])],
      outputs: [valueInfo("cat", [1, 12, 10, 12])],
    }));
    const shapes = Object.fromEntries(r.layers.map((l) => [l.name, l.outputShape]));
    expect(shapes).toEqual({
      resize: [1, 8, 10, 12], split: [1, 2, 10, 12], slice: [1, 2, 10, 5], transpose: [1, 10, 5, 2],
      pad: [1, 6, 14, 18], add: [1, 6, 14, 18], mean: [1, 6], squeeze: [6], concat: [1, 12, 10, 12],
    });
    expect(r.outputs).toEqual([{ name: "cat", shape: [1, 12, 10, 12] }]);
  });

  it("opset 7: Upsample with a floats attribute, Dropout with its mask, LRN, string and float attributes", () => {
    const bytes = model({
      nodes: [
        node("Upsample", ["x"], ["u"], { scales: { floats: [1, 1, 2, 3] }, mode: "nearest" }, { name: "up" }),
        node("LRN", ["u"], ["l"], { size: 5, alpha: 0.0001, beta: 0.75 }, { name: "lrn" }),
        node("Dropout", ["l"], ["d", "mask"], { ratio: 0.5 }, { name: "drop" }),
      ],
      inputs: [valueInfo("x", [1, 2, 4, 4])],
      outputs: [valueInfo("d", [1, 2, 8, 12])],
    }, 7);
    const m = parseOnnx(bytes);
    expect(m.nodes[0].attributes.get("scales")).toEqual([1, 1, 2, 3]);
    expect(m.nodes[0].attributes.get("mode")).toBe("nearest");
    expect(m.nodes[1].attributes.get("beta")).toBeCloseTo(0.75, 7);
    const r = inspectOnnx(bytes);
    expect(r.layers.map((l) => l.outputShape)).toEqual([[1, 2, 8, 12], [1, 2, 8, 12], [1, 2, 8, 12]]);
    expect(r.layers[2].activationBytes).toBe(2 * 8 * 12 * 4); // the mask output is not an activation
    expect(r.layers[2].newMemory).toBe(false);
  });

  it("Expand, Tile, TopK, ArgMax, DepthToSpace, Range", () => {
    const r = inspectOnnx(model({
      nodes: [
        node("Expand", ["x", "target"], ["e"], {}, { name: "expand" }),
        node("Tile", ["x", "reps"], ["t"], {}, { name: "tile" }),
        node("TopK", ["x", "k"], ["values", "indices"], { axis: 1 }, { name: "topk" }),
        node("ArgMax", ["x"], ["a"], { axis: 1, keepdims: 0 }, { name: "argmax" }),
        node("DepthToSpace", ["x"], ["d"], { blocksize: 2 }, { name: "d2s" }),
        node("Range", ["zero", "five", "one"], ["range"], {}, { name: "range" }),
      ],
      initializers: [
        tensor("target", [4], { int64: [3, 1, 1, 1] }), tensor("reps", [4], { int64: [1, 2, 1, 3] }), tensor("k", [1], { int64: [2] }),
        tensor("zero", [], { int64: [0] }), tensor("five", [], { int64: [5] }), tensor("one", [], { int64: [1] }),
      ],
      inputs: [valueInfo("x", [1, 8, 4, 4])],
      outputs: [valueInfo("e", [3, 8, 4, 4])],
    }));
    expect(Object.fromEntries(r.layers.map((l) => [l.name, l.outputShape]))).toEqual({
      expand: [3, 8, 4, 4], tile: [1, 16, 4, 12], topk: [1, 2, 4, 4], argmax: [1, 4, 4], d2s: [1, 2, 8, 8], range: [5],
    });
  });

  it("names an op it cannot infer, marks everything downstream unknown, and never guesses", () => {
    const r = inspectOnnx(model({
      nodes: [
        node("Conv", ["x", "w"], ["c"], { kernel_shape: [1, 1] }, { name: "conv" }),
        node("DeformConv", ["c", "w2"], ["d"], {}, { name: "mystery", domain: "com.example" }),
        node("Relu", ["d"], ["r"], {}, { name: "after" }),
        node("Conv", ["r", "w3"], ["y"], {}, { name: "conv_after" }),
      ],
      initializers: [tensor("w", [4, 3, 1, 1]), tensor("w2", [4, 4, 3, 3]), tensor("w3", [2, 4, 1, 1])],
      inputs: [valueInfo("x", [1, 3, 8, 8])],
      outputs: [valueInfo("y", [1, 2, 8, 8])],
    }));
    expect(r.unknownOps).toEqual([{ name: "mystery", op: "DeformConv" }]);
    expect(r.layers[1].unknown).toBe("op not inferred: DeformConv (domain com.example)");
    expect(r.layers[2].unknown).toBe("downstream of unknown DeformConv 'mystery'");
    expect(r.layers[3]).toMatchObject({ outputShape: null, macs: null, activationBytes: null });
    expect(r.totals.macsComplete).toBe(false);
    expect(r.totals.macs).toBe(4 * 64 * 3);
    expect(r.totals.params).toBe(12 + 144 + 8); // params do not depend on shapes
    expect(r.outputs[0].shape).toBeNull();
  });

  it("a Reshape whose target is computed at run time is named as not inferred", () => {
    const r = inspectOnnx(model({
      nodes: [node("Reshape", ["x", "shape_in"], ["y"], {}, { name: "dynamic" })],
      inputs: [valueInfo("x", [2, 6]), valueInfo("shape_in", [2], 7)],
      outputs: [valueInfo("y", [3, 4])],
    }));
    expect(r.unknownOps).toEqual([{ name: "dynamic", op: "Reshape" }]);
    expect(r.layers[0].unknown).toMatch(/^op not inferred: Reshape \(Reshape target shape \(input 1\) is computed at run time\)/);
  });

  it("rejects non-ONNX and truncated bytes with one-line errors naming the file", () => {
    const json = new TextEncoder().encode('{"format": "graph-model"}');
    expect(() => inspectOnnx(json, { source: "m.onnx" })).toThrow(ModelFormatError);
    expect(() => inspectOnnx(json, { source: "m.onnx" })).toThrow(/^m\.onnx: not .*ONNX model/);
    const bytes = smallCnn();
    const truncated = bytes.subarray(0, bytes.length - 7);
    let message = "";
    try {
      parseOnnx(truncated, "cut.onnx");
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/^cut\.onnx: not a readable ONNX model \(truncated protobuf/);
    expect(message).not.toContain("\n");
    expect(() => parseOnnx(new Uint8Array(0), "empty.onnx")).toThrow(/empty\.onnx: not an ONNX model/);
  });
});
