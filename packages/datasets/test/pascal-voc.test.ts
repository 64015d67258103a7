import { describe, it, expect, beforeAll } from "vitest";
import { copyFile, mkdtemp, mkdir, readFile, readdir, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { openVocDetection, openVocSegmentation, openLabelMapFolder, loadLabelMap, parseVocAnnotation, VOC_CLASSES, readLabelMap } from "@podium/datasets";
import { collect, sharedFixture, writeJpeg, writeText } from "./helpers.js";

const ids = ["2008_000000", "2008_000005", "2008_000020", "2009_000001", "2010_000002"];
const segGt = fileURLToPath(sharedFixture("segmentation/gt/"));
let root: string;
let segIds: string[];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "voc-"));
  await mkdir(join(root, "Annotations"), { recursive: true });
  for (const id of ids) {
    const xmlPath = fileURLToPath(sharedFixture(`voc/Annotations/${id}.xml`));
    await copyFile(xmlPath, join(root, "Annotations", `${id}.xml`));
    const { size } = parseVocAnnotation(await readFile(xmlPath, "utf8"), xmlPath);
    await writeJpeg(join(root, "JPEGImages", `${id}.jpg`), size!.width, size!.height);
  }
  await writeText(join(root, "ImageSets", "Main", "val.txt"), ids.join("\n") + "\n");
  // Segmentation: real label-map PNGs from the shared fixtures, with JPEGs of the same size.
  segIds = (await readdir(segGt)).filter((f) => f.endsWith(".png")).slice(0, 4).map((f) => f.replace(/\.png$/, ""));
  await mkdir(join(root, "SegmentationClass"), { recursive: true });
  for (const id of segIds) {
    await copyFile(join(segGt, `${id}.png`), join(root, "SegmentationClass", `${id}.png`));
    const meta = await sharp(join(segGt, `${id}.png`)).metadata();
    await writeJpeg(join(root, "JPEGImages", `${id}.jpg`), meta.width!, meta.height!);
  }
  await writeText(join(root, "ImageSets", "Segmentation", "val.txt"), segIds.join("\n"));
});

describe("PASCAL VOC detection", () => {
  it("reads the split in order with boxes, difficult flags and class indices", async () => {
    const ds = await openVocDetection({ root, split: "val" });
    expect(ds.classes).toEqual(VOC_CLASSES);
    const samples = await collect(ds.samples());
    expect(samples.map((s) => s.id)).toEqual(ids);
    const first = samples[0];
    if (first.target.task !== "detection" || first.target.format !== "boxes") throw new Error("expected boxes");
    expect(first.image).toEqual({ kind: "file", path: join(root, "JPEGImages", "2008_000000.jpg"), width: 459, height: 365 });
    expect(first.target.objects[0]).toEqual({ classIndex: VOC_CLASSES.indexOf("bus"), className: "bus", box: [237, 136, 447, 309], difficult: true });
    expect(first.target.objects.map((o) => o.className)).toEqual(["bus", "boat", "car", "car", "aeroplane"]);
    const empty = samples[2];
    expect(empty.target.task === "detection" && empty.target.format === "boxes" && empty.target.objects).toEqual([]);
  });

  it("names the file for unknown classes, duplicate ids, and missing annotations", async () => {
    await expect(openVocDetection({ root, split: "val", classes: ["bus", "boat"] })).rejects.toThrow(/2008_000000\.xml: unknown class "car" \(expected one of the 2 dataset classes\)$/);
    await writeText(join(root, "ImageSets", "Main", "dup.txt"), "2008_000000\n2008_000005\n2008_000000\n");
    await expect(openVocDetection({ root, split: "dup" })).rejects.toThrow(/dup\.txt: duplicate image id "2008_000000"$/);
    await writeText(join(root, "ImageSets", "Main", "gone.txt"), "2008_000000\n2099_000001\n");
    await expect(openVocDetection({ root, split: "gone" })).rejects.toThrow(/2099_000001\.xml: annotation \(listed in gone\.txt\) not found$/);
  });
});

describe("PASCAL VOC segmentation and label-map folders", () => {
  it("pairs JPEGImages with SegmentationClass PNGs; label maps decode exactly and pass the range check", async () => {
    const ds = await openVocSegmentation({ root, split: "val" });
    expect(ds.classes.length).toBe(21);
    const samples = await collect(ds.samples());
    expect(samples.map((s) => s.id)).toEqual(segIds);
    for (const s of samples) {
      if (s.target.task !== "semantic-segmentation") throw new Error("expected segmentation");
      const map = await loadLabelMap(s.target.labelMap, ds.classes.length, s.target.ignoreIndex);
      const direct = readLabelMap(await readFile(join(segGt, `${s.id}.png`)), s.id);
      expect(map.labels).toEqual(direct.labels);
      expect(map.labels.some((v) => v === 255)).toBeTypeOf("boolean");
    }
  });

  it("labels out of range are reported with file and pixel", async () => {
    const ds = await openVocSegmentation({ root, split: "val" });
    const [, second] = await collect(ds.samples());
    if (second.target.task !== "semantic-segmentation") throw new Error("expected segmentation");
    // img001 holds classes 0, 3, 4, 5 and no ignore pixels: with 3 classes the first 3, 4 or 5 is out of range.
    await expect(loadLabelMap(second.target.labelMap, 3, 255)).rejects.toThrow(/SegmentationClass\/img001\.png: label [345] at pixel \(\d+, \d+\) is out of range for 3 classes \(ignore index 255\)$/);
  });

  it("a plain images/ + labels/ folder pairs by stem and refuses unpaired files", async () => {
    const base = await mkdtemp(join(tmpdir(), "labelmaps-"));
    for (const id of segIds.slice(0, 3)) {
      await mkdir(join(base, "labels"), { recursive: true });
      await copyFile(join(segGt, `${id}.png`), join(base, "labels", `${id}.png`));
      await copyFile(join(root, "JPEGImages", `${id}.jpg`), join(base, "images", `${id}.jpg`)).catch(async () => {
        await mkdir(join(base, "images"), { recursive: true });
        await copyFile(join(root, "JPEGImages", `${id}.jpg`), join(base, "images", `${id}.jpg`));
      });
    }
    const classes = ["c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7"];
    const ds = await openLabelMapFolder({ images: join(base, "images"), labels: join(base, "labels"), classes });
    expect(ds.size).toBe(3);
    expect((await collect(ds.samples())).map((s) => s.id)).toEqual(segIds.slice(0, 3));
    await unlink(join(base, "labels", `${segIds[1]}.png`));
    await expect(openLabelMapFolder({ images: join(base, "images"), labels: join(base, "labels"), classes })).rejects.toThrow(
      new RegExp(`labels/${segIds[1]}\\.png: missing label map for image ${segIds[1]}\\.jpg$`),
    );
  });
});
