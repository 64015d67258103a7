/**
 * Polygon rasterisation exactly as maskApi.c rleFrPoly: vertices upsampled ×5 and rounded with C's
 * truncating (int) cast, boundary walked densely, then downsampled to the pixel grid on x-crossings.
 * Same integer/double operations in the same order, so areas match pycocotools bit for bit.
 */
import { MetricInputError } from "../errors.js";
import { rleMerge, type Rle } from "./rle.js";

/** C's (int) cast of a double on x86-64: truncation; NaN and out-of-range give INT_MIN. */
function cInt(x: number): number {
  if (!(x > -2147483649 && x < 2147483648)) return -2147483648;
  return Math.trunc(x);
}

export function rleFromPolygon(xy: ArrayLike<number>, height: number, width: number): Rle {
  if (xy.length % 2 !== 0 || xy.length < 6) {
    throw new MetricInputError(`polygon has ${xy.length} coordinates; expected an even number, at least 6 (3 points)`);
  }
  for (let i = 0; i < xy.length; i++) {
    if (typeof xy[i] !== "number" || !Number.isFinite(xy[i])) throw new MetricInputError(`polygon coordinate ${i} is ${String(xy[i])}, expected a finite number`);
  }
  const h = height, w = width;
  const scale = 5;
  let k = xy.length / 2;
  const x = new Int32Array(k + 1);
  const y = new Int32Array(k + 1);
  for (let j = 0; j < k; j++) x[j] = cInt(scale * xy[j * 2] + 0.5);
  x[k] = x[0];
  for (let j = 0; j < k; j++) y[j] = cInt(scale * xy[j * 2 + 1] + 0.5);
  y[k] = y[0];
  let m = 0;
  for (let j = 0; j < k; j++) m += Math.max(Math.abs(x[j] - x[j + 1]), Math.abs(y[j] - y[j + 1])) + 1;
  const u = new Int32Array(m);
  const v = new Int32Array(m);
  m = 0;
  for (let j = 0; j < k; j++) {
    let xs = x[j], xe = x[j + 1], ys = y[j], ye = y[j + 1];
    const dx = Math.abs(xe - xs), dy = Math.abs(ys - ye);
    const flip = (dx >= dy && xs > xe) || (dx < dy && ys > ye);
    if (flip) {
      let t = xs; xs = xe; xe = t;
      t = ys; ys = ye; ye = t;
    }
    // dx = dy = 0 gives 0/0 = NaN as in C; the cast below then yields INT_MIN like x86.
    const s = dx >= dy ? (ye - ys) / dx : (xe - xs) / dy;
    if (dx >= dy) {
      for (let d = 0; d <= dx; d++) {
        const t = flip ? dx - d : d;
        u[m] = t + xs;
        v[m] = cInt(ys + s * t + 0.5);
        m++;
      }
    } else {
      for (let d = 0; d <= dy; d++) {
        const t = flip ? dy - d : d;
        v[m] = t + ys;
        u[m] = cInt(xs + s * t + 0.5);
        m++;
      }
    }
  }
  k = m;
  m = 0;
  const bx = new Int32Array(k);
  const by = new Int32Array(k);
  for (let j = 1; j < k; j++) {
    if (u[j] === u[j - 1]) continue;
    let xd = u[j] < u[j - 1] ? u[j] : u[j] - 1;
    xd = (xd + 0.5) / scale - 0.5;
    if (Math.floor(xd) !== xd || xd < 0 || xd > w - 1) continue;
    let yd = v[j] < v[j - 1] ? v[j] : v[j - 1];
    yd = (yd + 0.5) / scale - 0.5;
    if (yd < 0) yd = 0;
    else if (yd > h) yd = h;
    yd = Math.ceil(yd);
    bx[m] = xd;
    by[m] = yd;
    m++;
  }
  k = m;
  const a = new Uint32Array(k + 1);
  for (let j = 0; j < k; j++) a[j] = (Math.imul(bx[j], h) + by[j]) >>> 0;
  a[k++] = (h * w) >>> 0;
  a.sort();
  let p = 0;
  for (let j = 0; j < k; j++) {
    const t = a[j];
    a[j] = (a[j] - p) >>> 0;
    p = t;
  }
  const b = new Uint32Array(k);
  let j = 0;
  m = 0;
  b[m++] = a[j++];
  while (j < k) {
    if (a[j] > 0) b[m++] = a[j++];
    else {
      j++;
      if (j < k) b[m - 1] += a[j++];
    }
  }
  return { height: h, width: w, counts: b.slice(0, m) };
}

/** A multi-polygon object: each polygon rasterised, then their union (annToRLE's frPyObjects + merge). */
export function rleFromPolygons(polygons: readonly ArrayLike<number>[], height: number, width: number): Rle {
  if (polygons.length === 0) throw new MetricInputError("segmentation has no polygons");
  return rleMerge(polygons.map((p) => rleFromPolygon(p, height, width)));
}
