import type { ImageTransform } from "./kernel.js";

/**
 * Maps a box [x1, y1, x2, y2] from model-input pixels back to the original image (inverse of the
 * resize + crop/pad/letterbox), clipped to the image. Coordinates are pixel-edge based, as the
 * transform is: original = (input − offset) / scale.
 */
export function boxToOriginal(box: readonly [number, number, number, number], t: ImageTransform): [number, number, number, number] {
  const clip = (v: number, max: number) => Math.min(Math.max(v, 0), max);
  return [
    clip((box[0] - t.offsetX) / t.scaleX, t.originalWidth),
    clip((box[1] - t.offsetY) / t.scaleY, t.originalHeight),
    clip((box[2] - t.offsetX) / t.scaleX, t.originalWidth),
    clip((box[3] - t.offsetY) / t.scaleY, t.originalHeight),
  ];
}

/** The forward map, original image pixels → model input pixels (not clipped). */
export function boxToInput(box: readonly [number, number, number, number], t: ImageTransform): [number, number, number, number] {
  return [box[0] * t.scaleX + t.offsetX, box[1] * t.scaleY + t.offsetY, box[2] * t.scaleX + t.offsetX, box[3] * t.scaleY + t.offsetY];
}
