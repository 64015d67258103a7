import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { inspectModelFile, ModelFormatError } from "@podium/graph";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

describe("inspectModelFile", () => {
  it("reads an ONNX file by path", () => {
    const report = inspectModelFile(`${repo}models/torchvision/resnet18.onnx`);
    expect(report.format).toBe("onnx");
    expect(report.totals.trainableParams).toBe(11_689_512);
  });

  it("refuses a graph model whose weight path leaves its folder, without reading it", () => {
    const dir = mkdtempSync(join(tmpdir(), "podium-inspect-file-"));
    const model = join(dir, "model.json");
    writeFileSync(model, JSON.stringify({ format: "graph-model", modelTopology: { node: [] }, weightsManifest: [{ paths: ["../../../etc/passwd"], weights: [] }] }));
    expect(() => inspectModelFile(model)).toThrow(ModelFormatError);
    expect(() => inspectModelFile(model)).toThrow(/weight path '..\/..\/..\/etc\/passwd' leaves the model's folder/);
  });

  it("names the file when it is missing or not JSON", () => {
    expect(() => inspectModelFile("/nonexistent/model.onnx")).toThrow(/\/nonexistent\/model\.onnx: no such file/);
    const dir = mkdtempSync(join(tmpdir(), "podium-inspect-file-"));
    writeFileSync(join(dir, "bad.json"), "{ nope");
    expect(() => inspectModelFile(join(dir, "bad.json"))).toThrow(/bad\.json: not valid JSON/);
  });
});
