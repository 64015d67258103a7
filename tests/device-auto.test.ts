import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { repoRoot } from "./helpers.js";

const model = `${repoRoot}.cache/models/ppocr-cls/ch_ppocr_mobile_v2.0_cls_infer.onnx`;
const hasGpuDevice = existsSync("/dev/nvidia0") || (existsSync("/dev/dri") && readdirSync("/dev/dri").some((n) => n.startsWith("renderD")));

describe("--device auto on a machine without a GPU", () => {
  it.skipIf(hasGpuDevice)("falls back to the CPU silently: the reasons are in info.fallbacks, not native noise on stderr", () => {
    const script = `const { openModel } = await import("@podium/engines"); const e = await openModel(${JSON.stringify(model)}, { device: "auto" }); process.stdout.write(JSON.stringify(e.info));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: repoRoot, encoding: "utf8" });
    expect(child.status).toBe(0);
    expect(child.stderr).toBe("");
    const info = JSON.parse(child.stdout);
    expect(info.backend).toBe("cpu");
    expect(info.fallbacks.find((f: { backend: string }) => f.backend === "webgpu").error).toMatch(/no GPU device/);
    expect(info.fallbacks.find((f: { backend: string }) => f.backend === "cuda").error).toMatch(/no CUDA provider libraries|Failed to load/);
  });
});
