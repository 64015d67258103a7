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
export { runInSandbox, defaultChildEntry, type SandboxLimits, type SandboxOutcome } from "./sandbox/run-in-sandbox.js";
export { startLimitedChild, type ChildFailure, type LimitedChildExit, type LimitedChildOptions } from "./sandbox/limited-child.js";
export type { SandboxRequest, SandboxResultFor } from "./sandbox/protocol.js";
export { benchmarkModel, type BenchmarkOptions, type BenchmarkReport } from "./bench/benchmark-model.js";
export { timeRuns, type LatencyPassResult, type MemoryPassResult, type PassOptions } from "./bench/passes.js";
export { countNonFinite, type NonFiniteCounts } from "./bench/non-finite.js";
export { syntheticFeeds, concreteDims, parseShapeOverride, type ShapeOverrides } from "./bench/synthetic-feeds.js";
export { hostFingerprint, queryGpus, type RunFingerprint, type GpuInfo } from "./bench/fingerprint.js";
export { saveLayersModel, type SavableModel } from "./tfjs/save-layers-model.js";
