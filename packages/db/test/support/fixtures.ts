import type { Store } from "@podium/db";

/** A classification model and dataset to hang runs on (tests only). */
export async function seedModelAndDataset(store: Store, suffix = "") {
  const model = await store.models.create({
    name: `resnet50${suffix}`,
    task: "classification",
    format: "onnx",
    manifest: { input: [1, 3, 224, 224] },
    fileSha256: "ab".repeat(32),
    sizeBytes: 102_400_000,
    architecture: "ResNet-50",
    family: "resnet",
    year: 2015,
    paramCount: 25_557_032,
  });
  const dataset = await store.datasets.create({
    name: `imagenet-mini${suffix}`,
    task: "classification",
    split: "val",
    checksum: "cd".repeat(32),
    groundTruth: "hidden",
    classNames: ["tench", "goldfish"],
    labels: { "img-1": "tench-label-secret", "img-2": "goldfish-label-secret" },
    sampleCount: 2,
  });
  return { model, dataset };
}
