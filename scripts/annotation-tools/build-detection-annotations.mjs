#!/usr/bin/env node
// Writes datasets/demo-detection/annotations.json (COCO instances format) from the boxes below, which were
// drawn by hand for this demo by the Podium team (read off a coordinate grid with draw-boxes.mjs and checked
// by eye on the rendered overlays). They are NOT COCO annotations.
//   node scripts/annotation-tools/build-detection-annotations.mjs
// Box = [category name, x, y, w, h] in image pixels; a 6th element `true` marks iscrowd (a group we could not
// separate into instances: detections on it are ignored, not counted as false positives).
import sharp from "sharp";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cocoCategories } from "./coco-categories.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "datasets", "demo-detection");

export const handBoxes = {
  "dog.jpg": [["bicycle", 128, 138, 438, 282], ["dog", 133, 222, 177, 318], ["truck", 466, 74, 220, 96], ["motorcycle", 55, 70, 55, 55]],
  "horses.jpg": [["horse", 0, 195, 315, 215], ["horse", 170, 197, 248, 165], ["horse", 282, 208, 173, 114], ["horse", 435, 212, 161, 134], ["horse", 0, 186, 153, 120]],
  "person.jpg": [["person", 190, 100, 86, 274], ["dog", 64, 263, 141, 80], ["horse", 405, 138, 197, 208]],
  "giraffe.jpg": [["giraffe", 168, 30, 280, 410], ["zebra", 247, 204, 181, 224]],
  "kite.jpg": [
    ["kite", 296, 40, 40, 36], ["kite", 140, 119, 13, 22], ["kite", 234, 170, 9, 9], ["kite", 288, 172, 12, 13],
    ["kite", 151, 187, 13, 15], ["kite", 379, 189, 5, 7], ["kite", 541, 197, 9, 15],
    ["person", 57, 316, 25, 74], ["person", 108, 359, 27, 73], ["person", 88, 280, 8, 12],
    ["person", 173, 253, 5, 9], ["person", 260, 262, 7, 14], ["person", 268, 267, 9, 10],
    ["person", 8, 258, 50, 38, true],
  ],
  "eagle.jpg": [["bird", 133, 87, 467, 362]],
  "fruits.jpg": [["orange", 73, 42, 273, 435], ["orange", 0, 0, 120, 100]],
  "apple.jpg": [["apple", 40, 8, 422, 490]],
  "messi5.jpg": [["person", 68, 62, 389, 273], ["sports ball", 337, 289, 51, 47], ["person", 0, 0, 548, 262, true]],
  "basketball1.jpg": [["person", 35, 80, 120, 400], ["person", 435, 22, 205, 458], ["sports ball", 120, 95, 62, 57]],
  "chelsea.jpg": [["cat", 0, 0, 393, 300]],
  "coffee.jpg": [["cup", 172, 18, 238, 287], ["spoon", 325, 66, 100, 260], ["dining table", 0, 0, 600, 400]],
};

const categoryId = new Map(cocoCategories.map((c) => [c.name, c.id]));
const images = [];
const annotations = [];
let imageId = 0;
for (const [fileName, boxes] of Object.entries(handBoxes)) {
  const { width, height } = await sharp(join(root, "images", fileName)).metadata();
  images.push({ id: ++imageId, file_name: fileName, width, height, license: 0 });
  for (const [name, x, y, w, h, crowd] of boxes) {
    const id = categoryId.get(name);
    if (id === undefined) throw new Error(`${fileName}: '${name}' is not a COCO category`);
    if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) throw new Error(`${fileName}: box ${[x, y, w, h]} leaves the ${width}×${height} image`);
    // Box-only annotations: area is the box area (COCO's area is the mask area; there is no mask here).
    annotations.push({ id: annotations.length + 1, image_id: imageId, category_id: id, bbox: [x, y, w, h], area: w * h, iscrowd: crowd ? 1 : 0 });
  }
}

const coco = {
  info: {
    description: "Podium offline demo: real sample photos from Debian packages with HAND-MADE box annotations, drawn for this demo by the Podium team. Not COCO data and not COCO annotations; only the category ids and names follow COCO 2017.",
    version: "1",
    year: 2026,
    contributor: "Podium team (hand-made annotations)",
    date_created: "2026-11-28",
  },
  licenses: [{ id: 0, name: "per image: see datasets/demo-detection/README.md", url: "" }],
  images,
  annotations,
  categories: cocoCategories,
};
writeFileSync(join(root, "annotations.json"), `${JSON.stringify(coco, null, 1)}\n`);
console.log(`${images.length} images, ${annotations.length} boxes`);
