import { describe, expect, it } from "vitest";
import { inShard, parseShard, progressBar, RunnerError } from "@podium/runner";

const fakeStream = (isTTY: boolean) => {
  const writes: string[] = [];
  return { stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream, writes };
};

describe("progress bar", () => {
  it("draws throughput and ETA in place on a TTY, ending with a newline", () => {
    const { stream, writes } = fakeStream(true);
    const bar = progressBar(stream);
    bar.update({ done: 10, total: 100, skipped: 0, imagesPerSecond: undefined, etaSeconds: undefined });
    bar.update({ done: 100, total: 100, skipped: 2, imagesPerSecond: 50, etaSeconds: 0 });
    bar.end();
    expect(writes[0]).toMatch(/^\r\[#{3}\.{27}\] 10\/100  warming up/);
    expect(writes[1]).toMatch(/^\r\[#{30}\] 100\/100  50\.0 img\/s  ETA 0:00  2 skipped/);
    expect(writes.at(-1)).toBe("\n");
  });
  it("is silent when stderr is not a terminal", () => {
    const { stream, writes } = fakeStream(false);
    const bar = progressBar(stream);
    bar.update({ done: 1, total: 2, skipped: 0, imagesPerSecond: 1, etaSeconds: 1 });
    bar.end();
    expect(writes).toEqual([]);
  });
});

describe("--shard i/n", () => {
  it("parses and splits positions round robin", () => {
    expect(parseShard("2/5")).toEqual({ index: 2, count: 5 });
    expect([0, 1, 2, 3, 4, 5, 6, 7].filter((p) => inShard(p, { index: 1, count: 3 }))).toEqual([1, 4, 7]);
    for (const bad of ["3/3", "1", "a/b", "-1/2", "0/0"]) expect(() => parseShard(bad)).toThrow(RunnerError);
  });
});
