import { basename, dirname, resolve } from "node:path";
import { datasetChecksum, type ChecksumOptions } from "../core/checksum.js";
import { indexedDataset } from "../core/dataset.js";
import { DatasetError } from "../core/errors.js";
import { mapLimited, parseJsonFile, requireFileSize } from "../core/files.js";
import { resolveInside } from "../core/paths.js";
import type { Dataset, LabelledBox, Sample, Target } from "../core/types.js";
import { formatZodIssue } from "../core/zod-issues.js";
import { datasetManifestSchema } from "./schema.js";

/** Opens a `podium-dataset/1` JSON manifest (see schema.ts and the package README). */
export async function openDatasetManifest(path: string, options: ChecksumOptions = {}): Promise<Dataset> {
  const manifestPath = resolve(path);
  const file = basename(manifestPath);
  const root = dirname(manifestPath);
  const json = await parseJsonFile(manifestPath, "dataset manifest");
  const parsed = datasetManifestSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new DatasetError(manifestPath, formatZodIssue(file, parsed.error, json).slice(file.length + 2));
  const manifest = parsed.data;
  const { task, classes } = manifest;
  const classIndex = new Map(classes.map((c, i) => [c, i]));
  const fail = (field: string, problem: string): never => {
    throw new DatasetError(manifestPath, `${field}: ${problem}`);
  };
  const resolveClass = (value: number | string, field: string): number => {
    if (typeof value === "string") return classIndex.get(value) ?? fail(field, `unknown class "${value}"`);
    return value < classes.length ? value : fail(field, `class index ${value} is out of range for ${classes.length} classes`);
  };

  const seen = new Set<string>();
  const files: string[] = [];
  const samples = manifest.samples.map((s, i): Sample => {
    const at = `samples.${i}`;
    const id = s.id ?? s.image;
    if (seen.has(id)) fail(`${at}.id`, `duplicate id "${id}"`);
    seen.add(id);
    const imagePath = resolveInside(root, s.image, manifestPath, `${at}.image`);
    files.push(imagePath);
    const size = s.width && s.height ? { width: s.width, height: s.height } : {};
    const image = { kind: "file" as const, path: imagePath, ...size };
    let target: Target;
    if (task === "classification") {
      if (s.label === undefined) fail(`${at}.label`, "missing; a classification sample needs a label");
      target = { task, label: resolveClass(s.label!, `${at}.label`) };
    } else if (task === "detection") {
      if (!s.boxes) fail(`${at}.boxes`, "missing; a detection sample needs boxes (an empty list for none)");
      const objects = s.boxes!.map((b, j): LabelledBox => {
        const label = resolveClass(b.class, `${at}.boxes.${j}.class`);
        const [a, c, d, e] = b.box;
        const xyxy: [number, number, number, number] = manifest.box_format === "xywh" ? [a, c, a + d, c + e] : [a, c, d, e];
        if (xyxy[2] < xyxy[0] || xyxy[3] < xyxy[1]) fail(`${at}.boxes.${j}.box`, `corners out of order: ${JSON.stringify(b.box)} (${manifest.box_format})`);
        return { classIndex: label, className: classes[label], box: xyxy, difficult: b.difficult };
      });
      target = { task, format: "boxes", objects };
    } else {
      if (!s.mask) fail(`${at}.mask`, "missing; a segmentation sample needs a label-map PNG");
      const maskPath = resolveInside(root, s.mask!, manifestPath, `${at}.mask`);
      files.push(maskPath);
      target = { task, labelMap: { kind: "file", path: maskPath }, ignoreIndex: manifest.ignore_index };
    }
    return { id, image, target };
  });
  await mapLimited(files, 32, (f) => requireFileSize(f, file));
  const checksum = await datasetChecksum(root, [manifestPath], files, options);
  return indexedDataset({ name: manifest.name, task, classes, checksum, files: [manifestPath, ...files], samples });
}
