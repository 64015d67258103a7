import { describe, it, expect, beforeAll } from "vitest";
import { mkdtemp, mkdir, readFile, writeFile, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import sharp from "sharp";
import { openCocoDataset } from "@podium/datasets";
import { collect, sharedFixture } from "./helpers.js";

let dir: string;
let gt: any;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "coco-"));
  gt = JSON.parse(await readFile(sharedFixture("coco/bbox-gt.json"), "utf8"));
  await mkdir(join(dir, "val2017"));
  await writeFile(join(dir, "instances.json"), JSON.stringify(gt));
  // Real JPEGs at each image's declared size (noise, so the encoder does real work).
  for (const image of gt.images) {
    const jpeg = await sharp({ create: { width: image.width, height: image.height, channels: 3, background: "#808080", noise: { type: "gaussian", mean: 128, sigma: 30 } } })
      .jpeg({ quality: 60 })
      .toBuffer();
    await writeFile(join(dir, "val2017", image.file_name), jpeg);
  }
});

const write = async (name: string, json: unknown) => {
  await writeFile(join(dir, name), JSON.stringify(json));
  return join(dir, name);
};

describe("COCO instances reader", () => {
  it("yields every image in ascending id with its annotations passed through", async () => {
    const ds = await openCocoDataset({ annotations: join(dir, "instances.json"), images: join(dir, "val2017") });
    expect(ds.size).toBe(gt.images.length);
    expect(ds.categories.map((c) => c.id)).toEqual([...gt.categories.map((c: any) => c.id)].sort((a, b) => a - b));
    expect(ds.classes[0]).toBe(gt.categories.find((c: any) => c.id === Math.min(...gt.categories.map((x: any) => x.id))).name);
    const samples = await collect(ds.samples());
    const ids = samples.map((s) => Number(s.id));
    expect(ids).toEqual([...gt.images.map((i: any) => i.id)].sort((a, b) => a - b));
    let total = 0;
    for (const s of samples) {
      if (s.target.task !== "detection" || s.target.format !== "coco") throw new Error("expected COCO detection targets");
      const expected = gt.annotations.filter((a: any) => a.image_id === s.target.imageId);
      expect(s.target.annotations).toEqual(expected);
      expect(s.image).toMatchObject({ kind: "file", width: 640, height: 480 });
      total += s.target.annotations.length;
    }
    expect(total).toBe(gt.annotations.length);
    expect(ds.checksum).toMatch(/^sha256:/);
  });

  it("validation errors name the file and the field", async () => {
    const badBox = structuredClone(gt);
    badBox.annotations[3].bbox = [1, 2, 3];
    await expect(openCocoDataset({ annotations: await write("bad-box.json", badBox), images: join(dir, "val2017") })).rejects.toThrow(
      /bad-box\.json: annotations\.3\.bbox: expected \[x, y, width, height\] with width, height ≥ 0, got \[1,2,3\]$/,
    );
    const noImages = structuredClone(gt);
    delete noImages.images;
    await expect(openCocoDataset({ annotations: await write("no-images.json", noImages), images: join(dir, "val2017") })).rejects.toThrow(/no-images\.json: images: missing; expected an array of images$/);
    const orphan = structuredClone(gt);
    orphan.annotations[0].image_id = 42;
    await expect(openCocoDataset({ annotations: await write("orphan.json", orphan), images: join(dir, "val2017") })).rejects.toThrow(
      /orphan\.json: annotation 1 refers to image id 42, which is not in "images"$/,
    );
    const dup = structuredClone(gt);
    dup.images[5].id = dup.images[4].id;
    await expect(openCocoDataset({ annotations: await write("dup.json", dup), images: join(dir, "val2017") })).rejects.toThrow(/dup\.json: duplicate image id \d+$/);
    const escape = structuredClone(gt);
    escape.images[0].file_name = "../../secret.jpg";
    await expect(openCocoDataset({ annotations: await write("escape.json", escape), images: join(dir, "val2017") })).rejects.toThrow(/escapes/);
    await expect(openCocoDataset({ annotations: join(dir, "nope.json"), images: join(dir, "val2017") })).rejects.toThrow(/nope\.json: COCO annotations not found$/);
  });

  it("a missing image file is named", async () => {
    await unlink(join(dir, "val2017", gt.images[7].file_name));
    await expect(openCocoDataset({ annotations: join(dir, "instances.json"), images: join(dir, "val2017") })).rejects.toThrow(
      new RegExp(`${gt.images[7].file_name}: missing file \\(referenced by instances\\.json\\)$`),
    );
  });
});
