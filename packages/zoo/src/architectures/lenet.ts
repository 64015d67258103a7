import { TopologyBuilder, type Topology } from "../topology.js";
import type { ResolvedOptions } from "./options.js";

/** LeNet-5 as usually written in PyTorch tutorials: 32×32×1, conv 6@5×5, pool, conv 16@5×5, pool, FC 120-84-10 (61,706 params). */
export function lenet5(o: ResolvedOptions): Topology {
  const b = new TopologyBuilder("lenet5", o.seed);
  let x = b.input(o.inputShape);
  x = b.conv(x, 6, 5, { padding: "valid", activation: "relu" });
  x = b.maxPool(x, 2, 2);
  x = b.conv(x, 16, 5, { padding: "valid", activation: "relu" });
  x = b.maxPool(x, 2, 2);
  x = b.flatten(x);
  x = b.dense(x, 120, "relu");
  x = b.dense(x, 84, "relu");
  return b.build([b.dense(x, o.numClasses)]);
}
