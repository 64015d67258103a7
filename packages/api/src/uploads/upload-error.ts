/** A refused upload: the HTTP status and a one-line reason for the uploader. */
export class UploadError extends Error {
  override readonly name = "UploadError";
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
