/** Thrown for a model file we cannot read (not ONNX, truncated, malformed TF.js JSON). One-line message. */
export class ModelFormatError extends Error {
  override readonly name = "ModelFormatError";
}
