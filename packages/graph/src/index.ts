export type { Dim, Shape, ModelFormat, LayerReport, TensorSummary, TrainingMemoryEstimate, GraphTotals, GraphReport } from "./report.js";
export { CONVENTIONS } from "./report.js";
export { ModelFormatError } from "./errors.js";
export type { InspectOptions } from "./options.js";
export { parseInputSize } from "./options.js";
export type { OnnxModel, OnnxNode, OnnxTensor, OnnxValueInfo, OnnxDim } from "./onnx/model.js";
export { parseOnnx } from "./onnx/model.js";
export { inspectOnnx, inspectOnnxModel } from "./onnx/inspect.js";
export { inspectLayersTopology } from "./tfjs/layers.js";
