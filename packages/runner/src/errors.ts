/**
 * Thrown for a run that cannot go on because of what the user handed us (model output of the wrong shape
 * or label space, NaN scores, ground truth that does not fit the predictions, malformed shard files).
 * The message is ONE line and names the file or sample where there is one, so the CLI prints it as is.
 */
export class RunnerError extends Error {
  override readonly name = "RunnerError";
}

/** The message of anything thrown, on one line. */
export function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s+/g, " ").trim();
}
