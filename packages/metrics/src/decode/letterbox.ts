import { MetricInputError } from "../errors.js";

/**
 * How an image of srcWidth × srcHeight became the network input of dstWidth × dstHeight:
 * input = source · scale + pad, per axis. Both letterbox and stretch resizes are described this way.
 */
export interface ResizeTransform {
  readonly srcWidth: number;
  readonly srcHeight: number;
  readonly dstWidth: number;
  readonly dstHeight: number;
  readonly scaleX: number;
  readonly scaleY: number;
  /** Pixels of padding left of / above the resized image in the network input. */
  readonly padLeft: number;
  readonly padTop: number;
  /** Size of the resized image inside the input (what the resizer is asked to produce). */
  readonly resizedWidth: number;
  readonly resizedHeight: number;
}

export interface LetterboxOptions {
  /** "center" splits the padding evenly (ultralytics `LetterBox(center=True)`); "top-left" pads right and bottom only. */
  readonly pad: "center" | "top-left";
  /** Allow enlarging images smaller than the input (ultralytics `scaleup`, default true); false caps the scale at 1. */
  readonly scaleUp?: boolean;
}

/** Python's round(): half to even. Ultralytics computes the resized size with it, so ours must match. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function requireSize(value: number, name: string): void {
  if (!Number.isInteger(value) || value <= 0) throw new MetricInputError(`${name} must be a positive integer number of pixels, got ${value}`);
}

/**
 * Aspect-preserving resize plus padding, with ultralytics' arithmetic: scale r = min(dstW/srcW, dstH/srcH)
 * (capped at 1 unless scaleUp), resized size round(src·r), centre padding round(half − 0.1) on the left/top.
 * The mapping uses r itself (not resized/src), as ultralytics' `scale_boxes` does, and the padding actually
 * added (what ultralytics' validator passes as `ratio_pad`); its predictor instead recomputes the padding
 * from src·r, which can differ by one pixel when src·r is far from an integer (e.g. 51·0.64 = 32.64).
 */
export function letterboxTransform(srcWidth: number, srcHeight: number, dstWidth: number, dstHeight: number, options: LetterboxOptions): ResizeTransform {
  requireSize(srcWidth, "source width");
  requireSize(srcHeight, "source height");
  requireSize(dstWidth, "input width");
  requireSize(dstHeight, "input height");
  if (options.pad !== "center" && options.pad !== "top-left") throw new MetricInputError(`letterbox pad must be "center" or "top-left", got ${String(options.pad)}`);
  let scale = Math.min(dstWidth / srcWidth, dstHeight / srcHeight);
  if (options.scaleUp === false) scale = Math.min(scale, 1);
  const resizedWidth = roundHalfEven(srcWidth * scale);
  const resizedHeight = roundHalfEven(srcHeight * scale);
  const center = options.pad === "center";
  // The −0.1 makes an odd total padding put the extra pixel right/bottom, as ultralytics does.
  // (+ 0 turns Math.round(−0.1) = −0 into 0.)
  const padLeft = center ? Math.round((dstWidth - resizedWidth) / 2 - 0.1) + 0 : 0;
  const padTop = center ? Math.round((dstHeight - resizedHeight) / 2 - 0.1) + 0 : 0;
  return { srcWidth, srcHeight, dstWidth, dstHeight, scaleX: scale, scaleY: scale, padLeft, padTop, resizedWidth, resizedHeight };
}

/** Plain resize to the input size, aspect ratio not preserved, no padding. */
export function stretchTransform(srcWidth: number, srcHeight: number, dstWidth: number, dstHeight: number): ResizeTransform {
  requireSize(srcWidth, "source width");
  requireSize(srcHeight, "source height");
  requireSize(dstWidth, "input width");
  requireSize(dstHeight, "input height");
  return {
    srcWidth, srcHeight, dstWidth, dstHeight,
    scaleX: dstWidth / srcWidth, scaleY: dstHeight / srcHeight,
    padLeft: 0, padTop: 0, resizedWidth: dstWidth, resizedHeight: dstHeight,
  };
}

function requireBoxes(boxes: ArrayLike<number>): void {
  if (boxes.length % 4 !== 0) throw new MetricInputError(`boxes: expected a multiple of 4 values (x1, y1, x2, y2 per box), got ${boxes.length}`);
}

/**
 * Boxes (x1, y1, x2, y2 flat) in network-input pixels → original-image pixels: (v − pad) / scale, then,
 * unless `clip` is false, clamped to [0, srcWidth] × [0, srcHeight] (ultralytics `clip_boxes`).
 */
export function boxesToSourceImage(boxes: ArrayLike<number>, transform: ResizeTransform, options: { clip?: boolean } = {}): Float64Array {
  requireBoxes(boxes);
  const clip = options.clip ?? true;
  const { scaleX, scaleY, padLeft, padTop, srcWidth, srcHeight } = transform;
  const out = new Float64Array(boxes.length);
  for (let i = 0; i < boxes.length; i += 4) {
    for (let k = 0; k < 4; k++) {
      const isX = k % 2 === 0;
      const v = isX ? (boxes[i + k] - padLeft) / scaleX : (boxes[i + k] - padTop) / scaleY;
      out[i + k] = clip ? Math.min(Math.max(v, 0), isX ? srcWidth : srcHeight) : v;
    }
  }
  return out;
}

/** Boxes in original-image pixels → network-input pixels: v·scale + pad (the inverse of `boxesToSourceImage` without clipping). */
export function boxesToNetworkInput(boxes: ArrayLike<number>, transform: ResizeTransform): Float64Array {
  requireBoxes(boxes);
  const { scaleX, scaleY, padLeft, padTop } = transform;
  const out = new Float64Array(boxes.length);
  for (let i = 0; i < boxes.length; i += 4) {
    out[i] = boxes[i] * scaleX + padLeft;
    out[i + 1] = boxes[i + 1] * scaleY + padTop;
    out[i + 2] = boxes[i + 2] * scaleX + padLeft;
    out[i + 3] = boxes[i + 3] * scaleY + padTop;
  }
  return out;
}
