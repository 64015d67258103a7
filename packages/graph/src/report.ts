/** A dimension: a number, or a symbolic name (ONNX dim_param, "?" when nothing is known). */
export type Dim = number | string;
export type Shape = Dim[];

export type ModelFormat = "onnx" | "tfjs-graph" | "tfjs-layers";

/** One node (ONNX, TF.js graph) or layer (TF.js layers) with what inspection could infer about it. */
export interface LayerReport {
  name: string;
  op: string;
  /** Output shape; null when it could not be inferred (see `unknown`). */
  outputShape: Shape | null;
  /** Float weight elements this node consumes first (shared weights count once, at their first use). */
  params: number;
  /** Of `params`, those not trained by gradient descent (BatchNorm running mean and variance). */
  nonTrainableParams: number;
  /** Multiply-accumulates at the inspected batch; 0 for ops not counted; null when a dim is unknown. */
  macs: number | null;
  /** float32 bytes of the output at the inspected batch; null when unknown. */
  activationBytes: number | null;
  /** False for outputs that cost no new memory in the usual frameworks: in-place activations and views. */
  newMemory: boolean;
  /** Why the shape is unknown (this op is not inferred, or an input is unknown). */
  unknown?: string;
}

export interface TensorSummary {
  name: string;
  shape: Shape | null;
}

export interface TrainingMemoryEstimate {
  optimizer: "sgd" | "sgd-momentum" | "adam";
  /** Forward activations kept for the backward pass, at the inspected batch. */
  activationBytes: number;
  weightBytes: number;
  gradientBytes: number;
  optimizerStateBytes: number;
  totalBytes: number;
}

export interface GraphTotals {
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
  /** Sum of known MACs; `macsComplete` is false when some conv/linear layer had unknown dims. */
  macs: number;
  macsComplete: boolean;
  /** Input bytes + outputs that need new memory (CS231n's VGG convention), float32, at the inspected batch. */
  activationBytes: number;
  /** Input bytes + every node output, float32, at the inspected batch. */
  activationBytesAllOutputs: number;
  activationsComplete: boolean;
  inputBytes: number;
  trainingMemory: TrainingMemoryEstimate;
}

export interface GraphReport {
  format: ModelFormat;
  source: string;
  batch: number;
  inputs: TensorSummary[];
  outputs: TensorSummary[];
  layers: LayerReport[];
  /** Nodes whose op this inspector cannot infer, by name: their outputs and everything downstream are unknown. */
  unknownOps: { name: string; op: string }[];
  totals: GraphTotals;
  /** Plain-language statements of what each figure counts. */
  conventions: string[];
}

export const CONVENTIONS: readonly string[] = [
  "MACs: multiply-accumulates of convolution (incl. grouped/depthwise), transposed convolution and linear layers (Gemm/MatMul/Dense) only; bias adds, BatchNorm, activations, pooling, element-wise ops and resizes are not counted (the convention of torchvision's _ops and fvcore).",
  "Params: float elements of the weights (ONNX initializers and float Constant tensors of rank ≥ 1, TF.js weights); non-trainable = BatchNorm running mean and variance (torchvision buffers).",
  "Activation memory: float32 bytes of the input plus every output that needs new memory at the inspected batch; in-place activations (ReLU, ReLU6/Clip, LeakyReLU, HardSwish, HardSigmoid) and views (Reshape, Flatten, Squeeze, Unsqueeze, Identity, Dropout) add nothing; shape arithmetic (Shape/Constant chains) is excluded. This is the convention of CS231n's VGG-16 table. 'all outputs' also counts in-place and view outputs.",
  "Training memory: forward activations kept for backward (as above, at the batch) + weights + one gradient per trainable param + optimizer state (Adam: 2 floats per trainable param; SGD with momentum: 1), all float32. Transient activation gradients and workspace are not included.",
];

export function product(shape: readonly Dim[]): number | null {
  let n = 1;
  for (const d of shape) {
    if (typeof d !== "number") return null;
    n *= d;
  }
  return n;
}

const OPTIMIZER_STATE: Record<TrainingMemoryEstimate["optimizer"], number> = { sgd: 0, "sgd-momentum": 1, adam: 2 };

export function summarize(
  format: ModelFormat,
  source: string,
  batch: number,
  inputs: TensorSummary[],
  outputs: TensorSummary[],
  layers: LayerReport[],
  extraParams: { params: number; nonTrainable: number },
  optimizer: TrainingMemoryEstimate["optimizer"] = "adam",
): GraphReport {
  let params = extraParams.params;
  let nonTrainable = extraParams.nonTrainable;
  let macs = 0;
  let macsComplete = true;
  let inputBytes = 0;
  let activationsComplete = true;
  for (const input of inputs) {
    const n = input.shape ? product(input.shape) : null;
    if (n === null) activationsComplete = false;
    else inputBytes += n * 4;
  }
  let activationBytes = inputBytes;
  let allOutputs = inputBytes;
  const unknownOps: { name: string; op: string }[] = [];
  for (const layer of layers) {
    params += layer.params;
    nonTrainable += layer.nonTrainableParams;
    if (layer.macs === null) macsComplete = false;
    else macs += layer.macs;
    if (layer.activationBytes === null) activationsComplete = false;
    else {
      allOutputs += layer.activationBytes;
      if (layer.newMemory) activationBytes += layer.activationBytes;
    }
    if (layer.unknown && layer.unknown.startsWith("op not inferred")) unknownOps.push({ name: layer.name, op: layer.op });
  }
  const trainable = params - nonTrainable;
  const weightBytes = params * 4;
  const gradientBytes = trainable * 4;
  const optimizerStateBytes = trainable * 4 * OPTIMIZER_STATE[optimizer];
  return {
    format, source, batch, inputs, outputs, layers, unknownOps,
    totals: {
      params, trainableParams: trainable, nonTrainableParams: nonTrainable, macs, macsComplete,
      activationBytes, activationBytesAllOutputs: allOutputs, activationsComplete, inputBytes,
      trainingMemory: {
        optimizer, activationBytes, weightBytes, gradientBytes, optimizerStateBytes,
        totalBytes: activationBytes + weightBytes + gradientBytes + optimizerStateBytes,
      },
    },
    conventions: [...CONVENTIONS],
  };
}
