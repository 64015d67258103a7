import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { countNonFinite, EngineInputError, ModelRejectedError, openModel, validateOnnx } from "@podium/engines";
import { divModel, externalAddModel, hugeInitializerModel, uint8IdentityModel } from "./helpers/onnx-writer.js";
import { tempDir } from "./helpers/paths.js";
import { realModels } from "./helpers/real-models.js";

const limits = { maxTensorBytes: 2 ** 31, maxTotalBytes: 2 ** 33 };

async function expectRejected(path: string, pattern: RegExp): Promise<void> {
  const error = await openModel(path, { device: "cpu" }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelRejectedError);
  const message = (error as Error).message;
  expect(message).not.toContain("\n");
  expect(message.startsWith(path)).toBe(true);
  expect(message).toMatch(pattern);
}

describe("ONNX files are validated before onnxruntime sees them", () => {
  let dir: string;
  let realBytes: Buffer;
  beforeAll(async () => {
    dir = tempDir();
    realBytes = readFileSync((await realModels(["ppocr-cls"]))["ppocr-cls"]!);
  }, 600_000);

  it("accepts the real PP-OCR classifier and sees its ModelProto", () => {
    const summary = validateOnnx(realBytes, "cls.onnx", limits);
    expect(summary.irVersion).toBeGreaterThan(0);
    expect(summary.initializers).toBeGreaterThan(10);
    expect(summary.externalFiles).toEqual([]);
  });

  it("refuses truncated copies of a real model at many cut points", async () => {
    const cuts = [1, 2, 10, 100, 1000, 50_000, Math.floor(realBytes.length / 2), realBytes.length - 1];
    for (const cut of cuts) {
      const file = join(dir, `truncated-${cut}.onnx`);
      writeFileSync(file, realBytes.subarray(0, cut));
      await expectRejected(file, /not (a valid )?(an )?ONNX model/);
    }
  });

  it("refuses random bytes and text", async () => {
    let state = 7;
    const random = Uint8Array.from({ length: 4096 }, () => ((state = (state * 1103515245 + 12345) >>> 0) >>> 24) & 0xff);
    for (const [name, content] of [
      ["random.onnx", random],
      ["text.onnx", new TextEncoder().encode("this is not a model\n")],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, content);
      await expectRejected(file, /ONNX model/);
    }
    const empty = join(dir, "empty.onnx");
    writeFileSync(empty, "");
    await expectRejected(empty, /empty file/);
  });

  it("refuses external-data locations outside the model's folder", async () => {
    const cases: [string, RegExp][] = [
      ["../../etc/passwd", /'\.\.\/\.\.\/etc\/passwd'.*contains '\.\.'/],
      ["/etc/passwd", /is absolute/],
      ["sub/../../escape.bin", /contains '\.\.'/],
    ];
    for (const [i, [location, pattern]] of cases.entries()) {
      const file = join(dir, `external-${i}.onnx`);
      writeFileSync(file, externalAddModel(location));
      await expectRejected(file, pattern);
    }
  });

  it("refuses an external-data symlink that leads outside the folder", async () => {
    const modelDir = join(dir, "symlinked");
    mkdirSync(modelDir);
    const outside = join(dir, "outside.bin");
    writeFileSync(outside, new Uint8Array(12));
    symlinkSync(outside, join(modelDir, "weights.bin"));
    const file = join(modelDir, "model.onnx");
    writeFileSync(file, externalAddModel("weights.bin"));
    await expectRejected(file, /symlink leading outside/);
  });

  it("runs a model whose external data stays inside its folder", async () => {
    const modelDir = join(dir, "inside");
    mkdirSync(modelDir);
    writeFileSync(join(modelDir, "weights.bin"), new Uint8Array(Float32Array.from([10, 20, 30]).buffer));
    const file = join(modelDir, "model.onnx");
    writeFileSync(file, externalAddModel("weights.bin"));
    const engine = await openModel(file, { device: "cpu" });
    const out = await engine.run({ x: { data: Float32Array.from([1, 2, 3]), dims: [3] } });
    expect(Array.from(out.y!.data as Float32Array)).toEqual([11, 22, 33]);
    await engine.dispose();
  });

  it("refuses a declared initializer too large to allocate, without allocating it", async () => {
    const file = join(dir, "huge.onnx");
    writeFileSync(file, hugeInitializerModel());
    await expectRejected(file, /tensor 'w' declares 40000000000 bytes \(dims \[100000, 100000\]\), over the 2147483648-byte limit/);
  });

  it("reports NaN and Inf outputs per output instead of failing", async () => {
    const file = join(dir, "div.onnx");
    writeFileSync(file, divModel());
    const engine = await openModel(file, { device: "cpu" });
    const out = await engine.run({
      a: { data: Float32Array.from([0, 1, -1, 6]), dims: [4] },
      b: { data: Float32Array.from([0, 0, 0, 3]), dims: [4] },
    });
    expect(out.y!.dims).toEqual([4]);
    expect(countNonFinite(out)).toEqual({ y: { nan: 1, inf: 2 } });
    await engine.dispose();
  });

  it("takes uint8 inputs and honours a symbolic batch dim", async () => {
    const file = join(dir, "u8.onnx");
    writeFileSync(file, uint8IdentityModel());
    const engine = await openModel(file, { device: "cpu", threads: 1, graphOptimization: "disabled" });
    expect(engine.describe().inputs).toEqual([{ name: "u", dtype: "uint8", shape: ["batch", 4], layout: "unknown" }]);
    for (const batch of [1, 3]) {
      const data = Uint8Array.from({ length: batch * 4 }, (_, i) => (i * 37) % 256);
      const out = await engine.run({ u: { data, dims: [batch, 4] } });
      expect(out.v!.dtype).toBe("uint8");
      expect(out.v!.dims).toEqual([batch, 4]);
      expect(Array.from(out.v!.data as Uint8Array)).toEqual(Array.from(data));
    }
    await expect(engine.run({ u: { data: new Uint8Array(5), dims: [1, 5] } })).rejects.toThrow(EngineInputError);
    await expect(engine.run({ nope: { data: new Uint8Array(4), dims: [1, 4] } })).rejects.toThrow(/missing input 'u'/);
    await expect(engine.run({ u: { data: new Float32Array(4), dims: [1, 4] } })).rejects.toThrow("input 'u' is uint8: pass a Uint8Array, not a Float32Array");
    await expect(engine.run({ u: { data: new Uint8Array(3), dims: [1, 4] } })).rejects.toThrow(/dims \[1, 4\] \(4 values\) but 3 values were given/);
    await engine.dispose();
  });
});
