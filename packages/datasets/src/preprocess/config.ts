import { z } from "zod";

const positiveInt = z.number().int().positive();

/**
 * Model input preprocessing in timm's `pretrained_cfg` vocabulary (input_size, interpolation, mean,
 * std, crop_pct, crop_mode) plus what non-timm models need (channel order, layout, value range,
 * dtype, letterbox). `mean`/`std` are per OUTPUT channel, in the units of `value_range`
 * (timm: 0-1 units; mmdet-style 0-255 models give e.g. mean [123.675, 116.28, 103.53]).
 */
export const preprocessingSchema = z
  .strictObject({
    input_size: z.tuple([z.union([z.literal(1), z.literal(3)]), positiveInt, positiveInt], { error: "[channels (1 or 3), height, width]" }),
    interpolation: z.enum(["nearest", "bilinear", "bicubic", "lanczos"]).default("bilinear"),
    mean: z.array(z.number(), { error: "an array of numbers, one per input channel" }).default([0, 0, 0]),
    std: z.array(z.number().positive(), { error: "an array of positive numbers, one per input channel" }).default([1, 1, 1]),
    crop_pct: z.number({ error: "a number in (0, 1]" }).gt(0, { error: "a number in (0, 1]" }).lte(1, { error: "a number in (0, 1]" }).default(0.875),
    crop_mode: z.enum(["center", "squash", "border", "letterbox"]).default("center"),
    channel_order: z.enum(["RGB", "BGR"]).default("RGB"),
    layout: z.enum(["NCHW", "NHWC"]).default("NCHW"),
    value_range: z.enum(["0-1", "0-255"]).default("0-1"),
    dtype: z.enum(["float32", "uint8"]).default("float32"),
    /** Letterbox padding, 0..255, one value or one per output channel (YOLO uses 114). */
    pad_value: z.union([z.number().min(0).max(255), z.array(z.number().min(0).max(255))]).default(0),
    letterbox_align: z.enum(["center", "top-left"]).default("center"),
    /** "pil": bit-exact Pillow resize in JS (default); "sharp": libvips kernels, faster, differs by a few levels. */
    resampler: z.enum(["pil", "sharp"]).default("pil"),
  })
  .superRefine((cfg, ctx) => {
    const channels = cfg.input_size[0];
    // Defaults are written for RGB; a 1-channel model with default mean/std gets them cut to one value.
    for (const key of ["mean", "std"] as const) {
      const value = cfg[key];
      if (value.length !== channels && !(channels === 1 && value.length === 3 && isUniform(value))) {
        ctx.addIssue({ code: "custom", path: [key], message: `expected an array of ${channels} numbers (one per input channel), got ${value.length}` });
      }
    }
    if (Array.isArray(cfg.pad_value) && cfg.pad_value.length !== channels) {
      ctx.addIssue({ code: "custom", path: ["pad_value"], message: `expected one number or ${channels} numbers, got ${cfg.pad_value.length}` });
    }
    if (cfg.dtype === "uint8") {
      if (cfg.value_range !== "0-255") ctx.addIssue({ code: "custom", path: ["value_range"], message: `uint8 input needs value_range "0-255"` });
      if (cfg.mean.some((m) => m !== 0) || cfg.std.some((s) => s !== 1)) {
        ctx.addIssue({ code: "custom", path: ["mean"], message: "uint8 input cannot be normalised: mean must be 0 and std 1" });
      }
    }
    if (cfg.crop_mode === "letterbox" && cfg.crop_pct !== 1 && cfg.crop_pct !== 0.875) {
      ctx.addIssue({ code: "custom", path: ["crop_pct"], message: "letterbox keeps the whole image: crop_pct must be 1 (or left out)" });
    }
  });

export type PreprocessingConfig = z.input<typeof preprocessingSchema>;

/** Flat, fully defaulted form handed to the kernel (and to worker threads: plain JSON). */
export interface ResolvedPreprocessing {
  readonly channels: 1 | 3;
  readonly height: number;
  readonly width: number;
  readonly interpolation: "nearest" | "bilinear" | "bicubic" | "lanczos";
  readonly cropPct: number;
  readonly cropMode: "center" | "squash" | "border" | "letterbox";
  readonly mean: readonly number[];
  readonly std: readonly number[];
  readonly channelOrder: "RGB" | "BGR";
  readonly layout: "NCHW" | "NHWC";
  readonly valueRange: "0-1" | "0-255";
  readonly dtype: "float32" | "uint8";
  /** Letterbox fill per SOURCE channel (RGB order), 0..255. */
  readonly padValue: readonly number[];
  readonly letterboxAlign: "center" | "top-left";
  readonly resampler: "pil" | "sharp";
  /** sharp's failOn: "truncated" rejects truncated JPEG/PNG (sharp's default, "warning"... is stricter still). */
  readonly failOn: "none" | "truncated" | "error" | "warning";
}

function isUniform(values: readonly number[]): boolean {
  return values.every((v) => v === values[0]);
}

/** Validates (throws zod's error; model manifests format it) and flattens a preprocessing config. */
export function resolvePreprocessing(config: PreprocessingConfig, failOn: ResolvedPreprocessing["failOn"] = "truncated"): ResolvedPreprocessing {
  const cfg = preprocessingSchema.parse(config);
  const [channels, height, width] = cfg.input_size;
  const perChannel = (values: readonly number[]) => (values.length === channels ? [...values] : values.slice(0, channels));
  let pad = Array.isArray(cfg.pad_value) ? [...cfg.pad_value] : new Array<number>(channels).fill(cfg.pad_value);
  if (cfg.channel_order === "BGR" && channels === 3) pad = pad.reverse();
  return {
    channels,
    height,
    width,
    interpolation: cfg.interpolation,
    cropPct: cfg.crop_mode === "letterbox" ? 1 : cfg.crop_pct,
    cropMode: cfg.crop_mode,
    mean: perChannel(cfg.mean),
    std: perChannel(cfg.std),
    channelOrder: cfg.channel_order,
    layout: cfg.layout,
    valueRange: cfg.value_range,
    dtype: cfg.dtype,
    padValue: pad.map(Math.round),
    letterboxAlign: cfg.letterbox_align,
    resampler: cfg.resampler,
    failOn,
  };
}
