/** A PNG that cannot be decoded. The message is one line and starts with the file name. */
export class PngDecodeError extends Error {
  override readonly name = "PngDecodeError";
  constructor(readonly fileName: string, problem: string) {
    super(`${fileName}: ${problem}`);
  }
}
