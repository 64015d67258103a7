import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { openDatasetAt } from "@podium/runner";

const repo = fileURLToPath(new URL("../../../", import.meta.url));

describe("openDatasetAt on the bundled layouts", () => {
  it("a folder with annotations.json + images/ is a COCO set named after the folder", async () => {
    const dataset = await openDatasetAt(`${repo}datasets/demo-detection`);
    expect(dataset.task).toBe("detection");
    expect(dataset.name).toBe("demo-detection");
    expect(dataset.size).toBe(12);
  });

  it("the Fashion-MNIST IDX folder is the 10k test split", async () => {
    const dataset = await openDatasetAt(`${repo}datasets/fashion-mnist`);
    expect(dataset.task).toBe("classification");
    expect(dataset.name).toBe("fashion-mnist-test");
    expect(dataset.size).toBe(10_000);
  });

  it("the demo segmentation folder opens through its dataset manifest", async () => {
    const dataset = await openDatasetAt(`${repo}datasets/demo-segmentation`);
    expect(dataset.task).toBe("semantic-segmentation");
    expect(dataset.classes).toEqual(["background", "person"]);
  });
});
