/**
 * Run-length encoded binary masks, bit-compatible with cocoapi's maskApi.c: column-major counts that
 * alternate background/foreground runs starting with background. All operations work on the runs,
 * never on materialised masks (except `rleDecode`, for callers that want pixels).
 */
import { MetricInputError } from "../errors.js";

export interface Rle {
  readonly height: number;
  readonly width: number;
  readonly counts: Uint32Array;
}

/** pycocotools' compressed form: LEB128-like, 5 bits per char offset by 48, counts after the 3rd delta-coded. */
export function rleFromString(counts: string, height: number, width: number): Rle {
  const out = new Uint32Array(counts.length);
  let m = 0;
  let p = 0;
  while (p < counts.length) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= counts.length) throw new MetricInputError(`malformed RLE counts string: ends inside a value at character ${p}`);
      const code = counts.charCodeAt(p);
      if (code < 48 || code > 111) throw new MetricInputError(`malformed RLE counts string: character ${JSON.stringify(counts[p])} at ${p} is outside '0'..'o'`);
      const c = code - 48;
      x += (c & 0x1f) * 2 ** (5 * k);
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && (c & 0x10) !== 0) x -= 2 ** (5 * k);
      if (k > 7) throw new MetricInputError(`malformed RLE counts string: value longer than 7 characters at ${p}`);
    }
    if (m > 2) x += out[m - 2];
    if (x < 0 || x > 0xffffffff) throw new MetricInputError(`malformed RLE counts string: run ${m} decodes to ${x}`);
    out[m++] = x;
  }
  return checkedRle(out.slice(0, m), height, width);
}

export function rleToString(rle: Rle): string {
  const parts: number[] = [];
  const cnts = rle.counts;
  for (let i = 0; i < cnts.length; i++) {
    let x = cnts[i] - (i > 2 ? cnts[i - 2] : 0);
    let more = true;
    while (more) {
      let c = ((x % 32) + 32) % 32; // low 5 bits of a two's-complement value
      x = Math.floor(x / 32); // arithmetic shift right
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      parts.push(c + 48);
    }
  }
  let s = "";
  for (let i = 0; i < parts.length; i += 8192) s += String.fromCharCode(...parts.slice(i, i + 8192));
  return s;
}

/** Uncompressed RLE ({size, counts: number[]}): counts kept as given, like frUncompressedRLE. */
export function rleFromCounts(counts: ArrayLike<number>, height: number, width: number): Rle {
  const out = new Uint32Array(counts.length);
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (typeof c !== "number" || !Number.isInteger(c) || c < 0 || c > 0xffffffff) {
      throw new MetricInputError(`malformed RLE counts: element ${i} is ${String(c)}, expected a non-negative integer`);
    }
    out[i] = c;
  }
  return checkedRle(out, height, width);
}

function checkedRle(counts: Uint32Array, height: number, width: number): Rle {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  if (total !== height * width) {
    throw new MetricInputError(`malformed RLE: counts cover ${total} pixels but size ${height}x${width} has ${height * width}`);
  }
  return { height, width, counts };
}

export function rleArea(rle: Rle): number {
  let a = 0;
  for (let j = 1; j < rle.counts.length; j += 2) a += rle.counts[j];
  return a;
}

/** [x, y, w, h] of the runs' extent, with maskApi's rleToBbox arithmetic (uint wrap-around included). */
export function rleToBbox(rle: Rle): [number, number, number, number] {
  const h = rle.height;
  const w = rle.width;
  const m = rle.counts.length - (rle.counts.length % 2);
  if (m === 0) return [0, 0, 0, 0];
  let xs = w, ys = h, xe = 0, ye = 0, cc = 0, xp = 0;
  for (let j = 0; j < m; j++) {
    cc = (cc + rle.counts[j]) >>> 0;
    const t = (cc - (j % 2)) >>> 0;
    const y = t % h;
    const x = (t - y) / h;
    if (j % 2 === 0) xp = x;
    else if (xp < x) {
      ys = 0;
      ye = h - 1;
    }
    if (x < xs) xs = x;
    if (x > xe) xe = x;
    if (y < ys) ys = y;
    if (y > ye) ye = y;
  }
  return [xs, ys, xe - xs + 1, ye - ys + 1];
}

/** Union of masks of one size (rleMerge with intersect=0): canonical runs, zero-length runs folded. */
export function rleMerge(rles: readonly Rle[]): Rle {
  if (rles.length === 0) throw new MetricInputError("cannot merge an empty list of masks");
  const h = rles[0].height;
  const w = rles[0].width;
  if (rles.length === 1) return rles[0];
  let cur = rles[0].counts;
  for (let i = 1; i < rles.length; i++) {
    const B = rles[i];
    if (B.height !== h || B.width !== w) throw new MetricInputError(`cannot merge masks of sizes ${h}x${w} and ${B.height}x${B.width}`);
    const A = cur;
    const out: number[] = [];
    let ca = A[0], cb = B.counts[0];
    let v = false, va = false, vb = false;
    let a = 1, b = 1, cc = 0, ct = 1;
    while (ct > 0) {
      const c = ca < cb ? ca : cb;
      cc += c;
      ct = 0;
      ca -= c;
      if (!ca && a < A.length) { ca = A[a++]; va = !va; }
      ct += ca;
      cb -= c;
      if (!cb && b < B.counts.length) { cb = B.counts[b++]; vb = !vb; }
      ct += cb;
      const vp: boolean = v;
      v = va || vb;
      if (v !== vp || ct === 0) { out.push(cc); cc = 0; }
    }
    cur = Uint32Array.from(out);
  }
  return { height: h, width: w, counts: cur };
}

/** maskApi bbIou for one pair: crowd ground truth divides by the detection's area only. */
export function boxIou(dx: number, dy: number, dw: number, dh: number, gx: number, gy: number, gw: number, gh: number, crowd: boolean): number {
  const iw = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
  if (iw <= 0) return 0;
  const ih = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
  if (ih <= 0) return 0;
  const inter = iw * ih;
  const da = dw * dh;
  return inter / (crowd ? da : da + gw * gh - inter);
}

/**
 * maskApi rleIou for one pair, walking both run lists at once. `dtBox`/`gtBox` are the rleToBbox boxes:
 * like maskApi, pairs whose boxes do not overlap are 0 without walking the runs.
 */
export function rleIou(dt: Rle, gt: Rle, crowd: boolean, dtBox: ArrayLike<number> = rleToBbox(dt), gtBox: ArrayLike<number> = rleToBbox(gt)): number {
  const pre = boxIou(dtBox[0], dtBox[1], dtBox[2], dtBox[3], gtBox[0], gtBox[1], gtBox[2], gtBox[3], crowd);
  if (!(pre > 0)) return pre;
  if (dt.height !== gt.height || dt.width !== gt.width) return -1;
  const A = dt.counts, B = gt.counts;
  const ka = A.length, kb = B.length;
  let ca = A[0], cb = B[0];
  let va = false, vb = false;
  let a = 1, b = 1, inter = 0, union = 0, ct = 1;
  while (ct > 0) {
    const c = ca < cb ? ca : cb;
    if (va || vb) {
      union += c;
      if (va && vb) inter += c;
    }
    ct = 0;
    ca -= c;
    if (!ca && a < ka) { ca = A[a++]; va = !va; }
    ct += ca;
    cb -= c;
    if (!cb && b < kb) { cb = B[b++]; vb = !vb; }
    ct += cb;
  }
  if (inter === 0) union = 1;
  else if (crowd) union = rleArea(dt);
  return inter / union;
}

/** Column-major 0/1 pixels (rleDecode); meant for tests and small masks. */
export function rleDecode(rle: Rle): Uint8Array {
  const out = new Uint8Array(rle.height * rle.width);
  let p = 0;
  let v = 0;
  for (let j = 0; j < rle.counts.length; j++) {
    out.fill(v, p, p + rle.counts[j]);
    p += rle.counts[j];
    v = 1 - v;
  }
  return out;
}

/** Column-major 0/1 pixels to runs (rleEncode). */
export function rleEncode(mask: ArrayLike<number>, height: number, width: number): Rle {
  const n = height * width;
  if (mask.length !== n) throw new MetricInputError(`mask has ${mask.length} pixels, expected ${height}x${width}`);
  const out: number[] = [];
  let prev = 0;
  let c = 0;
  for (let j = 0; j < n; j++) {
    const v = mask[j] ? 1 : 0;
    if (v !== prev) { out.push(c); c = 0; prev = v; }
    c++;
  }
  out.push(c);
  return { height, width, counts: Uint32Array.from(out) };
}
