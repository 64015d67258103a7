import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { architectureInfo, listArchitectures, FACTS_URL } from "@podium/zoo";

const SHARED_FACTS = new URL("../../../../shared/facts/ilsvrc-history.json", import.meta.url);

describe("architecture metadata", () => {
  it("the packaged facts file is a byte-for-byte copy of shared/facts/ilsvrc-history.json", () => {
    expect(Buffer.compare(readFileSync(FACTS_URL), readFileSync(SHARED_FACTS))).toBe(0);
  });

  it("every architecture has a year, a paper with a URL, and accuracy with the source string of the facts file", () => {
    const shared = JSON.parse(readFileSync(SHARED_FACTS, "utf8")) as { architectures: { name: string; year: number; source: string; top1_pct: number | null }[] };
    for (const name of listArchitectures()) {
      const info = architectureInfo(name);
      expect(info.paper.url, name).toMatch(/^https:\/\//);
      const entry = shared.architectures.find((a) => a.name === info.facts.name)!;
      expect(info.year, name).toBe(entry.year);
      if (name !== "alexnet_two_tower") {
        expect(info.accuracy.source).toBe(entry.source);
        expect(info.accuracy.top1Pct).toBe(entry.top1_pct);
      }
    }
  });

  it("reported figures: ResNet-50 76.13% top-1 (torchvision V1); the two-tower AlexNet uses the paper's 40.7/18.2% val error", () => {
    expect(architectureInfo("resnet50").accuracy.top1Pct).toBe(76.13);
    const alex = architectureInfo("alexnet_two_tower").accuracy;
    expect([alex.top1Pct, alex.top5Pct]).toEqual([59.3, 81.8]);
    expect(alex.source).toMatch(/Krizhevsky/);
    expect(architectureInfo("lenet5").accuracy.top1Pct).toBeNull();
  });
});
