import { describe, expect, it } from "vitest";
import { extractZip, readZipDirectory, ZipRejectedError, type ZipLimits } from "@podium/api";
import { buildZip } from "./support/zip-builder.js";

const limits: ZipLimits = { maxEntries: 8, maxTotalUncompressedBytes: 4 * 2 ** 20, maxCompressionRatio: 100 };
const rejection = (bytes: Uint8Array) => {
  try {
    extractZip(bytes, limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ZipRejectedError);
    const message = (error as Error).message;
    expect(message.split("\n")).toHaveLength(1);
    return message;
  }
  throw new Error("archive was accepted");
};

describe("ZIP reader", () => {
  it("reads stored and deflated entries back byte for byte", () => {
    const weights = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7919) % 251);
    const files = extractZip(buildZip([{ name: "m/" }, { name: "m/model.json", data: '{"a":1}', deflate: true }, { name: "m/w.bin", data: weights }]), limits);
    expect([...files.keys()]).toEqual(["m/model.json", "m/w.bin"]);
    expect(Buffer.from(files.get("m/model.json")!).toString()).toBe('{"a":1}');
    expect(new Uint8Array(files.get("m/w.bin")!)).toEqual(weights);
  });

  it("refuses a bomb by its declared total size, before inflating anything", () => {
    const big = new Uint8Array(3 * 2 ** 20);
    const bytes = buildZip([
      { name: "a.bin", data: big, deflate: true },
      { name: "b.bin", data: big, deflate: true },
    ]);
    expect(() => readZipDirectory(bytes, { ...limits, maxCompressionRatio: 1e9 })).toThrow(/inflate to more than 4194304 bytes/);
  });

  it("refuses a bomb by its compression ratio", () => {
    expect(rejection(buildZip([{ name: "zeros.bin", data: new Uint8Array(2 ** 20), deflate: true }]))).toMatch(/"zeros\.bin" has a compression ratio over 100:1/);
  });

  it("refuses an entry that inflates past the size it declares (declared sizes can lie)", () => {
    // 1 MiB of zeros declared as 1000 bytes: the directory passes every check, inflation must not.
    const liar = buildZip([{ name: "w.bin", data: new Uint8Array(2 ** 20), deflate: true, declaredSize: 1000 }]);
    expect(() => readZipDirectory(liar, limits)).not.toThrow();
    expect(rejection(liar)).toMatch(/"w\.bin" inflates past its declared 1000 bytes/);
  });

  it("refuses an entry that inflates to less than it declares", () => {
    expect(rejection(buildZip([{ name: "w.bin", data: "short", deflate: true, declaredSize: 50 }]))).toMatch(/inflates to 5 bytes, not its declared 50/);
  });

  it.each([
    ["../evil.json", /points outside the archive/],
    ["model/../../evil.json", /points outside the archive/],
    ["/etc/passwd", /absolute path/],
    ["C:/Windows/evil.dll", /absolute path/],
    ["..\\evil.json", /backslash/],
  ])("refuses the path %s", (name, reason) => {
    expect(rejection(buildZip([{ name, data: "x" }]))).toMatch(reason);
  });

  it("refuses a symbolic link (S_IFLNK in the external attributes)", () => {
    expect(rejection(buildZip([{ name: "model.json", data: "/etc/passwd", unixMode: 0o120777 }]))).toMatch(/"model\.json" is a symbolic link/);
    // A regular Unix file with the same host byte is fine.
    expect(extractZip(buildZip([{ name: "model.json", data: "{}", unixMode: 0o100644 }]), limits).size).toBe(1);
  });

  it("refuses too many entries", () => {
    const specs = Array.from({ length: 9 }, (_, i) => ({ name: `s${i}.bin`, data: "x" }));
    expect(rejection(buildZip(specs))).toMatch(/9 entries, more than the limit of 8/);
  });

  it("refuses duplicate names", () => {
    expect(rejection(buildZip([{ name: "model.json", data: "{}" }, { name: "model.json", data: "{}" }]))).toMatch(/"model\.json" appears twice/);
  });

  it("refuses encrypted entries", () => {
    expect(rejection(buildZip([{ name: "w.bin", data: "secret", flags: 1 }]))).toMatch(/"w\.bin" is encrypted/);
  });

  it("refuses entries that overlap (the overlapping-file bomb) or whose local header disagrees", () => {
    const data = Uint8Array.from({ length: 300 }, (_, i) => i % 256);
    expect(rejection(buildZip([{ name: "a.bin", data }, { name: "b.bin", data, localOffset: 0 }]))).toMatch(/overlaps another entry|is named "a\.bin" in its local header/);
    expect(rejection(buildZip([{ name: "model.json", localName: "../x.json", data: "{}" }]))).toMatch(/is named "\.\.\/x\.json" in its local header/);
  });

  it("refuses what is not a ZIP, with one line", () => {
    expect(rejection(new TextEncoder().encode("not a zip at all, just some text bytes"))).toMatch(/not a ZIP file/);
  });
});
