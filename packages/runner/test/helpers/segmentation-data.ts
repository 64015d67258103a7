import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";

export const SEGMENTATION_SIZES: readonly [number, number][] = [
  [320, 240],
  [200, 300],
  [256, 256],
  [180, 120],
  [240, 160],
];

/**
 * A label-map folder (images/, labels/, classes.txt) of synthetic scenes: a skin-toned head and a
 * dark torso on a textured background. Label maps mark the figure 1, background 0 and a 3-pixel
 * border 255 (ignored), like VOC's boundary band.
 */
export async function writeSegmentationFolder(root: string, sizes = SEGMENTATION_SIZES): Promise<void> {
  mkdirSync(join(root, "images"), { recursive: true });
  mkdirSync(join(root, "labels"), { recursive: true });
  writeFileSync(join(root, "classes.txt"), "background\nperson\n");
  for (const [i, [width, height]] of sizes.entries()) {
    const cx = width * (0.4 + 0.05 * i);
    const headY = height * 0.3;
    const r = Math.min(width, height) * 0.14;
    const torso = { x: cx - r * 1.6, y: headY + r, w: r * 3.2, h: height - headY - r };
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
      <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="#8fb3c9"/><stop offset="1" stop-color="#e8e0c8"/></linearGradient></defs>
      <rect width="100%" height="100%" fill="url(#g)"/>
      <circle cx="${cx}" cy="${headY}" r="${r}" fill="#e0ac8a"/>
      <rect x="${torso.x}" y="${torso.y}" width="${torso.w}" height="${torso.h}" rx="${r * 0.5}" fill="#2e3f5c"/>
    </svg>`;
    const name = `scene${i}`;
    await sharp(Buffer.from(svg)).jpeg({ quality: 92 }).toFile(join(root, "images", `${name}.jpg`));
    const labels = new Uint8Array(width * height);
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const px = x + 0.5;
        const py = y + 0.5;
        const inHead = (px - cx) ** 2 + (py - headY) ** 2 <= r * r;
        const inTorso = px >= torso.x && px <= torso.x + torso.w && py >= torso.y;
        labels[y * width + x] = inHead || inTorso ? 1 : 0;
      }
    }
    // Boundary band: pixels within 3 px of a label change are not scored.
    const banded = labels.slice();
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = labels[y * width + x];
        for (let dy = -3; dy <= 3; dy++) {
          for (let dx = -3; dx <= 3; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy >= 0 && yy < height && xx >= 0 && xx < width && labels[yy * width + xx] !== v) banded[y * width + x] = 255;
          }
        }
      }
    }
    await sharp(Buffer.from(banded), { raw: { width, height, channels: 1 } }).toColourspace("b-w").png().toFile(join(root, "labels", `${name}.png`));
  }
}
