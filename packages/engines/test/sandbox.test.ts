import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { ModelRejectedError, runInSandbox, SandboxError } from "@podium/engines";
import { divModel } from "./helpers/onnx-writer.js";
import { fixture, tempDir } from "./helpers/paths.js";

async function sandboxFailure(promise: Promise<unknown>): Promise<SandboxError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SandboxError);
  expect((error as Error).message).not.toContain("\n");
  return error as SandboxError;
}

describe("models run in a child process with time and memory limits", () => {
  let divFile: string;
  beforeAll(() => {
    divFile = join(tempDir(), "div.onnx");
    writeFileSync(divFile, divModel());
  });

  it("runs a model in the child and brings typed arrays back, NaN included", async () => {
    const { value } = await runInSandbox({
      task: "run",
      path: divFile,
      open: { device: "cpu" },
      feeds: { a: { data: Float32Array.from([0, 1]), dims: [2] }, b: { data: Float32Array.from([0, 2]), dims: [2] } },
    });
    expect(value.info.backend).toBe("cpu");
    expect(value.outputs.y!.data).toBeInstanceOf(Float32Array);
    const y = Array.from(value.outputs.y!.data as Float32Array);
    expect(Number.isNaN(y[0])).toBe(true);
    expect(y[1]).toBe(0.5);
  });

  it("passes a rejection from the child back with its type and one-line message", async () => {
    const file = join(tempDir(), "garbage.onnx");
    writeFileSync(file, "garbage bytes, not protobuf");
    const error = await runInSandbox({ task: "describe", path: file, open: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelRejectedError);
    expect((error as Error).message).toMatch(/garbage\.onnx: not (a valid )?(an )?ONNX model/);
  });

  it("kills a child that hangs, at the wall-clock limit", async () => {
    const started = Date.now();
    const error = await sandboxFailure(runInSandbox({ task: "describe", path: "hang.onnx", open: {} }, { entry: fixture("hang-child.mjs"), timeoutMs: 1500 }));
    expect(error.kind).toBe("timeout");
    expect(error.message).toBe("hang.onnx: model process exceeded the 1.5 s time limit and was killed");
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("reports a child that crashes", async () => {
    const error = await sandboxFailure(runInSandbox({ task: "describe", path: "crash.onnx", open: {} }, { entry: fixture("crash-child.mjs") }));
    expect(error.kind).toBe("crash");
    expect(error.message).toMatch(/^crash\.onnx: model process crashed \(was killed by SIGSEGV/);
  });

  it("kills a child whose resident memory passes the limit", async () => {
    const error = await sandboxFailure(
      runInSandbox({ task: "describe", path: "rss.onnx", open: {} }, { entry: fixture("rss-hog-child.mjs"), memoryLimitMb: 300, timeoutMs: 60_000 }),
    );
    expect(error.kind).toBe("memory");
    expect(error.message).toMatch(/^rss\.onnx: model process used \d+ MiB, over the 300 MiB memory limit, and was killed$/);
  });

  it("stops a child whose JS heap passes the limit", async () => {
    const error = await sandboxFailure(
      runInSandbox({ task: "describe", path: "heap.onnx", open: {} }, { entry: fixture("heap-hog-child.mjs"), memoryLimitMb: 200, timeoutMs: 60_000 }),
    );
    expect(error.kind).toBe("memory");
  });

  it("leaves the caller running after all of that", async () => {
    const { value } = await runInSandbox({ task: "describe", path: divFile, open: { device: "cpu" } });
    expect(value.description.inputs.map((i) => i.name)).toEqual(["a", "b"]);
  });
});
