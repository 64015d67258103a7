import { describe, it, expect, beforeAll } from "vitest";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { preprocessStream, preprocessImage, openFashionMnist, PreprocessPool, type Sample } from "@podium/datasets";

const imagenet = { input_size: [3, 64, 64] as [3, number, number], interpolation: "bilinear" as const, crop_pct: 0.875, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
let dir: string;
let files: string[];

/** A real photo-like JPEG: smooth gradients plus noise, encoded by libjpeg. */
async function writeJpeg(path: string, width: number, height: number, seed: number): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < raw.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const p = Math.floor(i / 3);
    raw[i] = ((p % width) * 2 + Math.floor(p / width) + (i % 3) * 60 + (state % 30)) & 255;
  }
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
  await writeFile(path, jpeg);
  return jpeg;
}

const sample = (id: string, path: string): Sample => ({ id, image: { kind: "file", path }, target: { task: "classification", label: 0 } });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "prep-"));
  files = [];
  for (let i = 0; i < 6; i++) {
    const path = join(dir, `img${i}.jpg`);
    await writeJpeg(path, 120 + i * 7, 90 + i * 5, i + 1);
    files.push(path);
  }
  const whole = await writeJpeg(join(dir, "whole.jpg"), 200, 150, 99);
  await writeFile(join(dir, "truncated.jpg"), whole.subarray(0, Math.floor(whole.length * 0.6)));
});

describe("preprocessStream", () => {
  it("yields in input order, and worker threads give the same tensors as the main thread", async () => {
    const samples = files.map((f, i) => sample(String(i), f));
    const pool = new PreprocessPool(2);
    try {
      const viaWorkers: Array<{ id: string; tensor: Float32Array }> = [];
      for await (const r of preprocessStream(samples, imagenet, { workers: pool, concurrency: 3 })) {
        if (r.kind !== "tensor") throw new Error(r.reason);
        viaWorkers.push({ id: r.sample.id, tensor: r.tensor as Float32Array });
      }
      expect(viaWorkers.map((r) => r.id)).toEqual(["0", "1", "2", "3", "4", "5"]);
      for (let i = 0; i < files.length; i++) {
        const direct = await preprocessImage({ kind: "file", path: files[i] }, imagenet);
        expect(viaWorkers[i].tensor.length).toBe(3 * 64 * 64);
        expect(Buffer.from(viaWorkers[i].tensor.buffer).equals(Buffer.from((direct.tensor as Float32Array).buffer))).toBe(true);
      }
    } finally {
      await pool.close();
    }
  });

  it("pulls the input lazily: at most `concurrency` images are in flight ahead of the consumer", async () => {
    let pulled = 0;
    async function* endless() {
      for (let i = 0; ; i++) {
        pulled++;
        yield sample(String(i), files[i % files.length]);
      }
    }
    let consumed = 0;
    for await (const r of preprocessStream(endless(), imagenet, { workers: 0, concurrency: 3 })) {
      expect(r.kind).toBe("tensor");
      consumed++;
      expect(pulled).toBeLessThanOrEqual(consumed + 3);
      if (consumed === 10) break;
    }
    expect(pulled).toBeLessThanOrEqual(13);
  });

  it("a truncated JPEG fails every time, also when many decode at once (libvips' shared error buffer)", async () => {
    const bad = Array.from({ length: 24 }, (_, i) => sample(`bad${i}`, join(dir, "truncated.jpg")));
    const reasons = new Set<string>();
    for await (const r of preprocessStream(bad, imagenet, { workers: 2, concurrency: 12, onBadImage: "skip" })) {
      expect(r.kind).toBe("skipped");
      if (r.kind === "skipped") reasons.add(r.reason.replace(/^.*truncated\.jpg: /, ""));
    }
    for (const reason of reasons) expect(reason).toMatch(/^cannot decode image: (VipsJpeg: premature end of JPEG image|truncated JPEG: no end-of-image marker)$/);
  });

  it("truncated JPEG: 'skip' yields a skip record naming the file; 'fail' throws one line naming it", async () => {
    const samples = [sample("a", files[0]), sample("bad", join(dir, "truncated.jpg")), sample("b", files[1])];
    const records = [];
    for await (const r of preprocessStream(samples, imagenet, { workers: 0, onBadImage: "skip" })) records.push(r);
    expect(records.map((r) => [r.sample.id, r.kind])).toEqual([["a", "tensor"], ["bad", "skipped"], ["b", "tensor"]]);
    const skipped = records[1];
    if (skipped.kind !== "skipped") throw new Error("expected a skip");
    expect(skipped.reason).toMatch(/truncated\.jpg: cannot decode image: .*(truncat|premature|end of)/i);
    expect(skipped.reason).not.toContain("\n");

    const seen: string[] = [];
    let error: Error | undefined;
    try {
      for await (const r of preprocessStream(samples, imagenet, { workers: 0, onBadImage: "fail" })) seen.push(r.sample.id);
    } catch (e) {
      error = e as Error;
    }
    expect(seen).toEqual(["a"]);
    expect(error?.name).toBe("DatasetError");
    expect(error?.message).toMatch(/^\/.*truncated\.jpg: cannot decode image: /);
    expect(error?.message).not.toContain("\n");
  });

  it("a missing file fails with its path", async () => {
    await expect(preprocessImage({ kind: "file", path: join(dir, "nope.jpg") }, imagenet)).rejects.toThrow(/nope\.jpg: cannot decode image: .*(missing|not exist)/i);
  });

  it("raw 28×28 grayscale pixels from IDX preprocess to 1×28×28 (identity) and to 3×32×32", async () => {
    const dataset = await openFashionMnist();
    const first: Sample[] = [];
    for await (const s of dataset.samples()) {
      first.push(s);
      if (first.length === 4) break;
    }
    const identity = { input_size: [1, 28, 28] as [1, number, number], crop_pct: 1, dtype: "uint8" as const, value_range: "0-255" as const, mean: [0], std: [1] };
    const out = [];
    for await (const r of preprocessStream(first, identity, { workers: 2 })) out.push(r);
    expect(out).toHaveLength(4);
    for (let i = 0; i < 4; i++) {
      const r = out[i];
      const image = first[i].image;
      if (r.kind !== "tensor" || image.kind !== "pixels") throw new Error("expected tensors of pixels");
      expect(Array.from(r.tensor)).toEqual(Array.from(image.data));
    }
    const rgb = await preprocessImage(first[0].image, { input_size: [3, 32, 32], crop_pct: 1, crop_mode: "squash", mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    const t = rgb.tensor as Float32Array;
    // Gray replicated to RGB: the three planes are equal.
    expect(Array.from(t.subarray(0, 1024))).toEqual(Array.from(t.subarray(1024, 2048)));
    expect(Math.min(...t)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...t)).toBeLessThanOrEqual(1);
  });

  it("the sharp resampler stays within a few levels of the Pillow-exact one", async () => {
    const cfg = { ...imagenet, dtype: "uint8" as const, value_range: "0-255" as const, mean: [0, 0, 0], std: [1, 1, 1] };
    const pil = await preprocessImage({ kind: "file", path: files[2] }, cfg);
    const vips = await preprocessImage({ kind: "file", path: files[2] }, { ...cfg, resampler: "sharp" });
    let worst = 0;
    let total = 0;
    for (let i = 0; i < pil.tensor.length; i++) {
      const d = Math.abs(pil.tensor[i] - vips.tensor[i]);
      worst = Math.max(worst, d);
      total += d;
    }
    expect(pil.transform).toEqual(vips.transform);
    expect(total / pil.tensor.length).toBeLessThan(3);
    expect(worst).toBeLessThan(40);
  });
});
