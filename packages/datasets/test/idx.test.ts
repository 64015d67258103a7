import { describe, it, expect } from "vitest";
import { mkdtemp, writeFile, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { openFashionMnist, openIdxDataset, bundledFashionMnistDir, FASHION_MNIST_CLASSES } from "@podium/datasets";

describe("IDX reader on the bundled Fashion-MNIST test split", () => {
  it("reads 10k 28×28 grayscale images with labels 0..9, first label Ankle boot (9)", async () => {
    const dataset = await openFashionMnist();
    expect(dataset.size).toBe(10_000);
    expect(dataset.classes).toEqual(FASHION_MNIST_CLASSES);
    expect(dataset.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
    const counts = new Array(10).fill(0);
    let first: { label: number; width: number; height: number; bytes: number; id: string } | undefined;
    let n = 0;
    for await (const sample of dataset.samples()) {
      if (sample.target.task !== "classification" || sample.image.kind !== "pixels") throw new Error("wrong sample shape");
      if (!first) first = { label: sample.target.label, width: sample.image.width, height: sample.image.height, bytes: sample.image.data.length, id: sample.id };
      counts[sample.target.label]++;
      n++;
    }
    expect(n).toBe(10_000);
    expect(first).toEqual({ label: 9, width: 28, height: 28, bytes: 784, id: "0" });
    // The test split is balanced: 1000 per class.
    expect(counts).toEqual(new Array(10).fill(1000));
  });

  it("gives the same pixels from gzipped and plain files, and the checksum follows the bytes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "idx-"));
    const images = gunzipSync(await readFile(join(bundledFashionMnistDir(), "t10k-images-idx3-ubyte.gz")));
    const labels = gunzipSync(await readFile(join(bundledFashionMnistDir(), "t10k-labels-idx1-ubyte.gz")));
    await writeFile(join(dir, "img"), images);
    await writeFile(join(dir, "lab"), labels);
    const plain = await openIdxDataset({ images: join(dir, "img"), labels: join(dir, "lab"), classes: FASHION_MNIST_CLASSES });
    const iterator = plain.samples()[Symbol.asyncIterator]();
    const firstPlain = (await iterator.next()).value!;
    await iterator.return!();
    if (firstPlain.image.kind !== "pixels") throw new Error("expected pixels");
    expect(Buffer.from(firstPlain.image.data)).toEqual(images.subarray(16, 16 + 784));
  });
});

describe("IDX errors", () => {
  async function tmpFiles(images: Uint8Array, labels: Uint8Array) {
    const dir = await mkdtemp(join(tmpdir(), "idx-bad-"));
    await writeFile(join(dir, "images"), images);
    await writeFile(join(dir, "labels"), labels);
    return { images: join(dir, "images"), labels: join(dir, "labels"), classes: ["a", "b"] };
  }
  const header = (magic: number[], dims: number[]) => {
    const b = Buffer.alloc(4 + 4 * dims.length);
    b.set(magic, 0);
    dims.forEach((d, i) => b.writeUInt32BE(d, 4 + 4 * i));
    return b;
  };

  it("rejects a bad magic number, naming the file", async () => {
    const files = await tmpFiles(Buffer.from([0x50, 0x4b, 3, 4, 0, 0, 0, 0]), header([0, 0, 8, 1], [1]));
    await expect(openIdxDataset(files)).rejects.toThrow(/images: not an IDX file: magic number 0x504b0304/);
  });

  it("reports truncated image data on one line", async () => {
    const images = Buffer.concat([header([0, 0, 8, 3], [3, 2, 2]), Buffer.alloc(9)]);
    const labels = Buffer.concat([header([0, 0, 8, 1], [3]), Buffer.from([0, 1, 0])]);
    const dataset = await openIdxDataset(await tmpFiles(images, labels));
    const seen: string[] = [];
    await expect(async () => {
      for await (const s of dataset.samples()) seen.push(s.id);
    }).rejects.toThrow(/images: truncated IDX file: header says 3 records, data ends after 2$/);
    expect(seen).toEqual(["0", "1"]);
  });

  it("a cut gzip stream is a one-line error naming the file", async () => {
    const gz = await readFile(join(bundledFashionMnistDir(), "t10k-images-idx3-ubyte.gz"));
    const dir = await mkdtemp(join(tmpdir(), "idx-gz-"));
    await writeFile(join(dir, "cut-images.gz"), gz.subarray(0, 100_000));
    const dataset = await openIdxDataset({ images: join(dir, "cut-images.gz"), labels: join(bundledFashionMnistDir(), "t10k-labels-idx1-ubyte.gz"), classes: FASHION_MNIST_CLASSES });
    let n = 0;
    await expect(async () => {
      for await (const _ of dataset.samples()) n++;
    }).rejects.toThrow(/cut-images\.gz: (cannot read IDX data \(corrupt or truncated gzip\?\): .*|truncated IDX file: .*)$/);
    expect(n).toBeGreaterThan(0);
    expect(n).toBeLessThan(10_000);
  });

  it("rejects mismatched counts and out-of-range labels", async () => {
    const images = Buffer.concat([header([0, 0, 8, 3], [2, 1, 1]), Buffer.from([1, 2])]);
    await expect(openIdxDataset(await tmpFiles(images, Buffer.concat([header([0, 0, 8, 1], [3]), Buffer.from([0, 1, 1])])))).rejects.toThrow(
      /labels: 3 labels for 2 images/,
    );
    const dataset = await openIdxDataset(await tmpFiles(images, Buffer.concat([header([0, 0, 8, 1], [2]), Buffer.from([1, 7])])));
    await expect(async () => {
      for await (const _ of dataset.samples());
    }).rejects.toThrow(/labels: label 7 of record 1 is out of range for 2 classes/);
  });
});
