/**
 * Thrown for input a user handed us that cannot be scored (wrong shapes, NaN scores, unknown ids …).
 * The message is one line, says what is wrong and where; callers (CLI, runner) prefix the file name.
 */
export class MetricInputError extends Error {
  override readonly name = "MetricInputError";
}

/** Thrown when two evaluator states cannot be merged (different options, overlapping shards). */
export class StateMergeError extends Error {
  override readonly name = "StateMergeError";
}
