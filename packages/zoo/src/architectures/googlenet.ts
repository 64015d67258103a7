import { TopologyBuilder, type Ref, type Topology } from "../topology.js";
import type { ResolvedOptions } from "./options.js";

/** torchvision's BasicConv2d: conv without bias, BatchNorm (eps 0.001), ReLU. */
function basicConv(b: TopologyBuilder, x: Ref, filters: number, kernel: number, strides = 1): Ref {
  return b.activation(b.batchNorm(b.conv(x, filters, kernel, { strides, useBias: false }), 0.001), "relu");
}

/** Four branches: 1×1; 1×1→3×3; 1×1→3×3 (torchvision uses 3×3 where the paper has 5×5, pytorch/vision#906); pool→1×1. */
function inception(b: TopologyBuilder, x: Ref, c1: number, c3r: number, c3: number, c5r: number, c5: number, pool: number): Ref {
  const branch1 = basicConv(b, x, c1, 1);
  const branch2 = basicConv(b, basicConv(b, x, c3r, 1), c3, 3);
  const branch3 = basicConv(b, basicConv(b, x, c5r, 1), c5, 3);
  const branch4 = basicConv(b, b.maxPool(x, 3, 1, "same"), pool, 1);
  return b.concat([branch1, branch2, branch3, branch4]);
}

/** InceptionAux: 14×14 → 4×4 average pool (the paper's 5×5/3), 1×1 conv 128, FC 1024, FC classes. */
function auxiliary(b: TopologyBuilder, x: Ref, numClasses: number): Ref {
  x = basicConv(b, b.avgPool(x, 5, 3), 128, 1);
  x = b.dense(b.flatten(x), 1024, "relu");
  return b.dense(b.dropout(x, 0.7), numClasses);
}

/**
 * torchvision's GoogLeNet (6,624,904 params; 13,004,888 with both auxiliary classifiers as extra outputs).
 * torchvision pools with ceil_mode=True; TF "same" pooling gives the same output sizes at 224².
 */
export function googlenet(o: ResolvedOptions, withAux: boolean): Topology {
  const b = new TopologyBuilder(withAux ? "googlenet_aux" : "googlenet", o.seed);
  let x = b.input(o.inputShape);
  x = basicConv(b, x, 64, 7, 2);
  x = b.maxPool(x, 3, 2, "same");
  x = basicConv(b, x, 64, 1);
  x = basicConv(b, x, 192, 3);
  x = b.maxPool(x, 3, 2, "same");
  x = inception(b, x, 64, 96, 128, 16, 32, 32);
  x = inception(b, x, 128, 128, 192, 32, 96, 64);
  x = b.maxPool(x, 3, 2, "same");
  x = inception(b, x, 192, 96, 208, 16, 48, 64);
  const aux1 = withAux ? auxiliary(b, x, o.numClasses) : null;
  x = inception(b, x, 160, 112, 224, 24, 64, 64);
  x = inception(b, x, 128, 128, 256, 24, 64, 64);
  x = inception(b, x, 112, 144, 288, 32, 64, 64);
  const aux2 = withAux ? auxiliary(b, x, o.numClasses) : null;
  x = inception(b, x, 256, 160, 320, 32, 128, 128);
  x = b.maxPool(x, 2, 2, "same");
  x = inception(b, x, 256, 160, 320, 32, 128, 128);
  x = inception(b, x, 384, 192, 384, 48, 128, 128);
  x = b.dropout(b.globalAvgPool(x), 0.2);
  const logits = b.dense(x, o.numClasses);
  return b.build(aux1 && aux2 ? [logits, aux2, aux1] : [logits]);
}
