/** [xmin, ymin, xmax, ymax] in VOC's inclusive pixel coordinates. */
export type VocBox = readonly [number, number, number, number];

/**
 * IoU under the VOC devkit's +1-pixel convention (a box from x=1 to x=1 is one pixel wide), exactly as
 * voc_eval.py computes it, operation for operation, so ties at the threshold fall the same way.
 */
export function vocIoU(a: VocBox, b: VocBox): number {
  const iw = Math.max(Math.min(b[2], a[2]) - Math.max(b[0], a[0]) + 1, 0);
  const ih = Math.max(Math.min(b[3], a[3]) - Math.max(b[1], a[1]) + 1, 0);
  const intersection = iw * ih;
  const union = (a[2] - a[0] + 1) * (a[3] - a[1] + 1) + (b[2] - b[0] + 1) * (b[3] - b[1] + 1) - intersection;
  return intersection / union;
}
