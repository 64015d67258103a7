import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { cpus, platform, release, arch, type as osType, totalmem } from "node:os";

export interface GpuInfo {
  name: string;
  driver: string;
  memoryTotalMiB: number;
}

export interface RunFingerprint {
  /** sha256 of the model file (ONNX) or of model.json followed by its weight shards in manifest order (TF.js). */
  modelSha256: string;
  engine: string;
  engineVersion: string;
  backend: string;
  cpu: { model: string; cores: number };
  memoryBytes: number;
  gpus: GpuInfo[];
  os: string;
  node: string;
}

export function sha256Files(files: string[]): string {
  const hash = createHash("sha256");
  for (const f of files) hash.update(readFileSync(f));
  return hash.digest("hex");
}

/** nvidia-smi's view of the GPUs, or [] where there is no NVIDIA driver (the usual case on CPU machines). */
export function queryGpus(): GpuInfo[] {
  try {
    const out = execFileSync("nvidia-smi", ["--query-gpu=name,driver_version,memory.total", "--format=csv,noheader,nounits"], {
      encoding: "utf8",
      timeout: 10_000,
      stdio: ["ignore", "pipe", "ignore"],
    });
    return out
      .trim()
      .split("\n")
      .filter(Boolean)
      .map((line) => {
        const [name, driver, memory] = line.split(",").map((s) => s.trim());
        return { name: name!, driver: driver!, memoryTotalMiB: Number(memory) };
      });
  } catch {
    return [];
  }
}

export function hostFingerprint(): Pick<RunFingerprint, "cpu" | "memoryBytes" | "gpus" | "os" | "node"> {
  const cores = cpus();
  return {
    cpu: { model: cores[0]?.model.trim() ?? "unknown", cores: cores.length },
    memoryBytes: totalmem(),
    gpus: queryGpus(),
    os: `${osType()} ${release()} (${platform()} ${arch()})`,
    node: process.version,
  };
}
