import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import sharp from "sharp";
import { decodePng, readLabelMap, PngDecodeError } from "@podium/datasets";
import { encodePng } from "./png-test-encoder.js";

const fixtures = fileURLToPath(new URL("../../../../shared/fixtures/segmentation/", import.meta.url));
const labelMaps = ["gt", "pred"].flatMap((dir) => readdirSync(`${fixtures}${dir}`).filter((f) => f.endsWith(".png")).map((f) => `${dir}/${f}`));

describe("readLabelMap on the segmentation fixtures", () => {
  it("finds all 48 label maps", () => {
    expect(labelMaps.length).toBe(48);
  });

  it.each(labelMaps)("%s decodes to the same labels as sharp", async (name) => {
    const bytes = readFileSync(`${fixtures}${name}`);
    const map = readLabelMap(bytes, name);
    expect((await sharp(bytes).metadata()).channels).toBe(1);
    // sharp hands gray images out as sRGB unless asked to keep one band.
    const { data, info } = await sharp(bytes).toColourspace("b-w").raw().toBuffer({ resolveWithObject: true });
    expect([map.width, map.height]).toEqual([info.width, info.height]);
    expect(map.labels).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(map.labels.buffer, map.labels.byteOffset, map.labels.byteLength).equals(data)).toBe(true);
  });
});

describe("readLabelMap", () => {
  it("returns palette indices, not colours, for palette PNGs", async () => {
    // 3 classes painted with VOC-like colours; sharp writes a palette PNG whose index order it chooses itself.
    const width = 13, height = 7;
    const colours = [[0, 0, 0], [128, 0, 0], [0, 128, 0]];
    const rgb = Buffer.alloc(width * height * 3);
    for (let i = 0; i < width * height; i++) rgb.set(colours[(i * 7) % 3], 3 * i);
    const png = await sharp(rgb, { raw: { width, height, channels: 3 } }).png({ palette: true, colours: 4, dither: 0 }).toBuffer();
    const decoded = decodePng(png, "voc.png");
    expect(decoded.colorType).toBe("palette");
    const map = readLabelMap(png, "voc.png");
    for (let i = 0; i < width * height; i++) {
      const index = map.labels[i];
      expect(Array.from(decoded.palette!.subarray(3 * index, 3 * index + 3))).toEqual(colours[(i * 7) % 3]);
    }
  });

  it("keeps 16-bit gray labels as Uint16Array and low bit depths unscaled", () => {
    const wide = Uint16Array.from({ length: 12 }, (_, i) => i * 5000);
    expect(readLabelMap(encodePng({ width: 4, height: 3, colorType: 0, bitDepth: 16, samples: wide }), "l16.png").labels).toEqual(wide);
    const twoBit = Uint8Array.from({ length: 15 }, (_, i) => i % 4);
    expect(readLabelMap(encodePng({ width: 5, height: 3, colorType: 0, bitDepth: 2, samples: twoBit }), "l2.png").labels).toEqual(twoBit);
  });

  it("refuses colour images with a one-line error naming the file", async () => {
    const rgb = await sharp({ create: { width: 4, height: 4, channels: 3, background: { r: 1, g: 2, b: 3 } } }).png().toBuffer();
    const run = () => readLabelMap(rgb, "masks/rgb.png");
    expect(run).toThrow(PngDecodeError);
    expect(run).toThrow("masks/rgb.png: unsupported colour type for a label map: rgb (3 channels); label maps must be single-channel gray or palette PNGs");
    const ga = encodePng({ width: 1, height: 1, colorType: 4, bitDepth: 8, samples: [3, 255] });
    expect(() => readLabelMap(ga, "ga.png")).toThrow(/unsupported colour type for a label map: gray-alpha/);
  });
});
