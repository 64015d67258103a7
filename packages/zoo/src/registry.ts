import type { Topology } from "./topology.js";
import type { ResolvedOptions } from "./architectures/options.js";
import { lenet5 } from "./architectures/lenet.js";
import { alexnet, alexnetTwoTower } from "./architectures/alexnet.js";
import { vgg } from "./architectures/vgg.js";
import { googlenet } from "./architectures/googlenet.js";
import { resnet } from "./architectures/resnet.js";
import { mobilenetV2 } from "./architectures/mobilenet.js";

export interface Paper {
  title: string;
  url: string;
}

/** Static description of one zoo entry; `factsName` points into ilsvrc-history.json. */
export interface ArchitectureSpec {
  name: string;
  displayName: string;
  year: number;
  paper: Paper;
  /** The paper the implemented variant follows, when it is not the original. */
  variantPaper?: Paper;
  factsName: string;
  defaultInputShape: [number, number, number];
  defaultNumClasses: number;
  /** How this implementation differs from the reference (torchvision unless said otherwise). */
  notes: string;
  build(options: ResolvedOptions): Topology;
}

const LENET: Paper = { title: "Gradient-Based Learning Applied to Document Recognition (Proc. IEEE, 1998)", url: "https://doi.org/10.1109/5.726791" };
const ALEXNET: Paper = { title: "ImageNet Classification with Deep Convolutional Neural Networks (NIPS 2012)", url: "https://proceedings.neurips.cc/paper/2012/hash/c399862d3b9d6b76c8436e924a68c45b-Abstract.html" };
const WEIRD_TRICK: Paper = { title: "One weird trick for parallelizing convolutional neural networks", url: "https://arxiv.org/abs/1404.5997" };
const VGG: Paper = { title: "Very Deep Convolutional Networks for Large-Scale Image Recognition", url: "https://arxiv.org/abs/1409.1556" };
const GOOGLENET: Paper = { title: "Going Deeper with Convolutions", url: "https://arxiv.org/abs/1409.4842" };
const RESNET: Paper = { title: "Deep Residual Learning for Image Recognition", url: "https://arxiv.org/abs/1512.03385" };
const MOBILENET_V2: Paper = { title: "MobileNetV2: Inverted Residuals and Linear Bottlenecks", url: "https://arxiv.org/abs/1801.04381" };

const IMAGENET: [number, number, number] = [224, 224, 3];
const TF_PADDING = "Stride-2 convs/pools use TF 'same' padding: same output sizes as torchvision at 224², padding split (0,1) instead of (1,1).";

export const ARCHITECTURES: readonly ArchitectureSpec[] = [
  { name: "lenet5", displayName: "LeNet-5", year: 1998, paper: LENET, factsName: "LeNet-5", defaultInputShape: [32, 32, 1], defaultNumClasses: 10,
    notes: "Modern PyTorch-tutorial form (ReLU, max pool, full C3 connections): 61,706 params; the 1998 paper's partial C3 table and RBF output give ~60k.", build: lenet5 },
  { name: "alexnet", displayName: "AlexNet (torchvision)", year: 2012, paper: ALEXNET, variantPaper: WEIRD_TRICK, factsName: "AlexNet (torchvision, 'one weird trick' variant)",
    defaultInputShape: IMAGENET, defaultNumClasses: 1000, notes: "torchvision widths 64/192/384/256/256; AdaptiveAvgPool2d((6,6)) omitted (identity at 224²).", build: alexnet },
  { name: "alexnet_two_tower", displayName: "AlexNet (2012, two towers)", year: 2012, paper: ALEXNET, factsName: "AlexNet (torchvision, 'one weird trick' variant)",
    defaultInputShape: [227, 227, 3], defaultNumClasses: 1000, notes: "Original widths 96/256/384/384/256 split over two towers (groups=2 in conv2/4/5); LRN omitted (no params; no tfjs layer). 60,965,224 params.", build: alexnetTwoTower },
  { name: "vgg16", displayName: "VGG-16", year: 2014, paper: VGG, factsName: "VGG-16", defaultInputShape: IMAGENET, defaultNumClasses: 1000,
    notes: "torchvision cfg D without BN; AdaptiveAvgPool2d((7,7)) omitted (identity at 224²).", build: (o) => vgg("vgg16", o) },
  { name: "vgg19", displayName: "VGG-19", year: 2014, paper: VGG, factsName: "VGG-19", defaultInputShape: IMAGENET, defaultNumClasses: 1000,
    notes: "torchvision cfg E without BN; AdaptiveAvgPool2d((7,7)) omitted (identity at 224²).", build: (o) => vgg("vgg19", o) },
  { name: "googlenet", displayName: "GoogLeNet / Inception-v1", year: 2014, paper: GOOGLENET, factsName: "GoogLeNet / Inception-v1", defaultInputShape: IMAGENET, defaultNumClasses: 1000,
    notes: `torchvision's BasicConv2d (conv without bias + BN eps 1e-3), 3×3 in branch 3. ${TF_PADDING}`, build: (o) => googlenet(o, false) },
  { name: "googlenet_aux", displayName: "GoogLeNet with auxiliary classifiers", year: 2014, paper: GOOGLENET, factsName: "GoogLeNet / Inception-v1", defaultInputShape: IMAGENET, defaultNumClasses: 1000,
    notes: `As googlenet, plus torchvision's two InceptionAux heads as extra outputs [logits, aux2, aux1] (training only). ${TF_PADDING}`, build: (o) => googlenet(o, true) },
  ...(["resnet18", "resnet34", "resnet50", "resnet101", "resnet152"] as const).map((name): ArchitectureSpec => ({
    name, displayName: `ResNet-${name.slice(6)}`, year: 2015, paper: RESNET, factsName: `ResNet-${name.slice(6)}`, defaultInputShape: IMAGENET, defaultNumClasses: 1000,
    notes: `torchvision ${name}${name === "resnet18" || name === "resnet34" ? "" : " (v1.5: stride on the 3×3 conv)"}. ${TF_PADDING}`, build: (o) => resnet(name, o),
  })),
  { name: "mobilenet_v2", displayName: "MobileNet-v2", year: 2018, paper: MOBILENET_V2, factsName: "MobileNet-v2", defaultInputShape: IMAGENET, defaultNumClasses: 1000,
    notes: `torchvision mobilenet_v2 (width 1.0). ${TF_PADDING}`, build: mobilenetV2 },
];
