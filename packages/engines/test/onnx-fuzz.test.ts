import { writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ModelRejectedError, openModel, validateOnnx } from "@podium/engines";
import { divModel, externalAddModel, model, node, uint8IdentityModel, valueInfo, DataType } from "./helpers/onnx-writer.js";
import { tempDir } from "./helpers/paths.js";

const limits = { maxTensorBytes: 2 ** 31, maxTotalBytes: 2 ** 33 };
const seeds = [divModel(), uint8IdentityModel(), externalAddModel("../../etc/passwd")];

/** validateOnnx must either accept or refuse with ModelRejectedError: never a RangeError, TypeError or hang. */
function validatesCleanly(bytes: Uint8Array): void {
  try {
    validateOnnx(bytes, "fuzz.onnx", limits);
  } catch (error) {
    expect(error).toBeInstanceOf(ModelRejectedError);
    expect((error as Error).message).not.toContain("\n");
  }
}

describe("the ONNX framing check under mutation", () => {
  it("only ever accepts or refuses with a one-line ModelRejectedError (byte flips, truncation, insertion)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: seeds.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.boolean(),
        (which, flips, cut, insert) => {
          const bytes = Uint8Array.from(seeds[which]!);
          for (const [at, value] of flips) bytes[at % bytes.length] = value;
          const cutAt = cut % (bytes.length + 1);
          const mutated = insert ? Uint8Array.from([...bytes.subarray(0, cutAt), 0xff, 0xff, 0x7f, ...bytes.subarray(cutAt)]) : bytes.subarray(0, cutAt);
          validatesCleanly(mutated);
        },
      ),
      // The example is a mutation found by this property: a newline byte inside an external-data location once
      // made the refusal two lines long.
      { numRuns: 3000, examples: [[2, [[1517420873, 10], [0, 88]], 2147352557, true]] },
    );
  });

  it("refuses every strict prefix of a hand-encoded model", () => {
    const bytes = divModel();
    for (let cut = 0; cut < bytes.length; cut++) {
      // A prefix can end on a field boundary only after the graph, so either it is cut inside a field or it
      // lacks the graph / ir_version: both are refusals.
      expect(() => validateOnnx(bytes.subarray(0, cut), "prefix.onnx", limits), `cut ${cut}`).toThrow(ModelRejectedError);
    }
  });

  it("hands onnxruntime's own refusal of a well-framed but invalid graph back as ModelRejectedError", async () => {
    const file = join(tempDir(), "unknown-op.onnx");
    writeFileSync(file, model([node("NoSuchOperator", ["x"], ["y"]), valueInfo(11, "x", DataType.float, [1]), valueInfo(12, "y", DataType.float, [1])]));
    const error = await openModel(file, { device: "cpu" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRejectedError);
    expect((error as Error).message).toMatch(/unknown-op\.onnx: onnxruntime could not load the model: .*NoSuchOperator/);
    expect((error as Error).message).not.toContain("\n");
  });
});
