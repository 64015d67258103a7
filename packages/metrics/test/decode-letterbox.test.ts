import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { letterboxTransform, stretchTransform, boxesToSourceImage, boxesToNetworkInput, MetricInputError } from "@podium/metrics";

describe("letterboxTransform", () => {
  it("fits 640×480 into 416×416 with centred padding", () => {
    expect(letterboxTransform(640, 480, 416, 416, { pad: "center" })).toEqual({
      srcWidth: 640, srcHeight: 480, dstWidth: 416, dstHeight: 416,
      scaleX: 0.65, scaleY: 0.65, padLeft: 0, padTop: 52, resizedWidth: 416, resizedHeight: 312,
    });
  });

  it("puts the odd padding pixel at the bottom, as ultralytics does", () => {
    // 51 · 0.64 = 32.64 → 33 rows; 31 rows of padding → 15 on top, 16 below.
    const t = letterboxTransform(100, 51, 64, 64, { pad: "center" });
    expect([t.resizedWidth, t.resizedHeight, t.padLeft, t.padTop]).toEqual([64, 33, 0, 15]);
  });

  it("rounds the resized size half to even, as Python's round()", () => {
    // 5 · 0.5 = 2.5 → 2 (Math.round would give 3).
    const t = letterboxTransform(10, 5, 5, 5, { pad: "center" });
    expect([t.resizedWidth, t.resizedHeight, t.padTop]).toEqual([5, 2, 1]);
  });

  it("does not enlarge when scaleUp is false, and pads right/bottom only for top-left", () => {
    const t = letterboxTransform(100, 50, 416, 416, { pad: "center", scaleUp: false });
    expect([t.scaleX, t.resizedWidth, t.resizedHeight, t.padLeft, t.padTop]).toEqual([1, 100, 50, 158, 183]);
    const tl = letterboxTransform(100, 50, 416, 416, { pad: "top-left" });
    expect([tl.scaleX, tl.resizedWidth, tl.resizedHeight, tl.padLeft, tl.padTop]).toEqual([4.16, 416, 208, 0, 0]);
  });

  it("maps network boxes back to the image and clips them to its bounds", () => {
    const t = letterboxTransform(640, 480, 416, 416, { pad: "center" });
    // (13, 52 + 6.5) → (20, 10); the second box hangs over every edge.
    expect(Array.from(boxesToSourceImage([13, 58.5, 26, 71.5, -10, 40, 500, 400], t))).toEqual([20, 10, 40, 30, 0, 0, 640, 480]);
    expect(Array.from(boxesToSourceImage([-10, 40, 500, 400], t, { clip: false }))).toEqual([-10 / 0.65, -12 / 0.65, 500 / 0.65, 348 / 0.65]);
  });

  it("rejects bad sizes and box arrays", () => {
    expect(() => letterboxTransform(0, 10, 10, 10, { pad: "center" })).toThrow(MetricInputError);
    expect(() => letterboxTransform(10, 10, 10, 10, { pad: "middle" as "center" })).toThrow(/pad/);
    expect(() => boxesToSourceImage([1, 2, 3], stretchTransform(2, 2, 4, 4))).toThrow("boxes: expected a multiple of 4 values (x1, y1, x2, y2 per box), got 3");
  });
});

describe("stretchTransform", () => {
  it("scales each axis on its own", () => {
    const t = stretchTransform(640, 480, 320, 320);
    expect([t.scaleX, t.scaleY, t.padLeft, t.padTop]).toEqual([0.5, 320 / 480, 0, 0]);
    expect(Array.from(boxesToSourceImage([10, 20, 30, 40], t))).toEqual([20, 30, 60, 60]);
  });
});

describe("round trip image → network input → image", () => {
  const size = fc.integer({ min: 1, max: 4000 });
  const unit = fc.double({ min: 0, max: 1, noNaN: true });
  it("is the identity within 1e-9 for letterbox and stretch", () => {
    fc.assert(
      fc.property(size, size, size, size, fc.constantFrom("center", "top-left", "stretch"), fc.boolean(), fc.array(unit, { minLength: 4, maxLength: 4 }), (sw, sh, dw, dh, kind, scaleUp, [a, b, c, d]) => {
        const t = kind === "stretch" ? stretchTransform(sw, sh, dw, dh) : letterboxTransform(sw, sh, dw, dh, { pad: kind, scaleUp });
        const box = [Math.min(a, c) * sw, Math.min(b, d) * sh, Math.max(a, c) * sw, Math.max(b, d) * sh];
        const back = boxesToSourceImage(boxesToNetworkInput(box, t), t);
        back.forEach((v, k) => expect(Math.abs(v - box[k])).toBeLessThanOrEqual(1e-9));
      }),
      { numRuns: 500 },
    );
  });
});
