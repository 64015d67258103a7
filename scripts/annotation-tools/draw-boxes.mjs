#!/usr/bin/env node
// Draws boxes (and an optional coordinate grid) onto a photo so a person can check hand-made annotations by eye.
//   node scripts/annotation-tools/draw-boxes.mjs <image> <out.png> [--grid N] [--boxes '[[label,x,y,w,h],…]']
//   node scripts/annotation-tools/draw-boxes.mjs --coco datasets/demo-detection/annotations.json <file_name> <out.png> [--grid N]
// Boxes are COCO xywh in image pixels. The grid (every N px, labelled) is there to read coordinates off the picture.
import sharp from "sharp";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";

const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const [, value] = args.splice(i, 2);
  return value;
};
const coco = option("--coco");
const grid = Number(option("--grid") ?? 0);
const scale = Number(option("--scale") ?? 1);
const crop = option("--crop")?.split(",").map(Number); // x,y,w,h: zoom into a region
let boxes = JSON.parse(option("--boxes") ?? "[]");
let [image, out] = args;
if (coco) {
  const data = JSON.parse(readFileSync(coco, "utf8"));
  const fileName = args[0];
  out = args[1];
  const entry = data.images.find((im) => im.file_name === fileName);
  if (!entry) throw new Error(`${coco}: no image '${fileName}'`);
  const names = new Map(data.categories.map((c) => [c.id, c.name]));
  boxes = data.annotations.filter((a) => a.image_id === entry.id).map((a) => [`${names.get(a.category_id)}${a.iscrowd ? " (crowd)" : ""}`, ...a.bbox]);
  image = join(dirname(coco), "images", fileName);
}
if (!image || !out) throw new Error("usage: draw-boxes.mjs <image> <out.png> [--grid N] [--boxes JSON] | --coco <annotations.json> <file_name> <out.png>");

const full = await sharp(image).metadata();
const [cx, cy, cw, ch] = crop ?? [0, 0, full.width, full.height];
const meta = { width: cw, height: ch };
const W = Math.round(cw * scale);
const H = Math.round(ch * scale);
boxes = boxes.map(([label, x, y, w, h]) => [label, x - cx, y - cy, w, h]);
const palette = ["#ff2d2d", "#2dff57", "#2d8bff", "#ffd42d", "#ff2df2", "#2dfff0", "#ff8c2d"];
const parts = [];
if (grid > 0) {
  for (let x = grid - (cx % grid); x < meta.width; x += grid) parts.push(`<line x1="${x * scale}" y1="0" x2="${x * scale}" y2="${H}" stroke="white" stroke-opacity="0.45" stroke-width="1"/><text x="${x * scale + 2}" y="12" font-size="11" fill="yellow" stroke="black" stroke-width="0.4">${x + cx}</text>`);
  for (let y = grid - (cy % grid); y < meta.height; y += grid) parts.push(`<line x1="0" y1="${y * scale}" x2="${W}" y2="${y * scale}" stroke="white" stroke-opacity="0.45" stroke-width="1"/><text x="2" y="${y * scale - 2}" font-size="11" fill="yellow" stroke="black" stroke-width="0.4">${y + cy}</text>`);
}
boxes.forEach(([label, x, y, w, h], i) => {
  const colour = palette[i % palette.length];
  parts.push(`<rect x="${x * scale}" y="${y * scale}" width="${w * scale}" height="${h * scale}" fill="none" stroke="${colour}" stroke-width="2"/>`);
  parts.push(`<text x="${x * scale + 3}" y="${y * scale + 14}" font-size="13" font-weight="bold" fill="${colour}" stroke="black" stroke-width="0.5">${i}:${label}</text>`);
});
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">${parts.join("")}</svg>`;
await sharp(image).extract({ left: cx, top: cy, width: cw, height: ch }).resize(W, H).composite([{ input: Buffer.from(svg) }]).png().toFile(out);
