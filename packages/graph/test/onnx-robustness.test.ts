import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { inspectOnnx, ModelFormatError } from "@podium/graph";

const resnet = new Uint8Array(readFileSync(new URL("../../../models/torchvision/resnet18.onnx", import.meta.url)));

/** Either a report or a one-line ModelFormatError: never a TypeError/RangeError from deep inside the reader. */
function inspectOrFormatError(bytes: Uint8Array): void {
  try {
    inspectOnnx(bytes, { source: "fuzz.onnx" });
  } catch (error) {
    expect(error).toBeInstanceOf(ModelFormatError);
    expect((error as Error).message).toMatch(/^fuzz\.onnx: /);
    expect((error as Error).message).not.toContain("\n");
  }
}

describe("ONNX reader robustness", () => {
  it("any prefix of a real model reads or fails with a ModelFormatError", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: resnet.length - 1 }), (cut) => inspectOrFormatError(resnet.subarray(0, cut))), { numRuns: 300 });
  });

  it("random byte corruption reads or fails with a ModelFormatError", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: resnet.length - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), (edits) => {
        const bytes = resnet.slice();
        for (const [at, value] of edits) bytes[at] = value;
        inspectOrFormatError(bytes);
      }),
      { numRuns: 300 },
    );
  });

  it("random bytes are not an ONNX model", () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (bytes) => inspectOrFormatError(bytes)), { numRuns: 300 });
  });
});
