import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseModelManifest, loadModelManifest, resolvePreprocessing } from "@podium/datasets";

const example = (name: string) => JSON.parse(readFileSync(new URL(`../examples/${name}`, import.meta.url), "utf8"));
const clone = <T>(v: T): T => structuredClone(v);

describe("model manifest", () => {
  it("accepts the README's classifier and NanoDet examples and fills defaults", () => {
    const resnet = parseModelManifest(example("resnet50.model.json"), "resnet50.model.json");
    expect(resnet.task).toBe("classification");
    expect(resnet.preprocessing.layout).toBe("NCHW");
    expect(resolvePreprocessing(resnet.preprocessing).cropPct).toBe(0.95);
    const nanodet = parseModelManifest(example("nanodet.model.json"), "nanodet.model.json");
    if (nanodet.task !== "detection" || nanodet.output.head.type !== "distribution") throw new Error("expected a distribution head");
    expect(nanodet.output.head.reg_max).toBe(10);
    expect(nanodet.output.head.nms.class_agnostic).toBe(false);
    expect((nanodet.output.labels.to_dataset as number[]).length).toBe(80);
  });

  const cases: Array<[string, (m: any) => void, string]> = [
    ["mean given as a string", (m) => (m.preprocessing.mean = "0.5"), 'model.json: preprocessing.mean: expected an array of numbers, one per input channel, got "0.5"'],
    ["mean of the wrong length", (m) => (m.preprocessing.mean = [0.5]), "model.json: preprocessing.mean: expected an array of 3 numbers (one per input channel), got 1"],
    ["missing task", (m) => delete m.task, "model.json: task: missing; expected one of"],
    ["unknown task", (m) => (m.task = "regression"), 'model.json: task: expected one of "classification", "detection", "semantic-segmentation", "instance-segmentation", got "regression"'],
    ["bad interpolation", (m) => (m.preprocessing.interpolation = "area"), 'model.json: preprocessing.interpolation: expected "nearest" or "bilinear" or "bicubic" or "lanczos", got "area"'],
    ["crop_pct above 1", (m) => (m.preprocessing.crop_pct = 1.2), "model.json: preprocessing.crop_pct: expected a number in (0, 1], got 1.2"],
    ["input_size not a triple", (m) => (m.preprocessing.input_size = [224, 224]), "model.json: preprocessing.input_size"],
    ["unknown field", (m) => (m.preprocessing.resize = 256), 'model.json: preprocessing: unknown field "resize"'],
    ["missing licence", (m) => delete m.metadata.license, "model.json: metadata.license: missing; expected a non-empty string"],
    ["bad paper URL", (m) => (m.metadata.paper_url = "arxiv 1512.03385"), 'model.json: metadata.paper_url: expected a URL, got "arxiv 1512.03385"'],
    ["bad score kind", (m) => (m.output.scores = "softmax"), 'model.json: output.scores: expected "logits" or "probabilities", got "softmax"'],
  ];
  for (const [what, mutate, message] of cases) {
    it(`one-line error naming the field: ${what}`, () => {
      const manifest = clone(example("resnet50.model.json"));
      mutate(manifest);
      let error: Error | undefined;
      try {
        parseModelManifest(manifest, "model.json");
      } catch (e) {
        error = e as Error;
      }
      expect(error?.name).toBe("ModelManifestError");
      expect(error?.message.startsWith(message)).toBe(true);
      expect(error?.message).not.toContain("\n");
    });
  }

  it("detection head errors name the nested field", () => {
    const m = clone(example("nanodet.model.json"));
    m.output.head.center_offset = 1;
    expect(() => parseModelManifest(m, "nanodet.json")).toThrow(/^nanodet\.json: output\.head\.center_offset: expected 0 or 0\.5, got 1$/);
    const y = clone(example("nanodet.model.json"));
    y.output.head = { type: "yolo-grid", outputs: ["a", "b"], strides: [8, 16], anchors: [[[10, 13]]] };
    expect(() => parseModelManifest(y, "yolo.json")).toThrow("yolo.json: output.head.anchors: expected one anchor list per stride (2), got 1");
    const u = clone(example("nanodet.model.json"));
    u.output.head.type = "anchors";
    expect(() => parseModelManifest(u, "u.json")).toThrow(/^u\.json: output\.head\.type: expected/);
  });

  it("loadModelManifest resolves the model file and refuses paths outside the folder", async () => {
    const dir = await mkdtemp(join(tmpdir(), "manifest-"));
    const m = example("resnet50.model.json");
    await writeFile(join(dir, "model.json"), JSON.stringify(m));
    await expect(loadModelManifest(join(dir, "model.json"))).rejects.toThrow(/resnet50\.onnx: missing file \(referenced by model\.json\)/);
    await copyFile(new URL("../examples/resnet50.model.json", import.meta.url), join(dir, "resnet50.onnx"));
    const loaded = await loadModelManifest(join(dir, "model.json"));
    expect(loaded.modelPath).toBe(join(dir, "resnet50.onnx"));
    await writeFile(join(dir, "evil.json"), JSON.stringify({ ...m, model: "../../etc/passwd" }));
    await expect(loadModelManifest(join(dir, "evil.json"))).rejects.toThrow(/evil\.json: model: path "\.\.\/\.\.\/etc\/passwd" escapes the manifest's folder; refused/);
    await writeFile(join(dir, "broken.json"), "{ nope");
    await expect(loadModelManifest(join(dir, "broken.json"))).rejects.toThrow(/^broken\.json: not valid JSON: /);
  });
});
