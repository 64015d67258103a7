/**
 * Thrown for a dataset, image or manifest a user handed us that cannot be read as it claims to be.
 * The message is ONE line that names the file first (`<file>: <problem>`), so a CLI can print it as is.
 */
export class DatasetError extends Error {
  override readonly name = "DatasetError";
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${oneLine(problem)}`);
  }
}

/** Collapses whitespace so that messages from libraries (sharp, zlib, JSON.parse) stay on one line. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** The message of anything thrown, on one line. */
export function describeError(error: unknown): string {
  return oneLine(error instanceof Error ? error.message : String(error));
}
