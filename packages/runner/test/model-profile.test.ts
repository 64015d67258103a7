import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { profileModel } from "../src/model-profile.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

describe("profileModel", () => {
  it("counts the committed LeNet-5 miniature from its ONNX file", () => {
    const profile = profileModel(`${repo}models/fashion-mnist/lenet5.onnx`, [28, 28]);
    expect(profile.error).toBeNull();
    expect(profile.params).toBe(61_706);
    // conv1 5·5·1·6·28² + conv2 5·5·6·16·10² + fc 400·120 + 120·84 + 84·10 (LeNet-5 with padding 2 on 28² inputs)
    expect(profile.macs).toBe(5 * 5 * 6 * 28 * 28 + 5 * 5 * 6 * 16 * 10 * 10 + 400 * 120 + 120 * 84 + 84 * 10);
    expect(profile.counted).toMatch(/^MACs: multiply-accumulates/);
  });

  it("says why when the file cannot be inspected, instead of failing the run", () => {
    const dir = mkdtempSync(join(tmpdir(), "podium-profile-"));
    writeFileSync(join(dir, "junk.onnx"), "not a model");
    const profile = profileModel(join(dir, "junk.onnx"), [28, 28]);
    expect(profile.params).toBeNull();
    expect(profile.error).toMatch(/junk\.onnx/);
  });
});
