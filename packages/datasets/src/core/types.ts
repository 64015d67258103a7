/** What a dataset's ground truth is for; evaluators and model manifests use the same words. */
export type Task = "classification" | "detection" | "semantic-segmentation" | "instance-segmentation";

/**
 * Where a sample's pixels come from. Readers never decode: they hand out a file path, encoded bytes, or
 * (for IDX-style datasets that store pixels, not files) raw 8-bit pixels, row-major, channels interleaved.
 */
export type ImageSource =
  | { readonly kind: "file"; readonly path: string; readonly width?: number; readonly height?: number }
  | { readonly kind: "encoded"; readonly name: string; readonly bytes: Uint8Array; readonly width?: number; readonly height?: number }
  | {
      readonly kind: "pixels";
      readonly name: string;
      readonly data: Uint8Array;
      readonly width: number;
      readonly height: number;
      readonly channels: 1 | 3 | 4;
    };

/** A box in pixel coordinates of the original image, corners inclusive as the source format states them. */
export interface LabelledBox {
  readonly classIndex: number;
  readonly className: string;
  /** [xmin, ymin, xmax, ymax] as written in the annotation (VOC: 1-based pixel indices). */
  readonly box: readonly [number, number, number, number];
  readonly difficult: boolean;
}

/** One COCO `annotations[]` entry, passed through untouched apart from validation. */
export interface CocoAnnotation {
  readonly id: number;
  readonly image_id: number;
  readonly category_id: number;
  readonly bbox: readonly [number, number, number, number];
  readonly area: number;
  readonly iscrowd: 0 | 1;
  readonly segmentation?: unknown;
  readonly [key: string]: unknown;
}

export type Target =
  | {
      readonly task: "classification";
      /** Index into `Dataset.classes`. */
      readonly label: number;
      /** ImageNet-ReaL: the reassessed label set (may be empty: such images are left out of ReaL accuracy). */
      readonly realLabels?: readonly number[];
    }
  | { readonly task: "detection"; readonly format: "boxes"; readonly objects: readonly LabelledBox[] }
  | {
      readonly task: "detection" | "instance-segmentation";
      readonly format: "coco";
      readonly imageId: number;
      readonly annotations: readonly CocoAnnotation[];
    }
  | {
      readonly task: "semantic-segmentation";
      /** Single-channel label map (value = class index, `ignoreIndex` = not scored). */
      readonly labelMap: ImageSource;
      readonly ignoreIndex: number;
    };

/** The one shape every reader yields. */
export interface Sample<T extends Target = Target> {
  /** Stable id, unique in the dataset (file stem, COCO image id, IDX record index). */
  readonly id: string;
  readonly image: ImageSource;
  readonly target: T;
}

export interface Dataset<T extends Target = Target> {
  readonly name: string;
  readonly task: Task;
  /** Class names; a classification label or box `classIndex` indexes this list. */
  readonly classes: readonly string[];
  /** Number of samples `samples()` yields. */
  readonly size: number;
  /** `sha256:<hex>` over the canonical listing (see core/checksum.ts); report it with every result. */
  readonly checksum: string;
  /** Every file the dataset reads, absolute paths, sorted. */
  files(): AsyncIterable<string>;
  /** Samples in the dataset's canonical order, read lazily (memory bounded by one sample). */
  samples(): AsyncIterable<Sample<T>>;
}
