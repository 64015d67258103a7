export { openModel } from "./open-model.js";
export { detectModel, type DetectedModel } from "./detect-format.js";
export { ModelRejectedError, SandboxError, EngineInputError } from "./errors.js";
export { validateOnnx, type OnnxFileSummary } from "./onnx/validate-onnx.js";
export { earlyStoppingEstimate, minPassingQueries, percentile, type EarlyStoppingEstimate } from "./bench/early-stopping.js";
export {
  devices,
  graphOptimizations,
  layoutOf,
  resolveOpenOptions,
  type Device,
  type DType,
  type Engine,
  type EngineInfo,
  type Feeds,
  type GraphOptimization,
  type Layout,
  type ModelDescription,
  type ModelFormat,
  type OpenOptions,
  type Outputs,
  type Tensor,
  type TensorInfo,
  type TypedArray,
} from "./types.js";
