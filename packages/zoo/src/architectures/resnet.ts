import { TopologyBuilder, type Ref, type Topology } from "../topology.js";
import type { ResolvedOptions } from "./options.js";

function convBn(b: TopologyBuilder, x: Ref, filters: number, kernel: number, strides: number): Ref {
  return b.batchNorm(b.conv(x, filters, kernel, { strides, useBias: false }));
}

function shortcut(b: TopologyBuilder, x: Ref, inChannels: number, outChannels: number, strides: number): Ref {
  return strides !== 1 || inChannels !== outChannels ? convBn(b, x, outChannels, 1, strides) : x;
}

function basicBlock(b: TopologyBuilder, x: Ref, inChannels: number, width: number, strides: number): [Ref, number] {
  let y = b.activation(convBn(b, x, width, 3, strides), "relu");
  y = convBn(b, y, width, 3, 1);
  return [b.activation(b.add([y, shortcut(b, x, inChannels, width, strides)]), "relu"), width];
}

/** torchvision's Bottleneck ("v1.5": the stride sits on the 3×3 conv). */
function bottleneck(b: TopologyBuilder, x: Ref, inChannels: number, width: number, strides: number): [Ref, number] {
  const out = width * 4;
  let y = b.activation(convBn(b, x, width, 1, 1), "relu");
  y = b.activation(convBn(b, y, width, 3, strides), "relu");
  y = convBn(b, y, out, 1, 1);
  return [b.activation(b.add([y, shortcut(b, x, inChannels, out, strides)]), "relu"), out];
}

export const RESNET_DEPTHS = {
  resnet18: { block: "basic", layers: [2, 2, 2, 2] },
  resnet34: { block: "basic", layers: [3, 4, 6, 3] },
  resnet50: { block: "bottleneck", layers: [3, 4, 6, 3] },
  resnet101: { block: "bottleneck", layers: [3, 4, 23, 3] },
  resnet152: { block: "bottleneck", layers: [3, 8, 36, 3] },
} as const;

/** torchvision's ResNets. Stride-2 "same" padding matches torchvision's symmetric padding in output size. */
export function resnet(name: keyof typeof RESNET_DEPTHS, o: ResolvedOptions): Topology {
  const { block, layers } = RESNET_DEPTHS[name];
  const b = new TopologyBuilder(name, o.seed);
  let x = b.input(o.inputShape);
  x = b.activation(convBn(b, x, 64, 7, 2), "relu");
  x = b.maxPool(x, 3, 2, "same");
  let channels = 64;
  layers.forEach((count, stage) => {
    const width = 64 * 2 ** stage;
    for (let i = 0; i < count; i++) {
      const strides = stage > 0 && i === 0 ? 2 : 1;
      [x, channels] = (block === "basic" ? basicBlock : bottleneck)(b, x, channels, width, strides);
    }
  });
  return b.build([b.dense(b.globalAvgPool(x), o.numClasses)]);
}
