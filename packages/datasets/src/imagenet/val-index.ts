import { basename } from "node:path";

/** 1-based index of an ILSVRC2012 validation file from its name, or undefined for other names. */
export function validationIndex(path: string): number | undefined {
  const match = /ILSVRC2012_val_(\d{8})\./.exec(basename(path));
  return match ? Number(match[1]) : undefined;
}

export function validationFileStem(index: number): string {
  return `ILSVRC2012_val_${String(index).padStart(8, "0")}`;
}
