#!/usr/bin/env node
// Writes datasets/demo-segmentation/masks/<stem>.png from the polygons below, which were traced by hand for
// this demo by the Podium team on a coordinate grid (draw-boxes.mjs --grid) and checked on overlays
// (overlay-masks.mjs). They are NOT from any published dataset.
//   node scripts/annotation-tools/build-segmentation-masks.mjs
// Label map (single-channel 8-bit PNG at the image's size): 0 background, 1 person, 255 unsure (not scored).
// 255 covers (a) a band of BAND_RADIUS px on each side of every person outline, because a hand-traced polygon
// is only good to a few pixels (like VOC's 5-px boundary band), and (b) regions we could not label honestly
// (a blurred stadium crowd, an object held against the body).
import sharp from "sharp";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "datasets", "demo-segmentation");
const BAND_RADIUS = 2;

/** Per image: `person` polygons (each one person, [x, y] image pixels) and `unsure` polygons. */
export const handPolygons = {
  astronaut: {
    person: [[
      [153, 70], [160, 45], [178, 30], [205, 18], [240, 16], [270, 24], [292, 45], [302, 75], [298, 105], [285, 125], [273, 133],
      [267, 167], [290, 195], [305, 227], [313, 247], [340, 260], [353, 280], [360, 320], [363, 343], [370, 380], [330, 512],
      [23, 512], [20, 400], [27, 313], [40, 280], [60, 253], [87, 230], [113, 200], [123, 167], [143, 150], [167, 150],
      [177, 120], [157, 100],
    ]],
    // the helmet she holds: an object, arguably not "person"
    unsure: [[[277, 512], [280, 440], [300, 393], [333, 363], [373, 347], [427, 347], [467, 363], [493, 407], [512, 467], [512, 512]]],
  },
  messi5: {
    // the blurred stadium crowd behind the player is people we cannot outline
    unsure: [[[0, 0], [548, 0], [548, 262], [0, 262]]],
    person: [[
      [70, 90], [93, 92], [120, 103], [160, 115], [177, 113], [207, 107], [210, 83], [217, 70], [233, 63], [253, 67], [263, 80],
      [261, 100], [287, 112], [307, 130], [327, 143], [353, 157], [370, 157], [379, 165], [367, 172], [360, 180], [347, 172],
      [327, 163], [303, 150], [293, 163], [297, 200], [307, 213], [343, 237], [367, 237], [400, 250], [427, 257], [443, 263],
      [457, 277], [453, 290], [440, 287], [413, 273], [380, 263], [360, 263], [337, 270], [307, 273], [280, 277], [270, 287],
      [270, 300], [293, 313], [303, 323], [308, 333], [253, 333], [253, 323], [237, 300], [223, 287], [220, 273], [230, 250],
      [230, 247], [213, 213], [193, 177], [177, 147], [160, 130], [120, 113], [93, 103], [73, 99],
    ]],
  },
  person: {
    person: [[
      [235, 100], [250, 110], [249, 130], [257, 150], [263, 187], [268, 227], [273, 237], [275, 257], [267, 273], [259, 263],
      [257, 243], [257, 280], [255, 327], [241, 330], [243, 363], [262, 367], [263, 373], [227, 373], [213, 370], [212, 327],
      [205, 323], [204, 273], [203, 247], [197, 247], [193, 203], [192, 160], [199, 133], [207, 123], [220, 121], [222, 107],
      [227, 101],
    ]],
    unsure: [],
  },
  basketball1: {
    person: [
      [
        [73, 83], [93, 81], [103, 100], [100, 127], [93, 137], [117, 143], [127, 157], [133, 150], [157, 143], [163, 160],
        [147, 167], [143, 190], [140, 213], [130, 220], [127, 253], [127, 280], [123, 287], [130, 373], [137, 447], [153, 460],
        [150, 470], [117, 467], [107, 400], [100, 320], [80, 373], [73, 460], [73, 480], [43, 480], [47, 413], [47, 287],
        [40, 273], [37, 173], [40, 150], [60, 141], [67, 127], [60, 107], [59, 90],
      ],
      [
        [533, 30], [573, 27], [600, 47], [610, 93], [603, 123], [613, 143], [627, 167], [640, 187], [640, 427], [623, 440],
        [607, 480], [480, 480], [490, 447], [500, 373], [507, 333], [493, 320], [467, 280], [447, 260], [437, 233], [447, 223],
        [467, 227], [493, 200], [507, 187], [527, 153], [533, 133], [523, 120], [517, 93], [520, 73], [527, 47],
      ],
    ],
    unsure: [],
  },
  // no person at all: a negative example (every pixel background)
  horses: { person: [], unsure: [] },
};

const svgPolygons = (width, height, polygons) =>
  Buffer.from(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}"><rect width="100%" height="100%" fill="black"/>` +
      polygons.map((p) => `<polygon points="${p.map(([x, y]) => `${x},${y}`).join(" ")}" fill="white"/>`).join("") +
      "</svg>",
  );

/** Rasterises polygons (librsvg via sharp, antialiased) and keeps pixels at least half covered. */
async function rasterise(width, height, polygons) {
  const inside = new Uint8Array(width * height);
  if (!polygons.length) return inside;
  const { data } = await sharp(svgPolygons(width, height, polygons)).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
  for (let i = 0; i < inside.length; i++) inside[i] = data[i] >= 128 ? 1 : 0;
  return inside;
}

/** Pixels within `radius` (Chebyshev distance) of a pixel whose inside/outside status differs. */
function boundaryBand(inside, width, height, radius) {
  const band = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = inside[y * width + x];
      if ((x + 1 < width && inside[y * width + x + 1] !== v) || (y + 1 < height && inside[(y + 1) * width + x] !== v)) {
        for (let dy = -radius; dy <= radius + 1; dy++) {
          for (let dx = -radius; dx <= radius + 1; dx++) {
            const yy = y + dy;
            const xx = x + dx;
            if (yy >= 0 && yy < height && xx >= 0 && xx < width) band[yy * width + xx] = 1;
          }
        }
      }
    }
  }
  return band;
}

mkdirSync(join(root, "masks"), { recursive: true });
for (const [stem, { person, unsure }] of Object.entries(handPolygons)) {
  const { width, height } = await sharp(join(root, "images", `${stem}.jpg`)).metadata();
  const personInside = await rasterise(width, height, person);
  const unsureInside = await rasterise(width, height, unsure);
  const band = boundaryBand(personInside, width, height, BAND_RADIUS);
  const labels = new Uint8Array(width * height);
  for (let i = 0; i < labels.length; i++) labels[i] = band[i] ? 255 : personInside[i] ? 1 : unsureInside[i] ? 255 : 0;
  await sharp(labels, { raw: { width, height, channels: 1 } }).toColourspace("b-w").png({ compressionLevel: 9 }).toFile(join(root, "masks", `${stem}.png`));
  const count = (v) => labels.reduce((n, l) => n + (l === v ? 1 : 0), 0);
  console.log(`${stem}: ${width}×${height}, person ${count(1)} px, unsure ${count(255)} px`);
}
