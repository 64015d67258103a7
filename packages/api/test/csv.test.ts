import { describe, expect, it } from "vitest";
import { csvField, pyFloat } from "../src/csv.js";

describe("timm-style CSV cells", () => {
  it("prints floats as Python's str(round(x, n)) does", () => {
    expect(pyFloat(76.13, 4)).toBe("76.13");
    expect(pyFloat(100 - 76.13, 4)).toBe("23.87");
    expect(pyFloat(80, 4)).toBe("80.0");
    expect(pyFloat(25.557032, 2)).toBe("25.56");
    expect(pyFloat(0.875, 4)).toBe("0.875");
    expect(pyFloat(null, 4)).toBe("");
  });

  it("quotes fields as RFC 4180 says", () => {
    expect(csvField("resnet50")).toBe("resnet50");
    expect(csvField('vit "huge", v2')).toBe('"vit ""huge"", v2"');
  });
});
