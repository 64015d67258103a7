import type { DbClient } from "../client.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { toModelRecord, type JsonValue, type ModelRecord, type Task } from "./records.js";
import { isUniqueViolation } from "./prisma-errors.js";

export interface CreateModelInput {
  name: string;
  task: Task;
  /** File format of the submitted weights, e.g. "onnx", "tfjs". */
  format: string;
  manifest: JsonValue;
  fileSha256: string;
  sizeBytes: number;
  ownerId?: string | null;
  architecture?: string | null;
  family?: string | null;
  year?: number | null;
  paramCount?: number | null;
  macs?: number | null;
}

export async function createModel(db: DbClient, input: CreateModelInput): Promise<ModelRecord> {
  try {
    const model = await db.model.create({
      data: {
        ...input,
        manifest: input.manifest as object,
        sizeBytes: BigInt(input.sizeBytes),
        paramCount: input.paramCount == null ? null : BigInt(input.paramCount),
      },
    });
    return toModelRecord(model);
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`model "${input.name}" with file sha256 ${input.fileSha256} already exists`);
    throw error;
  }
}

export async function getModel(db: DbClient, id: string): Promise<ModelRecord> {
  const model = await db.model.findUnique({ where: { id } });
  if (!model) throw new NotFoundError(`no model with id "${id}"`);
  return toModelRecord(model);
}

/** The model already registered for these exact bytes under this name, if any (re-submissions reuse it). */
export async function findModelByFile(db: DbClient, name: string, fileSha256: string): Promise<ModelRecord | null> {
  const model = await db.model.findUnique({ where: { name_fileSha256: { name, fileSha256 } } });
  return model && toModelRecord(model);
}
