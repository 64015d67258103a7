import { describe, it, expect } from "vitest";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { cocoInstancesSchema, openCocoDataset, openDatasetManifest, parseModelManifest, readLabelMap } from "@podium/datasets";
import { collect } from "./helpers.js";

// The offline demo's hand-made datasets (datasets/demo-*) and model manifests (models/demo), checked as shipped.
const repo = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
const readJson = (path: string) => JSON.parse(readFileSync(repo(path), "utf8"));
const sha256 = (path: string) => createHash("sha256").update(readFileSync(repo(path))).digest("hex");

/** COCO 2017's 80 categories in order; ids 12, 26, 29, 30, 45, 66, 68, 69, 71, 83 are unused. Written out independently of the build script. */
const COCO_NAMES =
  "person|bicycle|car|motorcycle|airplane|bus|train|truck|boat|traffic light|fire hydrant|stop sign|parking meter|bench|bird|cat|dog|horse|sheep|cow|elephant|bear|zebra|giraffe|backpack|umbrella|handbag|tie|suitcase|frisbee|skis|snowboard|sports ball|kite|baseball bat|baseball glove|skateboard|surfboard|tennis racket|bottle|wine glass|cup|fork|knife|spoon|bowl|banana|apple|sandwich|orange|broccoli|carrot|hot dog|pizza|donut|cake|chair|couch|potted plant|bed|dining table|toilet|tv|laptop|mouse|remote|keyboard|cell phone|microwave|oven|toaster|sink|refrigerator|book|clock|vase|scissors|teddy bear|hair drier|toothbrush".split("|");
const UNUSED_IDS = new Set([12, 26, 29, 30, 45, 66, 68, 69, 71, 83]);
const COCO_IDS = Array.from({ length: 90 }, (_, i) => i + 1).filter((id) => !UNUSED_IDS.has(id));

/** `file | … | \`sha256\`` rows of a README's tables: the file is the first cell, the hash the last. */
function readmeHashes(readme: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readme.split("\n")) {
    const cells = line.split("|").map((c) => c.trim());
    const hash = /^`([0-9a-f]{64})`$/.exec(cells.at(-2) ?? "");
    if (line.startsWith("|") && hash) rows.set(cells[1], hash[1]);
  }
  return rows;
}

describe("demo-detection: hand-made COCO boxes on real photos", () => {
  const coco = readJson("datasets/demo-detection/annotations.json");

  it("validates as COCO instances, says it is hand-made, and lists all 80 COCO categories with their official ids", () => {
    expect(cocoInstancesSchema.safeParse(coco).success).toBe(true);
    expect(coco.info.description).toMatch(/hand-made/i);
    expect(coco.info.description).toMatch(/not COCO/);
    expect(COCO_IDS).toHaveLength(80);
    expect(coco.categories.map((c: { id: number; name: string }) => [c.id, c.name])).toEqual(COCO_IDS.map((id, i) => [id, COCO_NAMES[i]]));
    expect(coco.categories.find((c: { name: string }) => c.name === "giraffe").id).toBe(25);
  });

  it("has boxes inside their image, area = w·h, iscrowd 0/1, known ids, and image sizes that match the files", async () => {
    const images = new Map<number, { width: number; height: number }>();
    for (const image of coco.images) {
      const meta = await sharp(repo(`datasets/demo-detection/images/${image.file_name}`)).metadata();
      expect([meta.width, meta.height], image.file_name).toEqual([image.width, image.height]);
      images.set(image.id, image);
    }
    expect(new Set(coco.annotations.map((a: { id: number }) => a.id)).size).toBe(coco.annotations.length);
    for (const a of coco.annotations) {
      const image = images.get(a.image_id)!;
      const [x, y, w, h] = a.bbox;
      expect(image, `annotation ${a.id}`).toBeDefined();
      expect(COCO_IDS).toContain(a.category_id);
      expect(w > 0 && h > 0 && x >= 0 && y >= 0 && x + w <= image.width && y + h <= image.height, `annotation ${a.id}: ${a.bbox}`).toBe(true);
      expect(a.area).toBe(w * h);
      expect([0, 1]).toContain(a.iscrowd);
    }
    // every image has at least one object that is not a crowd region
    for (const id of images.keys()) expect(coco.annotations.some((a: { image_id: number; iscrowd: number }) => a.image_id === id && a.iscrowd === 0)).toBe(true);
  });

  it("opens with the COCO reader (12 images, every image file present)", async () => {
    const ds = await openCocoDataset({ annotations: repo("datasets/demo-detection/annotations.json"), images: repo("datasets/demo-detection/images") });
    expect(ds.size).toBe(12);
    expect(ds.task).toBe("detection");
    expect(readdirSync(repo("datasets/demo-detection/images")).sort()).toEqual(coco.images.map((i: { file_name: string }) => i.file_name).sort());
  });
});

describe("demo-segmentation: hand-traced person masks on real photos", () => {
  it("opens as a podium-dataset/1 manifest with classes background/person", async () => {
    const ds = await openDatasetManifest(repo("datasets/demo-segmentation/dataset.json"));
    expect(ds.task).toBe("semantic-segmentation");
    expect(ds.classes).toEqual(["background", "person"]);
    expect((await collect(ds.samples())).map((s) => s.id)).toEqual(["astronaut", "messi5", "person", "basketball1", "horses"]);
  });

  it("each mask is single-channel at its image's size, holds only 0, 1 and 255, and has people where the photo has", async () => {
    const manifest = readJson("datasets/demo-segmentation/dataset.json");
    for (const sample of manifest.samples as { id: string; image: string; mask: string }[]) {
      const meta = await sharp(repo(`datasets/demo-segmentation/${sample.image}`)).metadata();
      const mask = readLabelMap(readFileSync(repo(`datasets/demo-segmentation/${sample.mask}`)), sample.mask);
      expect([mask.width, mask.height], sample.id).toEqual([meta.width, meta.height]);
      const counts = new Map<number, number>();
      for (const v of mask.labels) counts.set(v, (counts.get(v) ?? 0) + 1);
      expect([...counts.keys()].every((v) => v === 0 || v === 1 || v === 255), `${sample.id}: values ${[...counts.keys()]}`).toBe(true);
      // horses.jpg is the negative example: no person, all background
      if (sample.id === "horses") expect([...counts.keys()]).toEqual([0]);
      else expect(counts.get(1) ?? 0, sample.id).toBeGreaterThan(0.02 * mask.labels.length);
    }
  });
});

describe("demo READMEs: every listed sha256 matches its file, every file is listed", () => {
  for (const dir of ["datasets/demo-detection", "datasets/demo-segmentation"]) {
    it(dir, () => {
      const hashes = readmeHashes(readFileSync(repo(`${dir}/README.md`), "utf8"));
      const shipped = readdirSync(repo(dir), { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name !== "README.md")
        .map((e) => relative(repo(dir), join(e.parentPath, e.name)).split(sep).join("/"));
      expect([...hashes.keys()].sort()).toEqual(shipped.sort());
      for (const [file, hash] of hashes) expect(sha256(`${dir}/${file}`), `${dir}/${file}`).toBe(hash);
    });
  }
});

describe("models/demo: manifests of the real demo models", () => {
  const lock = readJson("scripts/models.lock.json").models;
  const names = ["nanodet", "centernet", "selfie", "meet"];

  it("has exactly the four demo manifests", () => {
    expect(readdirSync(repo("models/demo")).filter((f) => f.endsWith(".podium.json")).sort()).toEqual(names.map((n) => `${n}.podium.json`).sort());
  });

  for (const name of names) {
    it(`${name}.podium.json parses, names the locked files and their sha256, and says the model licence is unverified`, () => {
      const manifest = parseModelManifest(readJson(`models/demo/${name}.podium.json`), `${name}.podium.json`);
      expect(manifest.model).toBe(lock[name].entry);
      expect(manifest.runtime).toBe("tfjs-graph");
      expect(manifest.metadata.license).toMatch(/not verified/);
      expect(manifest.metadata.paper_url).toMatch(/^https:\/\//);
      expect(manifest.metadata.year).toBeGreaterThan(2017);
      expect(manifest.metadata.source).toContain(`${lock[name].package}@${lock[name].version}`);
      for (const file of lock[name].files) expect(manifest.metadata.source).toContain(file.sha256);
    });
  }

  it("detectors map the model's 80 classes to the official COCO ids by position", () => {
    for (const name of ["nanodet", "centernet"]) {
      const manifest = parseModelManifest(readJson(`models/demo/${name}.podium.json`), name);
      expect(manifest.task).toBe("detection");
      expect(manifest.output.labels.classes).toEqual(COCO_NAMES);
      expect(manifest.output.labels.to_dataset).toEqual(COCO_IDS);
    }
  });

  it("each manifest's input and output names match the cached model's graph signature", () => {
    for (const name of names) {
      const graph = repo(`.cache/models/${name}/${lock[name].entry}`);
      if (!existsSync(graph)) continue; // models are fetched by scripts/fetch-models.mjs; the parse tests above still run
      const signature = JSON.parse(readFileSync(graph, "utf8")).signature;
      const manifest = parseModelManifest(readJson(`models/demo/${name}.podium.json`), name);
      const [input] = Object.values(signature.inputs) as { tensorShape: { dim: { size: string }[] } }[];
      const dims = input.tensorShape.dim.map((d) => Number(d.size));
      const [c, h, w] = manifest.preprocessing.input_size;
      expect(dims, name).toEqual(manifest.preprocessing.layout === "NCHW" ? [1, c, h, w] : [1, h, w, c]);
      const outputs = Object.keys(signature.outputs).map((k) => k.replace(/:0$/, ""));
      const named =
        manifest.task === "detection"
          ? manifest.output.head.type === "distribution"
            ? [...manifest.output.head.score_outputs, ...manifest.output.head.box_outputs]
            : [manifest.output.head.type === "decoded" ? manifest.output.head.output! : ""]
          : [manifest.task === "semantic-segmentation" ? manifest.output.output! : ""];
      for (const output of named) expect(outputs, name).toContain(output);
    }
  });
});
