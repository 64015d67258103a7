#!/usr/bin/env node
// Re-encodes the demo photos from the unpacked Debian packages into datasets/demo-*/images/ and prints the
// provenance table (package, original path, licence, sha256) that each dataset README carries.
//   cd /tmp && apt-get download python3-skimage opencv-doc darknet && for d in *.deb; do dpkg-deb -x $d x; done
//   node scripts/annotation-tools/import-photos.mjs /tmp/x
// JPEG quality 90 without metadata (no EXIF orientation to worry about); PNG sources become RGB JPEGs; the
// 1352×900 kite photo is halved so the demo stays small.
import sharp from "sharp";
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const root = process.argv[2];
if (!root) throw new Error("usage: import-photos.mjs <folder the three .debs were unpacked into>");

const skimage = { package: "python3-skimage 0.19.3-8", dir: "usr/lib/python3/dist-packages/skimage/data" };
const opencv = { package: "opencv-doc 4.6.0+dfsg-12", dir: "usr/share/doc/opencv-doc/examples/data", license: "Apache-2.0 AND BSD-3-Clause (OpenCV, per the package's copyright file)" };
const darknet = { package: "darknet 0.0.0+git20180914.61c9d02e-2+b4", dir: "usr/share/darknet/data", license: "GPL-3.0+ OR MIT OR WTFPL (darknet, per the package's copyright file)" };

export const photos = {
  detection: [
    { name: "dog", from: darknet, file: "dog.jpg" },
    { name: "horses", from: darknet, file: "horses.jpg" },
    { name: "person", from: darknet, file: "person.jpg" },
    { name: "giraffe", from: darknet, file: "giraffe.jpg" },
    { name: "kite", from: darknet, file: "kite.jpg", width: 676 },
    { name: "eagle", from: darknet, file: "eagle.jpg" },
    { name: "fruits", from: opencv, file: "fruits.jpg" },
    { name: "apple", from: opencv, file: "apple.jpg" },
    { name: "messi5", from: opencv, file: "messi5.jpg" },
    { name: "basketball1", from: opencv, file: "basketball1.png" },
    { name: "chelsea", from: skimage, file: "chelsea.png", license: "CC0 (photographer Stefan van der Walt, per skimage.data.chelsea)" },
    { name: "coffee", from: skimage, file: "coffee.png", license: "CC0 (photographer Rachel Michetti, per skimage.data.coffee)" },
  ],
  segmentation: [
    { name: "astronaut", from: skimage, file: "astronaut.png", license: "public domain (NASA, per skimage.data.astronaut)" },
    { name: "messi5", from: opencv, file: "messi5.jpg" },
    { name: "person", from: darknet, file: "person.jpg" },
    { name: "basketball1", from: opencv, file: "basketball1.png" },
    { name: "horses", from: darknet, file: "horses.jpg" },
  ],
};

const which = process.argv[3];
for (const [task, list] of Object.entries(photos)) {
  if (which && which !== task) continue;
  const outDir = join(repo, "datasets", `demo-${task}`, "images");
  mkdirSync(outDir, { recursive: true });
  console.log(`\n## ${task}\n\n| image | size | source package | original path | licence | sha256 |\n|---|---|---|---|---|---|`);
  for (const photo of list) {
    const source = join(root, photo.from.dir, photo.file);
    let pipeline = sharp(source).removeAlpha().toColourspace("srgb");
    if (photo.width) pipeline = pipeline.resize({ width: photo.width });
    const out = join(outDir, `${photo.name}.jpg`);
    const info = await pipeline.jpeg({ quality: 90, chromaSubsampling: "4:2:0" }).toFile(out);
    const sha = createHash("sha256").update(readFileSync(out)).digest("hex");
    console.log(`| images/${photo.name}.jpg | ${info.width}×${info.height} | ${photo.from.package} | /${photo.from.dir}/${photo.file} | ${photo.license ?? photo.from.license} | \`${sha}\` |`);
  }
}
