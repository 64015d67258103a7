import { describe, it, expect } from "vitest";
import sharp from "sharp";
import { decodePng } from "@podium/datasets";
import { encodePng } from "./png-test-encoder.js";

/** Deterministic pseudo-random bytes (a 32-bit LCG), so failures reproduce. */
function noise(length: number, seed: number, modulo = 256): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed >>> 0;
  for (let i = 0; i < length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s >>> 24) % modulo;
  }
  return out;
}

const sizes: [number, number][] = [[1, 1], [2, 3], [7, 9], [33, 17], [64, 5]];

async function sharpRaw(png: Uint8Array, colourspace?: "b-w" | "grey16"): Promise<{ data: Buffer; channels: number }> {
  let pipeline = sharp(png);
  if (colourspace) pipeline = pipeline.toColourspace(colourspace);
  const { data, info } = await pipeline.raw(colourspace === "grey16" ? { depth: "ushort" } : {}).toBuffer({ resolveWithObject: true });
  return { data, channels: info.channels };
}

describe("decodePng against sharp-encoded images", () => {
  for (const progressive of [false, true]) {
    const mode = progressive ? "interlaced" : "non-interlaced";

    it.each(sizes)(`RGB and RGBA ${mode} %i×%i decode to the exact pixels`, async (width, height) => {
      for (const channels of [3, 4] as const) {
        const pixels = noise(width * height * channels, width * 31 + height + channels);
        const png = await sharp(pixels, { raw: { width, height, channels } }).png({ progressive }).toBuffer();
        const decoded = decodePng(png, "rgb.png");
        expect(decoded).toMatchObject({ width, height, channels, bitDepth: 8, colorType: channels === 3 ? "rgb" : "rgba", interlaced: progressive });
        expect(Buffer.from(decoded.data as Uint8Array).equals(Buffer.from(pixels))).toBe(true);
        expect(Buffer.from(decoded.data as Uint8Array).equals((await sharpRaw(png)).data)).toBe(true);
      }
    });

    it.each(sizes)(`16-bit gray ${mode} %i×%i decodes to the exact values`, async (width, height) => {
      const values = Uint16Array.from(noise(width * height * 2, width + 7 * height), (v, i, ) => v * 257 + (i % 251));
      const samples = values.subarray(0, width * height);
      const png = await sharp(samples, { raw: { width, height, channels: 1 } }).toColourspace("grey16").png({ progressive }).toBuffer();
      const decoded = decodePng(png, "g16.png");
      expect(decoded).toMatchObject({ width, height, channels: 1, bitDepth: 16, colorType: "gray" });
      expect(decoded.data).toEqual(samples);
      const viaSharp = (await sharpRaw(png, "grey16")).data;
      expect(decoded.data).toEqual(new Uint16Array(viaSharp.buffer, viaSharp.byteOffset, viaSharp.length / 2));
    });

    it.each(sizes)(`palette ${mode} %i×%i gives indices whose colours match sharp's decode`, async (width, height) => {
      for (const colours of [2, 4, 16, 200]) {
        // Few distinct colours so libimagequant keeps them; sharp picks the bit depth from the palette size.
        const levels = noise(width * height, colours + width, colours);
        const rgb = Buffer.alloc(width * height * 3);
        levels.forEach((l, i) => rgb.set([l * 37 % 256, l * 91 % 256, l * 13 % 256], 3 * i));
        const png = await sharp(rgb, { raw: { width, height, channels: 3 } }).png({ palette: true, colours, dither: 0, progressive }).toBuffer();
        const decoded = decodePng(png, "pal.png");
        const reference = await sharpRaw(png);
        expect(decoded).toMatchObject({ colorType: "palette", interlaced: progressive });
        expect(decoded.data.length).toBe(width * height);
        for (let i = 0; i < width * height; i++) {
          const index = decoded.data[i];
          for (let c = 0; c < 3; c++) expect(decoded.palette![3 * index + c]).toBe(reference.data[i * reference.channels + c]);
        }
      }
    });
  }

  it("writes low bit depths for small palettes (so they are covered above)", async () => {
    const levels = noise(16 * 16, 5, 2);
    const pixels = Buffer.alloc(16 * 16 * 3);
    levels.forEach((l, i) => pixels.set([l * 255, 0, 0], 3 * i));
    const png = await sharp(pixels, { raw: { width: 16, height: 16, channels: 3 } }).png({ palette: true, colours: 2, dither: 0 }).toBuffer();
    expect(decodePng(png, "two.png").bitDepth).toBeLessThan(8);
  });
});

const combos: [colorType: number, bitDepth: number, channels: number][] = [
  [0, 1, 1], [0, 2, 1], [0, 4, 1], [0, 8, 1], [0, 16, 1],
  [2, 8, 3], [2, 16, 3],
  [3, 1, 1], [3, 2, 1], [3, 4, 1], [3, 8, 1],
  [4, 8, 2], [4, 16, 2],
  [6, 8, 4], [6, 16, 4],
];
const filters: [string, number | ((line: number) => number)][] = [
  ["None", 0], ["Sub", 1], ["Up", 2], ["Average", 3], ["Paeth", 4], ["mixed", (line) => line % 5],
];

describe("decodePng on every colour type, bit depth, filter and interlace", () => {
  it.each(combos)("colour type %i at %i bits", (colorType, bitDepth) => {
    const channels = combos.find((c) => c[0] === colorType)![2];
    for (const [width, height] of [...sizes, [10, 10], [3, 1]] as [number, number][]) {
      const max = 2 ** bitDepth;
      const count = width * height * channels;
      const samples = bitDepth === 16
        ? Uint16Array.from({ length: count }, (_, i) => (noise(1, i + width)[0] * 257 + i * 7) % max)
        : Uint8Array.from(noise(count, width * 13 + height + bitDepth), (v) => v % max);
      const palette = colorType === 3 ? noise(3 * 256, 99) : undefined;
      for (const [filterName, filter] of filters) {
        for (const interlaced of [false, true]) {
          const png = encodePng({ width, height, colorType, bitDepth, samples, palette, interlaced, filter });
          const decoded = decodePng(png, `${filterName}.png`);
          expect(decoded.channels).toBe(channels);
          expect(decoded.bitDepth).toBe(bitDepth);
          expect(decoded.interlaced).toBe(interlaced);
          expect(decoded.data).toEqual(samples);
          if (palette) expect(decoded.palette).toEqual(palette);
        }
      }
    }
  });
});
