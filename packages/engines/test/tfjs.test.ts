import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelRejectedError, openModel, saveLayersModel } from "@podium/engines";
import { tempDir } from "./helpers/paths.js";
import { realModels } from "./helpers/real-models.js";

async function expectRejected(path: string, pattern: RegExp): Promise<void> {
  const error = await openModel(path, { tfjsBackend: "cpu" }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelRejectedError);
  expect((error as Error).message).not.toContain("\n");
  expect((error as Error).message).toMatch(pattern);
}

describe("TF.js models read from disk", () => {
  let dir: string;
  let selfieJson: string;
  beforeAll(async () => {
    dir = tempDir();
    selfieJson = (await realModels(["selfie"])).selfie!;
  }, 600_000);

  it("opens a layers model folder and computes what TF.js computes in memory", async () => {
    const modelDir = join(dir, "layers");
    mkdirSync(modelDir);
    const model = tf.sequential({
      layers: [tf.layers.dense({ inputShape: [4], units: 3, activation: "relu", kernelInitializer: "glorotUniform" }), tf.layers.dense({ units: 2 })],
    });
    expect(await saveLayersModel(model, modelDir)).toBe(join(modelDir, "model.json"));
    const input = Float32Array.from([0.5, -1, 2, 0.25, 1, 1, 1, 1]);
    const expected = Array.from(await (model.predict(tf.tensor(input, [2, 4])) as tf.Tensor).data());

    const engine = await openModel(modelDir, { device: "cpu" });
    const description = engine.describe();
    expect(description.format).toBe("tfjs-layers");
    expect(description.inputs).toHaveLength(1);
    expect(description.inputs[0]!.shape).toEqual(["?", 4]);
    expect(engine.info.engine).toBe("tensorflow.js");
    expect(["wasm", "cpu"]).toContain(engine.info.backend);
    expect(engine.info.fallbacks.map((f) => f.backend)).toEqual(["tensorflow"]);
    const out = await engine.run({ [description.inputs[0]!.name]: { data: input, dims: [2, 4] } });
    const result = Object.values(out)[0]!;
    expect(result.dims).toEqual([2, 2]);
    Array.from(result.data as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
    await engine.dispose();
  });

  it("opens a converted model's folder by its lone .json, and refuses a folder with several", async () => {
    const engine = await openModel(dirname(selfieJson), { tfjsBackend: "wasm" });
    expect(engine.path).toBe(selfieJson);
    await engine.dispose();
    const two = join(dir, "two-jsons");
    mkdirSync(two);
    writeFileSync(join(two, "a.json"), "{}");
    writeFileSync(join(two, "b.json"), "{}");
    await expectRejected(two, /folder has several \.json files \(a\.json, b\.json\)/);
  });

  it("refuses weight paths that leave the model folder", async () => {
    const original = JSON.parse(readFileSync(selfieJson, "utf8"));
    const cases: [string, RegExp][] = [
      ["../selfie.bin", /weight path '\.\.\/selfie\.bin' contains '\.\.'/],
      ["/etc/passwd", /weight path '\/etc\/passwd' is absolute/],
      ["file:///etc/passwd", /is absolute or a URL/],
      ["%2e%2e/selfie.bin", /weight path '%2e%2e\/selfie\.bin' contains '\.\.'/],
      ["%zz.bin", /is not a valid URL path/],
    ];
    for (const [i, [path, pattern]] of cases.entries()) {
      const modelDir = join(dir, `escape-${i}`);
      mkdirSync(modelDir);
      const json = structuredClone(original);
      json.weightsManifest[0].paths = [path];
      writeFileSync(join(modelDir, "model.json"), JSON.stringify(json));
      await expectRejected(join(modelDir, "model.json"), pattern);
    }
    const linkDir = join(dir, "escape-link");
    mkdirSync(linkDir);
    copyFileSync(selfieJson, join(linkDir, "selfie.json"));
    symlinkSync(selfieJson.replace(/\.json$/, ".bin"), join(linkDir, "selfie.bin"));
    await expectRejected(join(linkDir, "selfie.json"), /symlink leading outside/);
  });

  it("refuses weights declared larger than the limit or than the shards hold", async () => {
    const original = JSON.parse(readFileSync(selfieJson, "utf8"));
    const modelDir = join(dir, "huge");
    mkdirSync(modelDir);
    copyFileSync(selfieJson.replace(/\.json$/, ".bin"), join(modelDir, "selfie.bin"));
    const huge = structuredClone(original);
    huge.weightsManifest[0].weights[1].shape = [100000, 100000];
    writeFileSync(join(modelDir, "model.json"), JSON.stringify(huge));
    await expectRejected(join(modelDir, "model.json"), /declares \d+ bytes \(shape \[100000, 100000\]\), over the 2147483648-byte limit/);
    huge.weightsManifest[0].weights[1].shape = [1000, 1000];
    writeFileSync(join(modelDir, "model.json"), JSON.stringify(huge));
    await expectRejected(join(modelDir, "model.json"), /weights declare \d+ bytes but the shards hold only 212886/);
  });

  it("refuses JSON that is not a TF.js model", async () => {
    const file = join(dir, "not-a-model.json");
    writeFileSync(file, JSON.stringify({ hello: "world" }));
    await expectRejected(file, /no modelTopology/);
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{ not json");
    await expectRejected(broken, /not valid JSON/);
  });
});
