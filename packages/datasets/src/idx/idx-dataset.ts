import { access } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { datasetChecksum } from "../core/checksum.js";
import { DatasetError } from "../core/errors.js";
import type { Dataset, Sample, Target } from "../core/types.js";
import { idxRecords, readIdxHeader } from "./idx-format.js";
import { FASHION_MNIST_CLASSES } from "./class-names.js";

type ClassificationTarget = Extract<Target, { task: "classification" }>;

export interface IdxDatasetOptions {
  /** `*-images-idx3-ubyte[.gz]`: N × rows × cols unsigned bytes. */
  readonly images: string;
  /** `*-labels-idx1-ubyte[.gz]`: N unsigned bytes. */
  readonly labels: string;
  readonly classes: readonly string[];
  readonly name?: string;
}

/**
 * An IDX image/label pair as a classification dataset. Samples carry raw grayscale pixels
 * (`image.kind = "pixels"`, 1 channel) with ids "0".."N-1" in file order; both files are streamed.
 */
export async function openIdxDataset(options: IdxDatasetOptions): Promise<Dataset<ClassificationTarget>> {
  const images = resolve(options.images);
  const labels = resolve(options.labels);
  const imageHeader = await readIdxHeader(images);
  const labelHeader = await readIdxHeader(labels);
  if (imageHeader.dims.length !== 3) throw new DatasetError(images, `expected an image file (3 dimensions), got ${imageHeader.dims.length}`);
  if (labelHeader.dims.length !== 1) throw new DatasetError(labels, `expected a label file (1 dimension), got ${labelHeader.dims.length}`);
  const [count, height, width] = imageHeader.dims;
  if (labelHeader.dims[0] !== count) {
    throw new DatasetError(labels, `${labelHeader.dims[0]} labels for ${count} images in ${basename(images)}`);
  }
  const classes = options.classes;
  const checksum = await datasetChecksum(dirname(images), [images, labels], []);
  const name = options.name ?? basename(images).replace(/-images-idx3-ubyte(\.gz)?$/, "");
  return {
    name,
    task: "classification",
    classes,
    size: count,
    checksum,
    async *files() {
      yield* [images, labels].sort();
    },
    async *samples(): AsyncGenerator<Sample<ClassificationTarget>> {
      const labelIterator = idxRecords(labels, labelHeader, 1)[Symbol.asyncIterator]();
      let index = 0;
      try {
        for await (const pixels of idxRecords(images, imageHeader, height * width)) {
          const next = await labelIterator.next();
          // Counts were checked against the headers; a short label file throws inside idxRecords.
          const label = (next.value as Uint8Array)[0];
          if (label >= classes.length) {
            throw new DatasetError(labels, `label ${label} of record ${index} is out of range for ${classes.length} classes`);
          }
          yield {
            id: String(index),
            image: { kind: "pixels", name: `${basename(images)}#${index}`, data: pixels, width, height, channels: 1 },
            target: { task: "classification", label },
          };
          index++;
        }
      } finally {
        await labelIterator.return?.(undefined);
      }
    },
  };
}

/** The repository's bundled `datasets/fashion-mnist` folder (test split, 10k images). */
export function bundledFashionMnistDir(): string {
  return fileURLToPath(new URL("../../../../datasets/fashion-mnist/", import.meta.url));
}

/** Fashion-MNIST from a folder holding the four standard files (gzipped or not). */
export async function openFashionMnist(folder = bundledFashionMnistDir(), split: "test" | "train" = "test"): Promise<Dataset<ClassificationTarget>> {
  const prefix = split === "test" ? "t10k" : "train";
  const pick = async (stem: string) => {
    for (const candidate of [`${stem}.gz`, stem]) {
      try {
        await access(resolve(folder, candidate));
        return resolve(folder, candidate);
      } catch {
        /* try the next spelling */
      }
    }
    throw new DatasetError(resolve(folder, `${stem}.gz`), `Fashion-MNIST ${split} file not found (run datasets/fashion-mnist/prepare.sh)`);
  };
  return openIdxDataset({
    images: await pick(`${prefix}-images-idx3-ubyte`),
    labels: await pick(`${prefix}-labels-idx1-ubyte`),
    classes: FASHION_MNIST_CLASSES,
    name: `fashion-mnist-${split}`,
  });
}
