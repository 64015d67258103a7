// Runs the real demo models on the demo datasets, decoded by their manifests in models/demo/, and prints
// COCO mAP (detection) and mIoU (person segmentation): a check that the manifests' preprocessing and decoding
// are right, NOT the official runs (those are `podium eval`'s). Optional overlays show what each model saw.
//   node scripts/fetch-models.mjs nanodet centernet selfie meet
//   node scripts/annotation-tools/run-ts.mjs scripts/annotation-tools/sanity-check.ts [--draw DIR] [--variants]
// --variants also scores NanoDet with the alternatives its manifest rules out (cell offset 0; human's RGB/255
// input; NanoDet's mean/std applied to RGB instead of BGR).
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { boxToOriginal, parseModelManifest, preprocessImage, readLabelMap, type ModelManifest } from "@podium/datasets";
import { openModel, type Engine } from "@podium/engines";
import {
  decodeDistributionHead, evaluateCoco, nonMaxSuppression, SegmentationEvaluator,
  type CocoDetection, type CocoGroundTruth, type Detections,
} from "@podium/metrics";

const repo = new URL("../..", import.meta.url).pathname;
const args = process.argv.slice(2);
const drawDir = args.includes("--draw") ? args[args.indexOf("--draw") + 1] : undefined;
if (drawDir) mkdirSync(drawDir, { recursive: true });

const manifestOf = (name: string) => parseModelManifest(JSON.parse(readFileSync(join(repo, "models/demo", `${name}.podium.json`), "utf8")), `${name}.podium.json`);
const modelFile = (name: string, manifest: ModelManifest) => join(repo, ".cache/models", name, manifest.model);
type Outputs = Awaited<ReturnType<Engine["run"]>>;

async function runOn(engine: Engine, manifest: ModelManifest, path: string) {
  const { tensor, transform } = await preprocessImage({ kind: "file", path }, manifest.preprocessing);
  const input = engine.describe().inputs[0];
  const outputs = await engine.run({ [input.name]: { data: tensor, dims: input.shape.map(Number) } } as never);
  return { outputs, transform };
}

/** Boxes in model-input pixels, per the manifest's head. */
function decodeDetections(manifest: Extract<ModelManifest, { task: "detection" }>, outputs: Outputs, offset?: number): Detections {
  const head = manifest.output.head;
  const numClasses = manifest.output.labels.classes!.length;
  if (head.type === "distribution") {
    const [, , inputW] = manifest.preprocessing.input_size;
    const levels = head.strides.map((stride, i) => {
      const side = inputW / stride;
      return { scores: outputs[head.score_outputs[i]].data as Float32Array, boxes: outputs[head.box_outputs[i]].data as Float32Array, gridHeight: side, gridWidth: side, stride };
    });
    const candidates = decodeDistributionHead(levels, {
      numClasses, regMax: head.reg_max, cellCenterOffset: offset ?? head.center_offset, layout: "NHWC",
      scoresActivated: head.scores_activated, scoreThreshold: head.nms.score_threshold,
    });
    return nonMaxSuppression(candidates, { iouThreshold: head.nms.iou_threshold, maxDetections: head.nms.max_detections, mode: head.nms.class_agnostic ? "agnostic" : "class-wise" });
  }
  if (head.type === "decoded" && head.output && head.columns) {
    const rows = outputs[head.output].data as Float32Array;
    const col = (name: string) => head.columns!.indexOf(name as never);
    const width = head.columns.length;
    const count = rows.length / width;
    const boxes = new Float32Array(count * 4);
    const scores = new Float32Array(count);
    const classIds = new Int32Array(count);
    for (let i = 0; i < count; i++) {
      for (const [k, name] of ["x1", "y1", "x2", "y2"].entries()) boxes[4 * i + k] = rows[i * width + col(name)];
      scores[i] = rows[i * width + col("score")];
      classIds[i] = rows[i * width + col("class")];
    }
    return { count, boxes, scores, classIds };
  }
  throw new Error(`sanity-check: head ${head.type} not handled here`);
}

/** An alternative to what a manifest says, scored by --variants to show why the manifest says it. */
interface Variant {
  readonly label: string;
  readonly offset?: 0 | 0.5;
  readonly preprocessing?: Record<string, unknown>;
}

async function detection(name: string, variant?: Variant) {
  const manifest = manifestOf(name);
  if (manifest.task !== "detection") throw new Error(`${name}: not a detection manifest`);
  if (variant?.preprocessing) Object.assign(manifest.preprocessing, variant.preprocessing);
  const gt = JSON.parse(readFileSync(join(repo, "datasets/demo-detection/annotations.json"), "utf8")) as CocoGroundTruth & { images: { id: number; file_name: string }[] };
  const toCategory = manifest.output.labels.to_dataset as number[];
  const engine = await openModel(modelFile(name, manifest));
  const detections: CocoDetection[] = [];
  try {
    for (const image of gt.images) {
      const path = join(repo, "datasets/demo-detection/images", image.file_name);
      const { outputs, transform } = await runOn(engine, manifest, path);
      const found = decodeDetections(manifest, outputs, variant?.offset);
      const drawn: [string, number, number, number, number][] = [];
      for (let i = 0; i < found.count; i++) {
        const [x1, y1, x2, y2] = boxToOriginal([found.boxes[4 * i], found.boxes[4 * i + 1], found.boxes[4 * i + 2], found.boxes[4 * i + 3]], transform);
        const category = toCategory[found.classIds[i]];
        if (category < 0 || x2 <= x1 || y2 <= y1) continue;
        detections.push({ image_id: image.id, category_id: category, score: found.scores[i], bbox: [x1, y1, x2 - x1, y2 - y1] });
        if (found.scores[i] >= 0.3) drawn.push([`${manifest.output.labels.classes![found.classIds[i]]} ${found.scores[i].toFixed(2)}`, x1, y1, x2 - x1, y2 - y1]);
      }
      if (drawDir && !variant) await drawBoxes(path, drawn, join(drawDir, `${name}-${image.file_name.replace(/\.jpg$/, ".png")}`));
    }
  } finally {
    await engine.dispose();
  }
  const result = evaluateCoco(gt, detections, { iouType: "bbox" });
  const label = variant ? `${name} (${variant.label})` : name;
  console.log(`${label}: mAP@[.5:.95] ${result.stats[0].toFixed(3)}  AP50 ${result.stats[1].toFixed(3)}  AP75 ${result.stats[2].toFixed(3)}  AR@100 ${result.stats[8].toFixed(3)}  (${detections.length} detections ≥ ${"nms" in manifest.output.head && manifest.output.head.nms ? manifest.output.head.nms.score_threshold : 0} on ${gt.images.length} images)`);
}

async function drawBoxes(image: string, boxes: [string, number, number, number, number][], out: string) {
  const { width, height } = await sharp(image).metadata();
  const rects = boxes.map(([label, x, y, w, h]) => `<rect x="${x}" y="${y}" width="${w}" height="${h}" fill="none" stroke="#00e5ff" stroke-width="2"/><text x="${x + 3}" y="${y + 14}" font-size="13" fill="#00e5ff" stroke="black" stroke-width="0.5">${label}</text>`);
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects.join("")}</svg>`;
  await sharp(image).composite([{ input: Buffer.from(svg) }]).png().toFile(out);
}

/** Bilinear (half-pixel centres, edge clamped) sample of channel `c` of an NHWC score map at an original pixel. */
function sampleBilinear(data: Float32Array, h: number, w: number, channels: number, c: number, x: number, y: number, outW: number, outH: number) {
  const sx = Math.min(Math.max(((x + 0.5) * w) / outW - 0.5, 0), w - 1);
  const sy = Math.min(Math.max(((y + 0.5) * h) / outH - 0.5, 0), h - 1);
  const x0 = Math.floor(sx), y0 = Math.floor(sy);
  const x1 = Math.min(x0 + 1, w - 1), y1 = Math.min(y0 + 1, h - 1);
  const fx = sx - x0, fy = sy - y0;
  const at = (xx: number, yy: number) => data[(yy * w + xx) * channels + c];
  return (at(x0, y0) * (1 - fx) + at(x1, y0) * fx) * (1 - fy) + (at(x0, y1) * (1 - fx) + at(x1, y1) * fx) * fy;
}

async function segmentation(name: string) {
  const manifest = manifestOf(name);
  if (manifest.task !== "semantic-segmentation") throw new Error(`${name}: not a segmentation manifest`);
  const root = join(repo, "datasets/demo-segmentation");
  const dataset = JSON.parse(readFileSync(join(root, "dataset.json"), "utf8")) as { samples: { id: string; image: string; mask: string }[] };
  const engine = await openModel(modelFile(name, manifest));
  const evaluator = new SegmentationEvaluator({ numClasses: 2, ignoreIndex: 255 });
  const perImage: string[] = [];
  try {
    for (const sample of dataset.samples) {
      const { outputs } = await runOn(engine, manifest, join(root, sample.image));
      const out = outputs[manifest.output.output!];
      const [, h, w, channels] = out.dims.map(Number);
      const gt = readLabelMap(readFileSync(join(root, sample.mask)), sample.mask);
      const prediction = new Uint8Array(gt.width * gt.height);
      for (let y = 0; y < gt.height; y++) {
        for (let x = 0; x < gt.width; x++) {
          const data = out.data as Float32Array;
          const person = manifest.output.kind === "probabilities"
            ? sampleBilinear(data, h, w, channels, 0, x, y, gt.width, gt.height) >= 0.5
            : sampleBilinear(data, h, w, channels, 1, x, y, gt.width, gt.height) > sampleBilinear(data, h, w, channels, 0, x, y, gt.width, gt.height);
          prediction[y * gt.width + x] = person ? 1 : 0;
        }
      }
      evaluator.update(gt.labels, prediction);
      const one = new SegmentationEvaluator({ numClasses: 2, ignoreIndex: 255 });
      one.update(gt.labels, prediction);
      const r = one.compute();
      perImage.push(`${sample.id} ${Number.isNaN(r.perClass[1].iou) ? "–" : r.perClass[1].iou.toFixed(3)}`);
      if (drawDir) await drawMask(join(root, sample.image), prediction, gt.width, gt.height, join(drawDir, `${name}-${sample.id}.png`));
    }
  } finally {
    await engine.dispose();
  }
  const r = evaluator.compute();
  console.log(`${name}: mIoU ${r.mIoU.toFixed(3)}  IoU background ${r.perClass[0].iou.toFixed(3)}  person ${r.perClass[1].iou.toFixed(3)}  aAcc ${r.aAcc.toFixed(3)}  (person IoU per image: ${perImage.join(", ")})`);
}

async function drawMask(image: string, prediction: Uint8Array, width: number, height: number, out: string) {
  const { data } = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < prediction.length; i++) if (prediction[i]) data[3 * i + 2] = Math.round(0.5 * data[3 * i + 2] + 127);
  await sharp(data, { raw: { width, height, channels: 3 } }).png().toFile(out);
}

await detection("nanodet");
if (args.includes("--variants")) {
  await detection("nanodet", { label: "cell centre offset 0", offset: 0 });
  await detection("nanodet", { label: "human's input: RGB/255, no mean/std", preprocessing: { channel_order: "RGB", value_range: "0-1", mean: [0, 0, 0], std: [1, 1, 1] } });
  await detection("nanodet", { label: "mean/std in RGB order", preprocessing: { channel_order: "RGB", mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] } });
}
if (!args.includes("--nanodet-only")) await detection("centernet");
if (!args.includes("--nanodet-only")) await segmentation("selfie");
if (!args.includes("--nanodet-only")) await segmentation("meet");
