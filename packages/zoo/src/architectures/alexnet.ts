import { TopologyBuilder, type Ref, type Topology } from "../topology.js";
import type { ResolvedOptions } from "./options.js";

function classifier(b: TopologyBuilder, x: Ref, numClasses: number): Ref {
  x = b.flatten(x);
  x = b.dropout(x, 0.5);
  x = b.dense(x, 4096, "relu");
  x = b.dropout(x, 0.5);
  x = b.dense(x, 4096, "relu");
  return b.dense(x, numClasses);
}

/**
 * torchvision's AlexNet ("one weird trick" widths 64/192/384/256/256): 61,100,840 params.
 * torchvision's AdaptiveAvgPool2d((6, 6)) is the identity at 224² and is left out.
 */
export function alexnet(o: ResolvedOptions): Topology {
  const b = new TopologyBuilder("alexnet", o.seed);
  let x = b.input(o.inputShape);
  x = b.zeroPad(x, 2); // torchvision pads 2 on every side; TF "same" would give 56, not 55
  x = b.conv(x, 64, 11, { strides: 4, padding: "valid", activation: "relu" });
  x = b.maxPool(x, 3, 2);
  x = b.conv(x, 192, 5, { activation: "relu" });
  x = b.maxPool(x, 3, 2);
  x = b.conv(x, 384, 3, { activation: "relu" });
  x = b.conv(x, 256, 3, { activation: "relu" });
  x = b.conv(x, 256, 3, { activation: "relu" });
  x = b.maxPool(x, 3, 2);
  return b.build([classifier(b, x, o.numClasses)]);
}

/**
 * The 2012 paper's network as two towers (one per GPU), 227×227×3 input. conv2, conv4 and conv5 see only their
 * own tower's channels (groups=2); conv3 and the FC layers see both, which here is a Concatenate. Each tower is a
 * separate branch, so no channel-slicing (Lambda) layer is needed. LRN (no parameters) is left out: tfjs has
 * no LRN layer. Parameters: 60,965,224.
 */
export function alexnetTwoTower(o: ResolvedOptions): Topology {
  const b = new TopologyBuilder("alexnet_two_tower", o.seed);
  const input = b.input(o.inputShape);
  const towers = [0, 1].map(() => {
    let x = b.conv(input, 48, 11, { strides: 4, padding: "valid", activation: "relu" });
    x = b.maxPool(x, 3, 2);
    x = b.conv(x, 128, 5, { activation: "relu" });
    return b.maxPool(x, 3, 2);
  });
  const crossed = b.concat(towers);
  const upper = [0, 1].map(() => {
    let x = b.conv(crossed, 192, 3, { activation: "relu" });
    x = b.conv(x, 192, 3, { activation: "relu" });
    x = b.conv(x, 128, 3, { activation: "relu" });
    return b.maxPool(x, 3, 2);
  });
  return b.build([classifier(b, b.concat(upper), o.numClasses)]);
}
