import type { ImageSource } from "../core/types.js";
import type { ResolvedPreprocessing } from "./config.js";

/** Where the model input came from: tensor (x, y) = original (x, y) · scale + offset, in pixel-edge coordinates. */
export interface ImageTransform {
  readonly originalWidth: number;
  readonly originalHeight: number;
  readonly inputWidth: number;
  readonly inputHeight: number;
  readonly scaleX: number;
  readonly scaleY: number;
  readonly offsetX: number;
  readonly offsetY: number;
}

/** Resize target and crop/pad window: output pixel (x, y) reads resized pixel (x + left, y + top), `fill` outside. */
export interface GeometryPlan {
  readonly resizeWidth: number;
  readonly resizeHeight: number;
  readonly left: number;
  readonly top: number;
  /** Per source channel (RGB order, or one value for gray), 0..255. */
  readonly fill: readonly number[];
}

export interface DecodedImage {
  readonly data: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3;
}

export interface PreprocessOutput {
  readonly tensor: Float32Array | Uint8Array;
  readonly transform: ImageTransform;
}

/** The subset of sharp's API the kernel uses (sharp is passed in so the kernel can also run in a worker). */
export type SharpLike = (...args: any[]) => any; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Everything that turns an image source into a model input, as ONE self-contained function (no
 * imports, no outer variables): the worker pool ships its source text to worker threads with
 * `createPreprocessKernel.toString()`, so the code tested on the main thread is the code the workers run.
 *
 * Resizing reproduces Pillow's `Image.resize` (Resample.c: separable, antialiased, 22-bit fixed-point
 * coefficients, horizontal pass then vertical, uint8 between passes) and geometry reproduces
 * torchvision/timm eval transforms (Python round-half-even, int() truncation), so tensors match
 * timm's `transforms_imagenet_eval` bit for bit when the decoded pixels match PIL's.
 */
export function createPreprocessKernel() {
  const PRECISION_BITS = 22;
  const ONE = 1 << PRECISION_BITS;

  /** Python's round(): half to even. */
  function roundHalfEven(x: number): number {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
  }

  function bilinear(x: number): number {
    if (x < 0) x = -x;
    return x < 1 ? 1 - x : 0;
  }
  function bicubic(x: number): number {
    const a = -0.5;
    if (x < 0) x = -x;
    if (x < 1) return ((a + 2) * x - (a + 3)) * x * x + 1;
    if (x < 2) return (((x - 5) * x + 8) * x - 4) * a;
    return 0;
  }
  function sinc(x: number): number {
    if (x === 0) return 1;
    x = x * Math.PI;
    return Math.sin(x) / x;
  }
  function lanczos(x: number): number {
    return -3 <= x && x < 3 ? sinc(x) * sinc(x / 3) : 0;
  }
  const FILTERS: Record<string, { fn: (x: number) => number; support: number }> = {
    bilinear: { fn: bilinear, support: 1 },
    bicubic: { fn: bicubic, support: 2 },
    lanczos: { fn: lanczos, support: 3 },
  };

  /** Pillow's precompute_coeffs + normalize_coeffs_8bpc. */
  function coefficients(inSize: number, outSize: number, filter: { fn: (x: number) => number; support: number }) {
    const scale = inSize / outSize;
    const filterScale = scale < 1 ? 1 : scale;
    const support = filter.support * filterScale;
    const kernelSize = Math.ceil(support) * 2 + 1;
    const bounds = new Int32Array(outSize * 2);
    const weights = new Int32Array(outSize * kernelSize);
    const raw = new Float64Array(kernelSize);
    const inverse = 1 / filterScale;
    for (let out = 0; out < outSize; out++) {
      const center = (out + 0.5) * scale;
      let min = Math.trunc(center - support + 0.5);
      if (min < 0) min = 0;
      let max = Math.trunc(center + support + 0.5);
      if (max > inSize) max = inSize;
      max -= min;
      let sum = 0;
      for (let x = 0; x < max; x++) {
        raw[x] = filter.fn((x + min - center + 0.5) * inverse);
        sum += raw[x];
      }
      for (let x = 0; x < max; x++) {
        const k = sum !== 0 ? raw[x] / sum : raw[x];
        weights[out * kernelSize + x] = k < 0 ? Math.trunc(-0.5 + k * ONE) : Math.trunc(0.5 + k * ONE);
      }
      bounds[out * 2] = min;
      bounds[out * 2 + 1] = max;
    }
    return { bounds, weights, kernelSize };
  }

  function clip8(v: number): number {
    if (v >= ONE * 256) return 255;
    if (v <= 0) return 0;
    return v >> PRECISION_BITS; // v < 2^30 here, so the int32 shift is exact
  }

  /** Pillow's NEAREST resize (ImagingScaleAffine: accumulated source coordinate, truncated). */
  function nearestIndices(inSize: number, outSize: number): Int32Array {
    const scale = inSize / outSize;
    const index = new Int32Array(outSize);
    let pos = scale * 0.5;
    for (let i = 0; i < outSize; i++) {
      index[i] = Math.min(Math.trunc(pos), inSize - 1);
      pos += scale;
    }
    return index;
  }

  function resizePil(image: DecodedImage, width: number, height: number, interpolation: string): DecodedImage {
    const { data, channels } = image;
    if (image.width === width && image.height === height) return image;
    if (interpolation === "nearest") {
      const xs = nearestIndices(image.width, width);
      const ys = nearestIndices(image.height, height);
      const out = new Uint8Array(width * height * channels);
      for (let y = 0; y < height; y++) {
        const row = ys[y] * image.width;
        for (let x = 0; x < width; x++) {
          const from = (row + xs[x]) * channels;
          const to = (y * width + x) * channels;
          for (let c = 0; c < channels; c++) out[to + c] = data[from + c];
        }
      }
      return { data: out, width, height, channels };
    }
    const filter = FILTERS[interpolation];
    if (!filter) throw new Error(`unknown interpolation "${interpolation}"`);
    let current = image;
    const vertical = height !== image.height ? coefficients(image.height, height, filter) : undefined;
    // Only the source rows the vertical pass reads need the horizontal pass (Pillow does the same).
    const firstRow = vertical ? vertical.bounds[0] : 0;
    const lastRow = vertical ? vertical.bounds[height * 2 - 2] + vertical.bounds[height * 2 - 1] : image.height;
    if (width !== image.width) {
      const { bounds, weights, kernelSize } = coefficients(image.width, width, filter);
      const rows = lastRow - firstRow;
      const out = new Uint8Array(width * rows * channels);
      const half = ONE / 2;
      for (let y = 0; y < rows; y++) {
        const rowStart = (y + firstRow) * image.width * channels;
        const outRow = y * width * channels;
        for (let x = 0; x < width; x++) {
          const count = bounds[x * 2 + 1];
          const k = x * kernelSize;
          let from = rowStart + bounds[x * 2] * channels;
          const to = outRow + x * channels;
          if (channels === 3) {
            let s0 = half;
            let s1 = half;
            let s2 = half;
            for (let i = 0; i < count; i++, from += 3) {
              const w = weights[k + i];
              s0 += data[from] * w;
              s1 += data[from + 1] * w;
              s2 += data[from + 2] * w;
            }
            out[to] = clip8(s0);
            out[to + 1] = clip8(s1);
            out[to + 2] = clip8(s2);
          } else {
            for (let c = 0; c < channels; c++) {
              let sum = half;
              for (let i = 0; i < count; i++) sum += data[from + i * channels + c] * weights[k + i];
              out[to + c] = clip8(sum);
            }
          }
        }
      }
      current = { data: out, width, height: rows, channels };
    } else if (vertical) {
      current = { data: data.subarray(firstRow * image.width * channels, lastRow * image.width * channels), width, height: lastRow - firstRow, channels };
    }
    if (!vertical) return current;
    const { bounds, weights, kernelSize } = vertical;
    const source = current.data;
    const out = new Uint8Array(width * height * channels);
    const stride = width * channels;
    // Row-at-a-time accumulation reads the source sequentially; the sums are the same int32 values as
    // Pillow's per-pixel loop (|sum| < 2^31 for every filter: 255 · Σ|w| · 2^22 stays below it).
    const acc = new Int32Array(stride);
    for (let y = 0; y < height; y++) {
      const min = bounds[y * 2] - firstRow;
      const count = bounds[y * 2 + 1];
      const k = y * kernelSize;
      acc.fill(ONE / 2);
      for (let j = 0; j < count; j++) {
        const w = weights[k + j];
        const row = (min + j) * stride;
        for (let i = 0; i < stride; i++) acc[i] += source[row + i] * w;
      }
      const outRow = y * stride;
      for (let i = 0; i < stride; i++) {
        const v = acc[i];
        out[outRow + i] = v <= 0 ? 0 : v >= ONE * 256 ? 255 : v >> PRECISION_BITS;
      }
    }
    return { data: out, width, height, channels };
  }

  /** torchvision CenterCrop / timm CenterCropOrPad offset along one axis (negative = pad before). */
  function cropOffset(size: number, crop: number): number {
    return size >= crop ? roundHalfEven((size - crop) / 2) : -Math.floor((crop - size) / 2);
  }

  /** timm ResizeKeepRatio: longest = 1 fits the longer side, 0 the shorter. */
  function keepRatio(width: number, height: number, targetWidth: number, targetHeight: number, longest: 0 | 1) {
    const ratioH = height / targetHeight;
    const ratioW = width / targetWidth;
    const ratio = longest ? Math.max(ratioH, ratioW) : Math.min(ratioH, ratioW);
    return { width: roundHalfEven(width / ratio), height: roundHalfEven(height / ratio) };
  }

  function planGeometry(width: number, height: number, config: ResolvedPreprocessing): GeometryPlan {
    const targetW = config.width;
    const targetH = config.height;
    const zeros = new Array(config.channels).fill(0);
    if (config.cropMode === "letterbox") {
      const r = Math.min(targetH / height, targetW / width);
      const resizeWidth = roundHalfEven(width * r);
      const resizeHeight = roundHalfEven(height * r);
      const centred = config.letterboxAlign === "center";
      // YOLOv5's letterbox(): round(dw - 0.1) puts the odd pixel of padding at the right/bottom.
      const left = centred ? roundHalfEven((targetW - resizeWidth) / 2 - 0.1) : 0;
      const top = centred ? roundHalfEven((targetH - resizeHeight) / 2 - 0.1) : 0;
      return { resizeWidth, resizeHeight, left: left === 0 ? 0 : -left, top: top === 0 ? 0 : -top, fill: config.padValue };
    }
    const scaleW = Math.floor(targetW / config.cropPct);
    const scaleH = Math.floor(targetH / config.cropPct);
    let resizeWidth: number;
    let resizeHeight: number;
    let fill = zeros;
    if (config.cropMode === "squash") {
      resizeWidth = scaleW;
      resizeHeight = scaleH;
    } else if (config.cropMode === "border") {
      ({ width: resizeWidth, height: resizeHeight } = keepRatio(width, height, scaleW, scaleH, 1));
      fill = config.mean.map((m) => roundHalfEven(255 * m));
      if (config.valueRange === "0-255") fill = config.mean.map((m) => roundHalfEven(m));
      if (config.channelOrder === "BGR") fill = [...fill].reverse();
    } else if (scaleW === scaleH) {
      // torchvision Resize(int): shorter side to the size, longer side int(size * long / short).
      const size = scaleW;
      if (width <= height) {
        resizeWidth = size;
        resizeHeight = Math.trunc((size * height) / width);
      } else {
        resizeHeight = size;
        resizeWidth = Math.trunc((size * width) / height);
      }
    } else {
      ({ width: resizeWidth, height: resizeHeight } = keepRatio(width, height, scaleW, scaleH, 0));
    }
    return { resizeWidth, resizeHeight, left: cropOffset(resizeWidth, targetW), top: cropOffset(resizeHeight, targetH), fill };
  }

  function transformOf(width: number, height: number, plan: GeometryPlan, config: ResolvedPreprocessing): ImageTransform {
    return {
      originalWidth: width,
      originalHeight: height,
      inputWidth: config.width,
      inputHeight: config.height,
      scaleX: plan.resizeWidth / width,
      scaleY: plan.resizeHeight / height,
      offsetX: 0 - plan.left,
      offsetY: 0 - plan.top,
    };
  }

  /** Pillow's RGB → L: ITU-R 601-2 luma in 16-bit fixed point. */
  function toGray(image: DecodedImage): DecodedImage {
    if (image.channels === 1) return image;
    const n = image.width * image.height;
    const out = new Uint8Array(n);
    const d = image.data;
    for (let i = 0; i < n; i++) out[i] = (d[i * 3] * 19595 + d[i * 3 + 1] * 38470 + d[i * 3 + 2] * 7471 + 0x8000) >>> 16;
    return { data: out, width: image.width, height: image.height, channels: 1 };
  }

  function toRgb(image: DecodedImage): DecodedImage {
    if (image.channels === 3) return image;
    const n = image.width * image.height;
    const out = new Uint8Array(n * 3);
    for (let i = 0; i < n; i++) out[i * 3] = out[i * 3 + 1] = out[i * 3 + 2] = image.data[i];
    return { data: out, width: image.width, height: image.height, channels: 3 };
  }

  /**
   * Crop/pad window, channel order, layout and value mapping in one pass. Float values follow
   * torchvision exactly in float32: ToTensor (x / 255), then Normalize ((t − mean) / std).
   */
  function toTensor(resized: DecodedImage, plan: GeometryPlan, config: ResolvedPreprocessing): Float32Array | Uint8Array {
    const { width: W, height: H, channels: C } = config;
    const plane = W * H;
    const float = config.dtype === "float32";
    const out = float ? new Float32Array(plane * C) : new Uint8Array(plane * C);
    const mean = config.mean.map(Math.fround);
    const std = config.std.map(Math.fround);
    const unit = config.valueRange === "0-1";
    const normalise = mean.some((m) => m !== 0) || std.some((s) => s !== 1);
    const lut: Float32Array[] = [];
    for (let c = 0; c < C; c++) {
      const table = new Float32Array(256);
      for (let v = 0; v < 256; v++) {
        const t = unit ? Math.fround(v / 255) : v;
        table[v] = normalise ? Math.fround(Math.fround(t - mean[c]) / std[c]) : t;
      }
      lut.push(table);
    }
    const nchw = config.layout === "NCHW";
    const bgr = config.channelOrder === "BGR" && C === 3;
    const src = resized.data;
    const rw = resized.width;
    // Columns [x0, x1) of each output row read the resized image; the rest is fill.
    const x0 = Math.min(W, Math.max(0, -plan.left));
    const x1 = Math.max(x0, Math.min(W, rw - plan.left));
    const xStride = nchw ? 1 : C;
    for (let c = 0; c < C; c++) {
      const from = bgr ? 2 - c : c;
      const table = lut[c];
      const fill = float ? table[plan.fill[from]] : plan.fill[from];
      for (let y = 0; y < H; y++) {
        const sy = y + plan.top;
        let at = nchw ? c * plane + y * W : y * W * C + c;
        if (sy < 0 || sy >= resized.height) {
          for (let x = 0; x < W; x++, at += xStride) out[at] = fill;
          continue;
        }
        let x = 0;
        for (; x < x0; x++, at += xStride) out[at] = fill;
        let read = (sy * rw + x0 + plan.left) * C + from;
        if (float) for (; x < x1; x++, at += xStride, read += C) out[at] = table[src[read]];
        else for (; x < x1; x++, at += xStride, read += C) out[at] = src[read];
        for (; x < W; x++, at += xStride) out[at] = fill;
      }
    }
    return out;
  }

  /**
   * Pillow's CMYK → RGB (Convert.c cmyk2rgb: no colour management, R = (255 − K) − C·(255 − K)/255 with
   * its rounding). libvips would convert through an ICC profile and give very different colours.
   */
  function cmykToRgb(decoded: { data: Uint8Array; info: { width: number; height: number; channels: number } }): DecodedImage {
    const { data, info } = decoded;
    if (info.channels !== 4) throw new Error(`CMYK image decoded to ${info.channels} channels`);
    const n = info.width * info.height;
    const out = new Uint8Array(n * 3);
    const mulDiv255 = (a: number, b: number) => {
      const t = a * b + 128;
      return ((t >> 8) + t) >> 8;
    };
    for (let i = 0; i < n; i++) {
      const nk = 255 - data[i * 4 + 3];
      for (let c = 0; c < 3; c++) {
        const v = nk - mulDiv255(data[i * 4 + c], nk);
        out[i * 3 + c] = v < 0 ? 0 : v > 255 ? 255 : v;
      }
    }
    return { data: out, width: info.width, height: info.height, channels: 3 };
  }

  /** Colour components in a JPEG's SOF segment (4 = CMYK/YCCK), read from the header without decoding. */
  function jpegComponents(bytes: Uint8Array): number | undefined {
    if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
    let i = 2;
    while (i + 9 < bytes.length) {
      if (bytes[i] !== 0xff) return undefined;
      const marker = bytes[i + 1];
      if (marker === 0xff) {
        i++;
        continue;
      }
      const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
      if (isSof) return bytes[i + 9];
      if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd8)) i += 2;
      else i += 2 + ((bytes[i + 2] << 8) | bytes[i + 3]);
    }
    return undefined;
  }

  /** CMYK needs Pillow's own conversion; JPEG and PNG headers answer without a sharp metadata call (~2 ms). */
  async function isCmyk(sharp: SharpLike, bytes: Uint8Array): Promise<boolean> {
    const components = jpegComponents(bytes);
    if (components !== undefined) return components === 4;
    if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return false;
    return (await sharp(bytes, { ignoreIcc: true }).metadata()).space === "cmyk";
  }

  /** Decodes a source to 8-bit RGB with sharp, strict about truncated files, with Pillow's pixel values. */
  /**
   * libvips keeps its error text in a process-wide buffer, so under concurrency a failure can come
   * back as "Unknown error" or repeated; fall back to our own look at the bytes for a useful message.
   */
  function decodeFailure(name: string, error: unknown, bytes: Uint8Array | undefined): Error {
    let message = String((error as Error)?.message ?? error).replace(/\s+/g, " ").trim();
    message = [...new Set(message.split(/ (?=Vips\w*: )/))].join("; ");
    if (!message || /^unknown error$/i.test(message)) message = bytes ? diagnose(bytes) : "corrupt image (the decoder gave no details)";
    return new Error(`${name}: cannot decode image: ${message}`);
  }

  function diagnose(bytes: Uint8Array): string {
    const n = bytes.length;
    if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xd8) {
      let end = n;
      while (end > 2 && bytes[end - 1] === 0) end--;
      return bytes[end - 2] === 0xff && bytes[end - 1] === 0xd9 ? "corrupt JPEG data" : "truncated JPEG: no end-of-image marker";
    }
    if (n >= 8 && bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) {
      const tail = String.fromCharCode(...bytes.subarray(Math.max(0, n - 12)));
      return tail.includes("IEND") ? "corrupt PNG data" : "truncated PNG: no IEND chunk";
    }
    return "not a decodable image (unknown format or corrupt)";
  }

  async function readSource(source: ImageSource, readFile: (path: string) => Promise<Uint8Array>): Promise<Uint8Array> {
    if (source.kind === "encoded") return source.bytes;
    if (source.kind !== "file") throw new Error("raw pixels have no bytes to read");
    try {
      return await readFile(source.path);
    } catch (error) {
      const code = (error as { code?: string })?.code;
      throw new Error(`${source.path}: cannot decode image: ${code === "ENOENT" ? "missing file" : String((error as Error)?.message ?? error)}`);
    }
  }

  async function decode(sharp: SharpLike, source: ImageSource, failOn: string, readFile: (path: string) => Promise<Uint8Array>): Promise<DecodedImage> {
    if (source.kind === "pixels") {
      const { data, width, height, channels } = source;
      if (data.length !== width * height * channels) throw new Error(`${source.name}: ${data.length} bytes of pixels for ${width}×${height}×${channels}`);
      if (channels === 4) {
        const rgb = new Uint8Array(width * height * 3);
        for (let i = 0; i < width * height; i++) for (let c = 0; c < 3; c++) rgb[i * 3 + c] = data[i * 4 + c];
        return { data: rgb, width, height, channels: 3 };
      }
      return { data, width, height, channels };
    }
    const name = source.kind === "file" ? source.path : source.name;
    const input = await readSource(source, readFile);
    try {
      // Pillow applies no EXIF rotation on open().convert("RGB"); sharp does none unless asked (autoOrient).
      // ignoreIcc: Pillow never applies embedded profiles, so neither do we.
      if (await isCmyk(sharp, input)) {
        return cmykToRgb(await sharp(input, { failOn, ignoreIcc: true }).pipelineColourspace("cmyk").toColourspace("cmyk").raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true }));
      }
      const { data, info } = await sharp(input, { failOn, sequentialRead: true, ignoreIcc: true })
        .toColourspace("srgb")
        .removeAlpha()
        .raw({ depth: "uchar" })
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
      return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
    } catch (error) {
      throw decodeFailure(name, error, input);
    }
  }

  /** Sharp-resized variant (resampler "sharp"): libvips kernels, faster, not bit-identical to Pillow. */
  async function decodeResizedBySharp(sharp: SharpLike, source: ImageSource, config: ResolvedPreprocessing, readFile: (path: string) => Promise<Uint8Array>) {
    const name = source.kind === "file" ? source.path : source.name;
    const input = source.kind === "pixels" ? source.data : await readSource(source, readFile);
    const options: Record<string, unknown> = { failOn: config.failOn, ignoreIcc: true };
    if (source.kind === "pixels") options.raw = { width: source.width, height: source.height, channels: source.channels };
    try {
      const meta = await sharp(input, options).metadata();
      const width = source.kind === "pixels" ? source.width : meta.width;
      const height = source.kind === "pixels" ? source.height : meta.height;
      const plan = planGeometry(width, height, config);
      const kernel = { nearest: "nearest", bilinear: "linear", bicubic: "cubic", lanczos: "lanczos3" }[config.interpolation];
      let pipeline = sharp(input, options).toColourspace("srgb").removeAlpha();
      if (plan.resizeWidth !== width || plan.resizeHeight !== height) {
        pipeline = pipeline.resize(plan.resizeWidth, plan.resizeHeight, { fit: "fill", kernel, fastShrinkOnLoad: false });
      }
      const { data, info } = await pipeline.raw({ depth: "uchar" }).toBuffer({ resolveWithObject: true });
      let image: DecodedImage = { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
      if (config.channels === 1) image = toGray(image);
      return { image, plan, width, height };
    } catch (error) {
      throw decodeFailure(name, error, source.kind === "pixels" ? undefined : input);
    }
  }

  /** `readFile` comes from the host (fs/promises), keeping this function free of imports. */
  async function run(sharp: SharpLike, source: ImageSource, config: ResolvedPreprocessing, readFile: (path: string) => Promise<Uint8Array>): Promise<PreprocessOutput> {
    if (config.resampler === "sharp") {
      const { image, plan, width, height } = await decodeResizedBySharp(sharp, source, config, readFile);
      return { tensor: toTensor(image, plan, config), transform: transformOf(width, height, plan, config) };
    }
    let image = await decode(sharp, source, config.failOn, readFile);
    // Pillow converts the mode first (convert("RGB") / ("L")), then resizes.
    image = config.channels === 1 ? toGray(image) : toRgb(image);
    const plan = planGeometry(image.width, image.height, config);
    const resized = resizePil(image, plan.resizeWidth, plan.resizeHeight, config.interpolation);
    return { tensor: toTensor(resized, plan, config), transform: transformOf(image.width, image.height, plan, config) };
  }

  return { roundHalfEven, resizePil, planGeometry, transformOf, toGray, toRgb, toTensor, decode, run };
}

export type PreprocessKernel = ReturnType<typeof createPreprocessKernel>;
