/**
 * A model file we refuse to load (truncated, not the format it claims, paths escaping its folder, tensors too
 * large to allocate). The message is one line and names the file, so the CLI can print it as it is.
 */
export class ModelRejectedError extends Error {
  override readonly name = "ModelRejectedError";
  constructor(readonly file: string, reason: string) {
    // Reasons quote strings read from the file (tensor names, data locations): control characters in them are
    // escaped, so a hostile file cannot break the message over several lines or forge a second one.
    super(escapeControl(`${file}: ${reason}`));
  }
}

function escapeControl(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === "\n" ? "\\n" : c === "\t" ? "\\t" : `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`));
}

/** The sandboxed child running a model died, hung or ran out of memory; the caller keeps running. */
export class SandboxError extends Error {
  override readonly name = "SandboxError";
  constructor(message: string, readonly kind: "timeout" | "memory" | "crash" | "error") {
    super(message);
  }
}

/** Bad options or feeds handed to an engine (wrong input name, shape mismatch, unknown device). */
export class EngineInputError extends Error {
  override readonly name = "EngineInputError";
}
