import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { deflateSync } from "node:zlib";
import sharp from "sharp";
import { decodePng, readLabelMap, PngDecodeError, DatasetError } from "@podium/datasets";
import { SIGNATURE, chunk, concat, encodePng, ihdr, rawImageData, type TestImage } from "./png-test-encoder.js";

const fixture = new Uint8Array(readFileSync(fileURLToPath(new URL("../../../../shared/fixtures/segmentation/gt/img000.png", import.meta.url))));

/** Chunk layout of a PNG, to cut and damage files at meaningful places. */
function layout(bytes: Uint8Array): { type: string; offset: number; length: number }[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = [];
  for (let offset = 8; offset < bytes.length; ) {
    const length = view.getUint32(offset);
    out.push({ type: String.fromCharCode(...bytes.subarray(offset + 4, offset + 8)), offset, length });
    offset += 12 + length;
  }
  return out;
}

/** Decodes and returns the error message, checking it is a one-line PngDecodeError that names the file. */
function failure(bytes: Uint8Array, fileName = "bad.png", read: typeof decodePng = decodePng): string {
  try {
    read(bytes, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(PngDecodeError);
    expect(error).toBeInstanceOf(DatasetError);
    const message = (error as Error).message;
    expect(message).not.toContain("\n");
    expect(message.startsWith(`${fileName}: `)).toBe(true);
    return message;
  }
  throw new Error("decoding did not fail");
}

const chunks = layout(fixture);
const idat = chunks.find((c) => c.type === "IDAT")!;
const iend = chunks.find((c) => c.type === "IEND")!;
const small: TestImage = { width: 4, height: 3, colorType: 0, bitDepth: 8, samples: Array.from({ length: 12 }, (_, i) => i) };

describe("decodePng on broken files", () => {
  it("the undamaged fixture decodes (so the damage below is what fails)", () => {
    expect(decodePng(fixture, "gt/img000.png").width).toBe(47);
  });

  it("rejects an empty file", () => {
    expect(failure(new Uint8Array(0), "empty.png")).toBe("empty.png: not a PNG (file is empty)");
  });

  it("rejects JPEG bytes by their signature", async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: "#808080" } }).jpeg().toBuffer();
    expect(failure(jpeg, "photo.png")).toMatch(/^photo\.png: not a PNG \(bad signature: starts with ff d8 ff [0-9a-f ]+, looks like JPEG\)$/);
    expect(failure(new TextEncoder().encode("P5 2 2 255 xxxx"), "text.png")).toBe("text.png: not a PNG (bad signature: starts with 50 35 20 32 20 32 20 32)");
  });

  it.each([
    [4, /truncated file: 4 bytes, shorter than the 8-byte PNG signature/],
    [8, /missing IEND chunk \(file ends after the signature; truncated\?\)/],
    [20, /truncated file: chunk IHDR at byte 8 declares 13 data bytes \+ CRC, only 4 remain/],
    [12, /truncated file: chunk header at byte 8 needs 8 bytes, only 4 remain/],
    [33, /missing IEND chunk \(file ends after chunk IHDR; truncated\?\)/],
    [idat.offset + 20, /truncated file: chunk IDAT at byte \d+ declares \d+ data bytes \+ CRC, only 12 remain/],
    [iend.offset, /missing IEND chunk \(file ends after chunk IDAT; truncated\?\)/],
    [fixture.length - 1, /truncated file: chunk IEND at byte \d+ declares 0 data bytes \+ CRC, only 3 remain/],
  ])("rejects the fixture truncated to %i bytes", (length, message) => {
    expect(failure(fixture.slice(0, length), "cut.png")).toMatch(message);
  });

  it.each([0, 1, 17, -1])("reports a CRC mismatch for a flipped byte at IDAT data offset %i", (at) => {
    const damaged = fixture.slice();
    damaged[idat.offset + 8 + (at < 0 ? idat.length + at : at)] ^= 0x10;
    expect(failure(damaged, "flip.png")).toMatch(new RegExp(`^flip\\.png: CRC mismatch in chunk IDAT at byte ${idat.offset} \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\)$`));
  });

  it("checks the CRC of ancillary chunks and of the CRC field itself", () => {
    const withText = concat([SIGNATURE, ihdr(4, 3, 8, 0), chunk("tEXt", new TextEncoder().encode("a\0b")), chunk("IDAT", deflateSync(rawImageData(small))), chunk("IEND", new Uint8Array(0))]);
    expect(decodePng(withText, "ok.png").data).toEqual(Uint8Array.from(small.samples));
    const textAt = layout(withText).find((c) => c.type === "tEXt")!;
    const damaged = withText.slice();
    damaged[textAt.offset + 8 + 3 + 1] ^= 1; // first CRC byte
    expect(failure(damaged)).toMatch(/CRC mismatch in chunk tEXt/);
  });

  it("rejects a file without IHDR first", () => {
    const noHeader = concat([SIGNATURE, chunk("IDAT", deflateSync(rawImageData(small))), chunk("IEND", new Uint8Array(0))]);
    expect(failure(noHeader)).toBe("bad.png: missing IHDR: the first chunk is IDAT");
  });

  it("rejects an invalid header", () => {
    const idatChunk = chunk("IDAT", deflateSync(rawImageData(small)));
    const end = chunk("IEND", new Uint8Array(0));
    expect(failure(concat([SIGNATURE, ihdr(4, 3, 3, 0), idatChunk, end]))).toBe("bad.png: bad IHDR: bit depth 3 is not allowed for colour type 0 (gray; allowed 1, 2, 4, 8, 16)");
    expect(failure(concat([SIGNATURE, ihdr(4, 3, 8, 5), idatChunk, end]))).toMatch(/unknown colour type 5/);
    expect(failure(concat([SIGNATURE, ihdr(0, 3, 8, 0), idatChunk, end]))).toMatch(/image size 0×3/);
    expect(failure(concat([SIGNATURE, ihdr(4, 3, 8, 0, 2), idatChunk, end]))).toMatch(/unknown interlace method 2/);
    expect(failure(concat([SIGNATURE, ihdr(4, 3, 8, 3), idatChunk, end]))).toBe("bad.png: palette image (colour type 3) without a PLTE chunk");
    expect(failure(concat([SIGNATURE, ihdr(4, 3, 8, 0), end]))).toBe("bad.png: no IDAT chunk (no image data)");
  });

  it("rejects an unknown critical chunk but skips unknown ancillary ones", () => {
    const parts = (extra: Uint8Array) => concat([SIGNATURE, ihdr(4, 3, 8, 0), extra, chunk("IDAT", deflateSync(rawImageData(small))), chunk("IEND", new Uint8Array(0))]);
    expect(failure(parts(chunk("ZZZZ", new Uint8Array(2))))).toBe("bad.png: unknown critical chunk ZZZZ at byte 33");
    expect(decodePng(parts(chunk("zzZZ", new Uint8Array(2))), "ok.png").width).toBe(4);
  });

  it("rejects a bad filter type, naming the scanline", () => {
    const raw = rawImageData(small);
    raw[2 * 5] = 7; // scanline 2's filter byte (each scanline is 1 + 4 bytes)
    expect(failure(encodePng(small, { raw }))).toBe("bad.png: bad filter type 7 on scanline 2 (PNG defines 0–4)");
    const interlaced = rawImageData({ ...small, interlaced: true });
    interlaced[0] = 9;
    expect(failure(encodePng({ ...small, interlaced: true }, { raw: interlaced }))).toBe("bad.png: bad filter type 9 on scanline 0 of interlace pass 1 (PNG defines 0–4)");
  });

  it("rejects image data of the wrong size", () => {
    const raw = rawImageData(small);
    expect(failure(encodePng(small, { raw: raw.subarray(0, raw.length - 5) }))).toBe("bad.png: data size mismatch: image data inflates to 10 bytes, 4×3 gray 8-bit needs 15");
    expect(failure(encodePng(small, { raw: concat([raw, new Uint8Array(1)]) }))).toMatch(/inflates to 16 bytes, 4×3 gray 8-bit needs 15/);
  });

  it("rejects IDAT data that is not a zlib stream (with valid CRCs)", () => {
    const garbage = concat([SIGNATURE, ihdr(4, 3, 8, 0), chunk("IDAT", Uint8Array.from([1, 2, 3, 4, 5])), chunk("IEND", new Uint8Array(0))]);
    expect(failure(garbage)).toMatch(/^bad\.png: corrupt image data: zlib could not inflate IDAT \(.+\)$/);
    const compressed = deflateSync(rawImageData(small));
    const cut = concat([SIGNATURE, ihdr(4, 3, 8, 0), chunk("IDAT", compressed.subarray(0, compressed.length - 6)), chunk("IEND", new Uint8Array(0))]);
    expect(failure(cut)).toMatch(/corrupt image data: zlib could not inflate IDAT/);
  });

  it("readLabelMap passes decode errors through with the file name", () => {
    expect(failure(fixture.slice(0, 33), "gt/img000.png", readLabelMap)).toBe("gt/img000.png: missing IEND chunk (file ends after chunk IHDR; truncated?)");
  });
});
