import { TopologyBuilder, type Topology } from "../topology.js";
import type { ResolvedOptions } from "./options.js";

/** Conv widths per stage; "M" is a 2×2 max pool (torchvision's cfgs "D" and "E"). */
const CONFIGS = {
  vgg16: [64, 64, "M", 128, 128, "M", 256, 256, 256, "M", 512, 512, 512, "M", 512, 512, 512, "M"],
  vgg19: [64, 64, "M", 128, 128, "M", 256, 256, 256, 256, "M", 512, 512, 512, 512, "M", 512, 512, 512, 512, "M"],
} as const;

/** torchvision's VGG without BN (its AdaptiveAvgPool2d((7, 7)) is the identity at 224² and is left out). */
export function vgg(name: keyof typeof CONFIGS, o: ResolvedOptions): Topology {
  const b = new TopologyBuilder(name, o.seed);
  let x = b.input(o.inputShape);
  for (const item of CONFIGS[name]) x = item === "M" ? b.maxPool(x, 2, 2) : b.conv(x, item, 3, { activation: "relu" });
  x = b.flatten(x);
  x = b.dense(x, 4096, "relu");
  x = b.dropout(x, 0.5);
  x = b.dense(x, 4096, "relu");
  x = b.dropout(x, 0.5);
  return b.build([b.dense(x, o.numClasses)]);
}
