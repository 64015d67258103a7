/**
 * Writes the samples of `rows` unfiltered scanlines (each 1 filter byte + rowBytes) into `out`, pixel
 * (x, y) of the subimage landing at out[((y0 + y·dy)·outWidth + x0 + x·dx)·channels]. Samples keep their
 * stored values: a 2-bit gray 3 stays 3 (not scaled to 255), so label indices survive exactly.
 */
export function unpackSamples(
  raw: Uint8Array, start: number, width: number, rows: number, rowBytes: number,
  bitDepth: number, channels: number, out: Uint8Array | Uint16Array, outWidth: number,
  x0: number, y0: number, dx: number, dy: number,
): void {
  const samplesPerRow = width * channels;
  for (let y = 0; y < rows; y++) {
    const row = start + y * (rowBytes + 1) + 1;
    const outRow = (y0 + y * dy) * outWidth;
    if (bitDepth === 8 && dx === 1 && x0 === 0) {
      (out as Uint8Array).set(raw.subarray(row, row + samplesPerRow), outRow * channels);
      continue;
    }
    for (let s = 0; s < samplesPerRow; s++) {
      let value: number;
      if (bitDepth === 8) value = raw[row + s];
      else if (bitDepth === 16) value = (raw[row + 2 * s] << 8) | raw[row + 2 * s + 1];
      else {
        const bit = s * bitDepth;
        value = (raw[row + (bit >> 3)] >> (8 - bitDepth - (bit & 7))) & ((1 << bitDepth) - 1);
      }
      const x = (s / channels) | 0;
      out[(outRow + x0 + x * dx) * channels + (s % channels)] = value;
    }
  }
}
