import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { crc32 } from "node:zlib";
import { UserError } from "./command.js";

/** A ZIP of stored (uncompressed) entries: weight shards barely compress and the server checks every byte anyway. */
function storedZip(files: { name: string; data: Uint8Array }[]): Uint8Array {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const { name, data } of files) {
    const nameBytes = Buffer.from(name, "utf8");
    const crc = crc32(data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(data.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(nameBytes.length, 28);
    header.writeUInt32LE(offset, 42);
    parts.push(local, nameBytes, Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    central.push(header, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** Whether a .json file is a TF.js model (graph or layers), whatever it is called. */
function isTfjsModelJson(path: string): boolean {
  if (!path.toLowerCase().endsWith(".json")) return false;
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
    return "weightsManifest" in json && ("modelTopology" in json || "format" in json);
  } catch {
    return false;
  }
}

/**
 * The bytes to upload: an ONNX file or ZIP as it is, or a TF.js model (its model.json, under any name, or the
 * folder holding model.json) zipped with its weight shards, the JSON renamed model.json as the server expects.
 */
export function modelUpload(path: string): { bytes: Uint8Array; filename: string } {
  const full = resolve(path);
  if (!existsSync(full)) throw new UserError(`${full}: no such model file or folder`);
  const modelJson = statSync(full).isDirectory() ? join(full, "model.json") : full;
  if (statSync(full).isDirectory() && !existsSync(modelJson)) {
    throw new UserError(`${full}: the folder has no model.json (a TF.js model) — pass an .onnx file or a TF.js model`);
  }
  if (!isTfjsModelJson(modelJson)) {
    if (basename(modelJson) === "model.json") throw new UserError(`${modelJson}: not a TF.js model.json (no weightsManifest/modelTopology)`);
    return { bytes: readFileSync(full), filename: basename(full) };
  }
  const manifest = JSON.parse(readFileSync(modelJson, "utf8")) as { weightsManifest?: { paths?: string[] }[] };
  const files = [{ name: "model.json", data: readFileSync(modelJson) as Uint8Array }];
  for (const shard of (manifest.weightsManifest ?? []).flatMap((g) => g.paths ?? [])) {
    const file = join(dirname(modelJson), shard);
    if (!existsSync(file)) throw new UserError(`${modelJson}: weight shard ${shard} not found beside it`);
    files.push({ name: shard, data: readFileSync(file) });
  }
  return { bytes: storedZip(files), filename: "model.zip" };
}
