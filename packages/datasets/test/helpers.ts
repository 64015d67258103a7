import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import sharp from "sharp";

/** Writes a real JPEG (gradient + seeded noise, encoded by libjpeg through sharp). */
export async function writeJpeg(path: string, width: number, height: number, seed = 1): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * 3);
  let state = seed;
  for (let i = 0; i < raw.length; i++) {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    const p = Math.floor(i / 3);
    raw[i] = ((p % width) * 3 + Math.floor(p / width) + (i % 3) * 70 + (state % 25)) & 255;
  }
  const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer();
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, jpeg);
  return jpeg;
}

export async function writeText(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** `new URL` into /work/shared/fixtures, read in place. */
export const sharedFixture = (path: string) => new URL(`../../../../shared/fixtures/${path}`, import.meta.url);
