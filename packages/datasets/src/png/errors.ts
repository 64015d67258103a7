import { DatasetError } from "../core/errors.js";

/**
 * A PNG that cannot be decoded: a DatasetError (one line, `<file>: <problem>`), as its own class so callers
 * can tell a damaged image from other dataset problems.
 */
export class PngDecodeError extends DatasetError {
  constructor(fileName: string, problem: string) {
    super(fileName, problem);
  }
}
