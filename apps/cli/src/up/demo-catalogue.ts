import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";

/** A bundled dataset, registered in the store under the name workers find it by (<repo>/datasets/<name>). */
export interface DemoDataset {
  name: string;
  path: string;
}

export interface DemoModel {
  /** The model file (ONNX) or TF.js model.json. */
  model: string;
  manifest: string;
  dataset: string;
}

export function demoDatasets(repo: string): DemoDataset[] {
  return [
    { name: "fashion-mnist-test", path: join(repo, "datasets/fashion-mnist") },
    { name: "demo-detection", path: join(repo, "datasets/demo-detection") },
    { name: "demo-segmentation", path: join(repo, "datasets/demo-segmentation") },
  ];
}

/**
 * The demo's models: every trained Fashion-MNIST miniature committed under models/fashion-mnist/, and the real
 * detectors and segmenters fetched from the npm registry into .cache/models/ (with their manifests laid beside them
 * by scripts/fetch-models.mjs). A model whose files are missing is left out, and the caller says so.
 */
export function demoModels(repo: string): { models: DemoModel[]; missing: string[] } {
  const models: DemoModel[] = [];
  const missing: string[] = [];
  const miniatures = join(repo, "models/fashion-mnist");
  for (const file of existsSync(miniatures) ? readdirSync(miniatures).sort() : []) {
    if (!file.endsWith(".onnx")) continue;
    const manifest = join(miniatures, file.replace(/\.onnx$/, ".model.json"));
    if (existsSync(manifest)) models.push({ model: join(miniatures, file), manifest, dataset: "fashion-mnist-test" });
    else missing.push(`${manifest} (manifest of ${file})`);
  }
  const cached: [name: string, dataset: string][] = [
    ["nanodet", "demo-detection"],
    ["centernet", "demo-detection"],
    ["selfie", "demo-segmentation"],
    ["meet", "demo-segmentation"],
  ];
  for (const [name, dataset] of cached) {
    const model = join(repo, ".cache/models", name, `${name}.json`);
    const manifest = join(repo, ".cache/models", name, `${name}.podium.json`);
    if (existsSync(model) && existsSync(manifest)) models.push({ model, manifest, dataset });
    else missing.push(`${model} (run \`node scripts/fetch-models.mjs\`)`);
  }
  return { models, missing };
}
