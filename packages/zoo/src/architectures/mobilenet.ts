import { TopologyBuilder, type Ref, type Topology } from "../topology.js";
import type { ResolvedOptions } from "./options.js";

function convBnRelu6(b: TopologyBuilder, x: Ref, filters: number, kernel: number, strides: number): Ref {
  return b.activation(b.batchNorm(b.conv(x, filters, kernel, { strides, useBias: false })), "relu6");
}

/** Expansion t, output channels c, repeats n, first stride s (the paper's Table 2, torchvision's settings). */
const SETTINGS: [number, number, number, number][] = [
  [1, 16, 1, 1], [6, 24, 2, 2], [6, 32, 3, 2], [6, 64, 4, 2], [6, 96, 3, 1], [6, 160, 3, 2], [6, 320, 1, 1],
];

/** torchvision's MobileNetV2 (width 1.0): 3,504,872 params. */
export function mobilenetV2(o: ResolvedOptions): Topology {
  const b = new TopologyBuilder("mobilenet_v2", o.seed);
  let x = b.input(o.inputShape);
  x = convBnRelu6(b, x, 32, 3, 2);
  let channels = 32;
  for (const [t, c, n, s] of SETTINGS) {
    for (let i = 0; i < n; i++) {
      const strides = i === 0 ? s : 1;
      const hidden = channels * t;
      let y = t === 1 ? x : convBnRelu6(b, x, hidden, 1, 1);
      y = b.activation(b.batchNorm(b.depthwiseConv(y, 3, strides)), "relu6");
      y = b.batchNorm(b.conv(y, c, 1, { useBias: false }));
      x = strides === 1 && channels === c ? b.add([x, y]) : y;
      channels = c;
    }
  }
  x = convBnRelu6(b, x, 1280, 1, 1);
  x = b.dropout(b.globalAvgPool(x), 0.2);
  return b.build([b.dense(x, o.numClasses)]);
}
