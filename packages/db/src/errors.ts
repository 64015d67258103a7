/** Base class of every error the store raises on purpose; messages are one line and say what to do. */
export class StoreError extends Error {
  override readonly name: string = "StoreError";
}

export class NotFoundError extends StoreError {
  override readonly name = "NotFoundError";
}

/** The request contradicts stored state (duplicate name, cancelling a finished run …). */
export class ConflictError extends StoreError {
  override readonly name = "ConflictError";
}

/** A worker acted on a run whose lease it no longer holds (expired and re-claimed, or cancelled). */
export class LeaseLostError extends StoreError {
  override readonly name = "LeaseLostError";
}

export class QuotaExceededError extends StoreError {
  override readonly name = "QuotaExceededError";
}

/** The database holds a migration whose recorded checksum differs from the file on disk, or a failed one. */
export class MigrationError extends StoreError {
  override readonly name = "MigrationError";
}
