import { copyFileSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fashionManifest, nearestMeanOnnx } from "../packages/runner/test/helpers/fashion.js";
import { scaleModel } from "../packages/runner/test/helpers/onnx-classifier.js";
import { writeSegmentationFolder } from "../packages/runner/test/helpers/segmentation-data.js";
import { expectOneLineFailure, podium, repoRoot } from "./helpers.js";

const scratch = mkdtempSync(join(tmpdir(), "podium-eval-"));
const fashion = join(repoRoot, "datasets", "fashion-mnist");
const model = join(scratch, "nearest-mean.onnx");
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(async () => {
  writeFileSync(model, await nearestMeanOnnx());
  // Found beside the model without --manifest.
  writeFileSync(join(scratch, "nearest-mean.podium.json"), JSON.stringify(fashionManifest("nearest-mean.onnx")));
});

// --device cpu: "auto" first tries onnxruntime's WebGPU provider, whose native code prints a Vulkan
// warning on machines without libvulkan (reported to the engines package).
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const mergeable = (r: { metrics: unknown; details: unknown; state: unknown; problems: unknown }) => JSON.stringify([r.metrics, r.details, r.state, r.problems]);

describe("podium eval on the bundled Fashion-MNIST test set", () => {
  it("--json prints the result; --out writes the same result", () => {
    const out = join(scratch, "whole.json");
    const run = podium(["eval", "--device", "cpu", "--model", model, "--dataset", fashion, "--limit", "600", "--batch", "32", "--json", "--out", out]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed.format).toBe("podium-eval-result/1");
    expect(printed.dataset.name).toBe("fashion-mnist-test");
    expect(printed.selection.samplesScored).toBe(600);
    expect(printed.metrics.top1.value).toBeGreaterThan(0.5);
    expect(printed.metrics.top1.interval.method).toBe("wilson");
    expect(readJson(out)).toEqual(printed);
  });

  it("a human summary without --json", () => {
    const run = podium(["eval", "--device", "cpu", "--model", model, "--dataset", fashion, "--limit", "100"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/nearest-mean on fashion-mnist-test: 100 samples scored/);
    expect(run.stdout).toMatch(/top1 .*\[.*\].*Wilson/);
    expect(run.stdout).toMatch(/throughput .* img\/s/);
  });

  it("--shard i/n results merge to exactly the one-shot result", () => {
    const whole = join(scratch, "whole.json");
    if (!existsSync(whole)) podium(["eval", "--device", "cpu", "--model", model, "--dataset", fashion, "--limit", "600", "--batch", "32", "--json", "--out", whole]);
    const files = [0, 1, 2, 3].map((i) => join(scratch, `shard${i}.json`));
    files.forEach((file, i) => {
      const run = podium(["eval", "--device", "cpu", "--model", model, "--dataset", fashion, "--limit", "600", "--shard", `${i}/4`, "--out", file, "--json"]);
      expect(run.status, run.stderr).toBe(0);
    });
    const merged = join(scratch, "merged.json");
    const run = podium(["merge", ...files.reverse(), "--out", merged, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(mergeable(readJson(merged))).toBe(mergeable(readJson(whole)));
    expect(readJson(merged).runs).toHaveLength(4);
  });
});

const lenet = join(repoRoot, "models", "fashion-mnist", "lenet5.onnx");
describe.skipIf(!existsSync(lenet))("podium eval on the committed LeNet-5 (manifest found beside the model)", () => {
  it("top-1/top-5 counts on all 10,000 test images equal what PyTorch measured at training time", () => {
    const run = podium(["eval", "--device", "cpu", "--model", lenet, "--dataset", fashion, "--batch", "64", "--json"]);
    expect(run.status, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout);
    const trained = readJson(join(repoRoot, "models", "fashion-mnist", "training-summary.json")).models.lenet5;
    expect(result.details.topK).toEqual([
      { k: 1, correct: Math.round(trained.test_top1 * trained.test_count), samples: trained.test_count },
      { k: 5, correct: Math.round(trained.test_top5 * trained.test_count), samples: trained.test_count },
    ]);
    expect(result.model.architecture).toBe("LeNet");
  });
});

const selfie = join(repoRoot, ".cache", "models", "selfie");
describe.skipIf(!existsSync(join(selfie, "selfie.json")))("podium eval on a label-map folder with the cached MediaPipe selfie model", () => {
  it("scores, shards and merges; --on-bad-image skip records a truncated image", async () => {
    const dir = mkdtempSync(join(scratch, "seg-"));
    const data = join(dir, "scenes");
    await writeSegmentationFolder(data);
    // A truncated JPEG among the images (with its label map): skipped and recorded, never silent.
    const jpeg = readFileSync(join(data, "images", "scene0.jpg"));
    writeFileSync(join(data, "images", "scene9.jpg"), jpeg.subarray(0, jpeg.length >> 1));
    copyFileSync(join(data, "labels", "scene0.png"), join(data, "labels", "scene9.png"));
    for (const f of ["selfie.json", "selfie.bin"]) copyFileSync(join(selfie, f), join(dir, f));
    writeFileSync(
      join(dir, "selfie.model.json"),
      JSON.stringify({
        format: "podium-model/1",
        task: "semantic-segmentation",
        model: "selfie.json",
        runtime: "tfjs-graph",
        metadata: { name: "MediaPipe selfie", architecture: "MediaPipe", license: "unknown" },
        preprocessing: { input_size: [3, 256, 256], crop_mode: "squash", crop_pct: 1, layout: "NHWC" },
        output: { kind: "probabilities", layout: "NHWC", labels: { space: "person", classes: ["background", "person"] } },
      }),
    );
    const args = ["eval", "--model", join(dir, "selfie.json"), "--manifest", join(dir, "selfie.model.json"), "--dataset", data, "--on-bad-image", "skip", "--resamples", "100", "--json"];
    const whole = podium([...args, "--out", join(dir, "whole.json")]);
    expect(whole.status, whole.stderr).toBe(0);
    const result = JSON.parse(whole.stdout);
    expect(result.selection.samplesScored).toBe(5);
    expect(result.problems.skippedImages.map((s: { id: string }) => s.id)).toEqual(["scene9"]);
    expect(result.metrics.mIoU.interval).toMatchObject({ method: "bootstrap", resamples: 100 });
    for (const i of [0, 1, 2]) expect(podium([...args, "--shard", `${i}/3`, "--out", join(dir, `s${i}.json`)]).status).toBe(0);
    const merged = podium(["merge", ...[0, 1, 2].map((i) => join(dir, `s${i}.json`)), "--json"]);
    expect(merged.status, merged.stderr).toBe(0);
    expect(mergeable(JSON.parse(merged.stdout))).toBe(mergeable(result));
    const failing = podium(args.filter((a) => a !== "skip" && a !== "--on-bad-image"));
    expect(expectOneLineFailure(failing)).toMatch(/scene9\.jpg: /);
  });
});

describe("podium eval and merge fail in one line, writing nothing", () => {
  it("NaN model output: no --out file, not even a temporary one", () => {
    const dir = mkdtempSync(join(scratch, "nan-"));
    const nanModel = join(dir, "nan.onnx");
    writeFileSync(nanModel, scaleModel([1, 28, 28], Number.NaN, ["N", 1, 28, 28]));
    writeFileSync(join(dir, "nan.podium.json"), JSON.stringify(fashionManifest("nan.onnx")));
    const out = join(dir, "result.json");
    const line = expectOneLineFailure(podium(["eval", "--device", "cpu", "--model", nanModel, "--dataset", fashion, "--limit", "10", "--out", out]));
    expect(line).toMatch(/^podium eval: model output 'y' is NaN for sample 0/);
    expect(readdirSync(dir).sort()).toEqual(["nan.onnx", "nan.podium.json"]);
  });

  it("usage errors", () => {
    expect(expectOneLineFailure(podium(["eval", "--device", "cpu", "--model", model, "--dataset", fashion, "--shard", "4/4"]))).toMatch(/--shard 4\/4: need 0 ≤ i < n/);
    expect(expectOneLineFailure(podium(["eval", "--device", "cpu", "--model", model, "--dataset", fashion, "--on-bad-image", "ignore"]))).toMatch(/--on-bad-image must be one of skip, fail/);
    expect(expectOneLineFailure(podium(["eval", "--device", "cpu", "--model", join(scratch, "none.onnx"), "--dataset", fashion]))).toMatch(/no model manifest for .*none\.onnx: pass --manifest/);
    expect(expectOneLineFailure(podium(["eval", "--device", "cpu", "--model", model, "--dataset", join(scratch, "nowhere")]))).toMatch(/nowhere: no such dataset/);
    expect(expectOneLineFailure(podium(["merge"]))).toMatch(/no result files given/);
  });

  it("a malformed shard file is named", () => {
    const bad = join(scratch, "bad.json");
    writeFileSync(bad, JSON.stringify({ format: "podium-eval-result/1" }));
    expect(expectOneLineFailure(podium(["merge", bad]))).toMatch(/^podium merge: .*bad\.json: not a podium eval result: /);
  });
});
