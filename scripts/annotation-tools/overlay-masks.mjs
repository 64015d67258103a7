#!/usr/bin/env node
// Tints a label map over its photo (person red, unsure yellow) so hand-made masks can be checked by eye.
//   node scripts/annotation-tools/overlay-masks.mjs <image.jpg> <mask.png> <out.png>
import sharp from "sharp";

const [image, mask, out] = process.argv.slice(2);
if (!image || !mask || !out) throw new Error("usage: overlay-masks.mjs <image> <mask.png> <out.png>");
const photo = await sharp(image).removeAlpha().raw().toBuffer({ resolveWithObject: true });
const labels = await sharp(mask).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
if (labels.info.width !== photo.info.width || labels.info.height !== photo.info.height) {
  throw new Error(`${mask}: ${labels.info.width}×${labels.info.height} but ${image} is ${photo.info.width}×${photo.info.height}`);
}
const tint = { 1: [255, 0, 0], 255: [255, 230, 0] };
const rgb = Buffer.from(photo.data);
for (let i = 0; i < labels.data.length; i++) {
  const colour = tint[labels.data[i]];
  if (!colour) continue;
  for (let c = 0; c < 3; c++) rgb[i * 3 + c] = Math.round(0.55 * rgb[i * 3 + c] + 0.45 * colour[c]);
}
await sharp(rgb, { raw: { width: photo.info.width, height: photo.info.height, channels: 3 } }).png().toFile(out);
