// Public surface of @podium/worker: the queue worker and its child-process evaluation.
export { Worker, refundQuota, modelFilePath, DEFAULT_WORKER_UPLOADS_DIR, type WorkerOptions, type JobOutcome, type JobStatus } from "./worker.js";
export { evaluateInChild, evalChildEntry, EvaluationFailedError, type ChildLimits, type ChildEvaluation, type FailureKind } from "./child-evaluation.js";
export { toRunResult } from "./run-result.js";
export { resolveDatasetPath, DEFAULT_DATASETS_ROOT } from "./dataset-paths.js";
export type { EvaluationRequest } from "./protocol.js";
