import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import sharp from "sharp";
import { createPreprocessKernel, resolvePreprocessing, preprocessImage } from "@podium/datasets";

const kernel = createPreprocessKernel();
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), "utf8"));

describe("Pillow-exact resize", () => {
  const pil = fixture("pil-resize.json");
  const image = { data: Uint8Array.from(pil.rgb), width: pil.width, height: pil.height, channels: 3 as const };
  for (const c of pil.cases as Array<{ filter: string; width: number; height: number; data: number[] }>) {
    it(`${c.filter} ${pil.width}×${pil.height} → ${c.width}×${c.height} equals Pillow 9.4 byte for byte`, () => {
      const out = kernel.resizePil(image, c.width, c.height, c.filter);
      expect(Array.from(out.data)).toEqual(c.data);
    });
  }
  it("RGB → gray equals Pillow's convert('L')", () => {
    expect(Array.from(kernel.toGray(image).data)).toEqual(pil.gray);
  });
});

describe("hand-computed pixels", () => {
  // 4×4 gray image; bilinear 2× reduction in Pillow uses the triangle filter widened ×2: output
  // pixel 0 reads inputs 0,1,2 with weights .75,.75,.25 (÷1.75), pixel 1 reads 1,2,3 with .25,.75,.75.
  // Rows: [0,10,20,30]→[7,23], [40..70]→[47,63], [80..110]→[87,103], [120,130,140,250]→[127,186];
  // (Pillow 9.4 gives the same.) Columns of that: [7,47,87,127]→[36,98], [23,63,103,186]→[52,133].
  const gray = Uint8Array.from([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 250]);
  const source = { kind: "pixels" as const, name: "4x4", data: gray, width: 4, height: 4, channels: 1 as const };

  it("squash-resizes 4×4 to 2×2 bilinear and normalises in float32 like torchvision", async () => {
    const config = { input_size: [1, 2, 2] as [1, number, number], crop_mode: "squash" as const, crop_pct: 1, mean: [0.5], std: [0.25] };
    const { tensor, transform } = await preprocessImage(source, config);
    const f = Math.fround;
    const expected = [36, 52, 98, 133].map((v) => f(f(f(v / 255) - f(0.5)) / f(0.25)));
    expect(Array.from(tensor)).toEqual(expected);
    expect(transform).toEqual({ originalWidth: 4, originalHeight: 4, inputWidth: 2, inputHeight: 2, scaleX: 0.5, scaleY: 0.5, offsetX: 0, offsetY: 0 });
  });

  it("uint8 0-255 output keeps raw values", async () => {
    const { tensor } = await preprocessImage(source, { input_size: [1, 2, 2], crop_mode: "squash", crop_pct: 1, dtype: "uint8", value_range: "0-255", mean: [0], std: [1] });
    expect(tensor).toBeInstanceOf(Uint8Array);
    expect(Array.from(tensor)).toEqual([36, 52, 98, 133]);
  });

  it("channel order and layout: BGR NHWC vs RGB NCHW on a 2×1 RGB image", async () => {
    const rgb = { kind: "pixels" as const, name: "2x1", data: Uint8Array.from([10, 20, 30, 40, 50, 60]), width: 2, height: 1, channels: 3 as const };
    const base = { input_size: [3, 1, 2] as [3, number, number], crop_pct: 1, crop_mode: "squash" as const, dtype: "uint8" as const, value_range: "0-255" as const };
    const nchw = await preprocessImage(rgb, { ...base, layout: "NCHW", channel_order: "RGB" });
    expect(Array.from(nchw.tensor)).toEqual([10, 40, 20, 50, 30, 60]);
    const nhwcBgr = await preprocessImage(rgb, { ...base, layout: "NHWC", channel_order: "BGR" });
    expect(Array.from(nhwcBgr.tensor)).toEqual([30, 20, 10, 60, 50, 40]);
    const scaled = await preprocessImage(rgb, { ...base, dtype: "float32", layout: "NHWC", channel_order: "BGR", mean: [100, 0, 0], std: [2, 1, 1] });
    expect(Array.from(scaled.tensor)).toEqual([(30 - 100) / 2, 20, 10, (60 - 100) / 2, 50, 40]);
  });
});

describe("geometry (timm / torchvision eval transforms)", () => {
  const imagenet = resolvePreprocessing({ input_size: [3, 224, 224], crop_pct: 0.875 });
  it("crop_pct 0.875 at 224: shorter side to 256, centre crop 224 (Python rounding)", () => {
    // 500×375: long side int(256·500/375) = 341; left = round((341−224)/2 = 58.5) = 58 (half to even).
    expect(kernel.planGeometry(500, 375, imagenet)).toEqual({ resizeWidth: 341, resizeHeight: 256, left: 58, top: 16, fill: [0, 0, 0] });
    expect(kernel.planGeometry(375, 500, imagenet)).toEqual({ resizeWidth: 256, resizeHeight: 341, left: 16, top: 58, fill: [0, 0, 0] });
    const transform = kernel.transformOf(500, 375, kernel.planGeometry(500, 375, imagenet), imagenet);
    expect(transform.scaleX * 500 + transform.offsetX).toBeCloseTo(341 - 58, 12);
  });
  it("crop_pct 0.95 → floor(224/0.95) = 235; small images are padded, not stretched", () => {
    const cfg = resolvePreprocessing({ input_size: [3, 224, 224], crop_pct: 0.95 });
    expect(kernel.planGeometry(235, 300, cfg)).toEqual({ resizeWidth: 235, resizeHeight: 300, left: 6, top: 38, fill: [0, 0, 0] });
  });
  it("non-square input: timm ResizeKeepRatio on floor(size / crop_pct) per side, then centre crop", () => {
    // timm: scale (256, 365); ratio = min(375/256, 500/365) → (round(273.75), round(365.0)) = (274, 365);
    // crop 224×320: top = round(25.0) = 25, left = round(22.5) = 22. Checked with the formulas in Python.
    const cfg = resolvePreprocessing({ input_size: [3, 224, 320], crop_pct: 0.875 });
    expect(kernel.planGeometry(500, 375, cfg)).toEqual({ resizeWidth: 365, resizeHeight: 274, left: 22, top: 25, fill: [0, 0, 0] });
  });
  it("border mode fits the longer side and pads with round(255·mean)", () => {
    const cfg = resolvePreprocessing({ input_size: [3, 224, 224], crop_pct: 1, crop_mode: "border", mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
    expect(kernel.planGeometry(500, 375, cfg)).toEqual({ resizeWidth: 224, resizeHeight: 168, left: 0, top: -28, fill: [124, 116, 104] });
  });
  it("letterbox keeps aspect, centres with YOLOv5 rounding, and maps boxes back", () => {
    const cfg = resolvePreprocessing({ input_size: [3, 416, 416], crop_mode: "letterbox", pad_value: 114 });
    const plan = kernel.planGeometry(640, 427, cfg);
    // r = 0.65: 416 × round(277.55) = 278; dh = 69 → top = round(68.9) = 69.
    expect(plan).toEqual({ resizeWidth: 416, resizeHeight: 278, left: 0, top: -69, fill: [114, 114, 114] });
    const t = kernel.transformOf(640, 427, plan, cfg);
    expect((100 * t.scaleY + t.offsetY - t.offsetY) / t.scaleY).toBeCloseTo(100, 12);
    expect(t.offsetY).toBe(69);
  });
});

describe("padding modes fill the right pixels", () => {
  it("letterbox: a 4×2 image in a 4×4 input sits in rows 1-2, pad rows hold pad_value", async () => {
    const rgb = { kind: "pixels" as const, name: "4x2", data: new Uint8Array(4 * 2 * 3).fill(200), width: 4, height: 2, channels: 3 as const };
    const { tensor, transform } = await preprocessImage(rgb, { input_size: [3, 4, 4], crop_mode: "letterbox", pad_value: 114, dtype: "uint8", value_range: "0-255", layout: "NHWC" });
    const rows = [0, 1, 2, 3].map((y) => Array.from(tensor.subarray(y * 12, y * 12 + 12)));
    expect(rows).toEqual([new Array(12).fill(114), new Array(12).fill(200), new Array(12).fill(200), new Array(12).fill(114)]);
    expect(transform).toMatchObject({ scaleX: 1, scaleY: 1, offsetX: 0, offsetY: 1 });
  });

  it("border: pads with round(255·mean), which normalises to ≈ 0", async () => {
    const gray = { kind: "pixels" as const, name: "2x1", data: Uint8Array.from([10, 20]), width: 2, height: 1, channels: 1 as const };
    const { tensor } = await preprocessImage(gray, { input_size: [1, 2, 2], crop_pct: 1, crop_mode: "border", mean: [0.5], std: [0.5], dtype: "float32" });
    const f = Math.fround;
    const norm = (v: number) => f(f(f(v / 255) - f(0.5)) / f(0.5));
    // 2×1 fits 2×2 as 2×1 (longest side), centred with one pad row below (torchvision pads top = (2-1)//2 = 0).
    expect(Array.from(tensor)).toEqual([norm(10), norm(20), norm(128), norm(128)]);
  });
});

describe("end to end against timm's eval transform (Pillow + numpy golden)", () => {
  it("PNG → bicubic, crop_pct 0.875, 32×32, ImageNet mean/std: float32 bit-identical", async () => {
    const golden = fixture("timm-eval.json");
    const bytes = Buffer.from(golden.png_base64, "base64");
    const { tensor } = await preprocessImage(
      { kind: "encoded", name: "golden.png", bytes },
      { input_size: [3, 32, 32], interpolation: "bicubic", crop_pct: 0.875, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    );
    expect(Buffer.from((tensor as Float32Array).buffer).toString("hex")).toBe(golden.float32_hex);
  });
});

describe("end to end on a JPEG encoded by Pillow", () => {
  it("JPEG → bilinear, crop_pct 0.875, 64×64: float32 bit-identical to Pillow decode + timm eval transform", async () => {
    // sharp (libjpeg-turbo) and Pillow decode baseline JPEGs to the same pixels, so the whole pipeline matches.
    const golden = fixture("timm-eval-jpeg.json");
    const { tensor, transform } = await preprocessImage(
      { kind: "encoded", name: "golden.jpg", bytes: Buffer.from(golden.jpeg_base64, "base64") },
      { input_size: [3, 64, 64], interpolation: "bilinear", crop_pct: 0.875, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] },
    );
    expect([transform.scaleX * 120, transform.scaleY * 90]).toEqual(golden.resize);
    expect([-transform.offsetX, -transform.offsetY]).toEqual(golden.crop);
    expect(Buffer.from((tensor as Float32Array).buffer).toString("hex")).toBe(golden.float32_hex);
  });
});

describe("decoding gives Pillow's open().convert('RGB') pixels", () => {
  const golden = fixture("pil-decode.json") as Record<string, { base64: string; rgb_hex: string; width: number; height: number }>;
  for (const [name, g] of Object.entries(golden)) {
    it(name, async () => {
      const bytes = Buffer.from(g.base64, "base64");
      const decoded = await kernel.decode(sharp, { kind: "encoded", name, bytes }, "truncated", async () => bytes);
      expect([decoded.width, decoded.height, decoded.channels]).toEqual([g.width, g.height, 3]);
      expect(Buffer.from(decoded.data).toString("hex")).toBe(g.rgb_hex);
    });
  }
});
