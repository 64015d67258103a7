import { describe, it, expect } from "vitest";
import { inspectLayersTopology } from "@podium/graph";
import { architectureTopology, listArchitectures } from "@podium/zoo";

// torchvision's exact num_params (BN running stats are buffers, so they are the tfjs model's non-trainable weights).
const TORCHVISION_PARAMS: Record<string, number> = {
  lenet5: 61_706,
  alexnet: 61_100_840,
  vgg16: 138_357_544,
  vgg19: 143_667_240,
  googlenet: 6_624_904,
  resnet18: 11_689_512,
  resnet34: 21_797_672,
  resnet50: 25_557_032,
  resnet101: 44_549_160,
  resnet152: 60_192_808,
  mobilenet_v2: 3_504_872,
};

describe("zoo parameter counts (from the topology, no weights allocated)", () => {
  it.each(Object.entries(TORCHVISION_PARAMS))("%s has exactly torchvision's %i trainable params", (name, expected) => {
    const report = inspectLayersTopology(architectureTopology(name));
    expect(report.unknownOps).toEqual([]);
    expect(report.totals.trainableParams).toBe(expected);
  });

  it("the two-tower AlexNet of the 2012 paper has 60,965,224 params", () => {
    expect(inspectLayersTopology(architectureTopology("alexnet_two_tower")).totals.trainableParams).toBe(60_965_224);
  });

  it("GoogLeNet with both auxiliary classifiers has 13,004,888 params and three outputs", () => {
    const report = inspectLayersTopology(architectureTopology("googlenet_aux"));
    expect(report.totals.trainableParams).toBe(13_004_888);
    expect(report.outputs.map((o) => o.shape)).toEqual([[1, 1000], [1, 1000], [1, 1000]]);
  });

  it("BatchNorm running stats are the only non-trainable params (2 per channel)", () => {
    const report = inspectLayersTopology(architectureTopology("resnet18"));
    expect(report.totals.nonTrainableParams).toBe(9_600);
    expect(inspectLayersTopology(architectureTopology("vgg16")).totals.nonTrainableParams).toBe(0);
  });

  it("every architecture ends in [1, numClasses] and numClasses changes only the last layer", () => {
    for (const name of listArchitectures()) {
      const report = inspectLayersTopology(architectureTopology(name, { numClasses: 7 }));
      expect(report.outputs[0].shape, name).toEqual([1, 7]);
    }
  });
});
