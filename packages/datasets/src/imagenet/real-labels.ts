import { z } from "zod";
import { DatasetError } from "../core/errors.js";
import { parseJsonFile } from "../core/files.js";
import { formatZodIssue } from "../core/zod-issues.js";

const realSchema = z.array(z.array(z.number().int().min(0).max(999), { error: "a list of class indices 0..999" }), {
  error: "a list (one entry per validation image) of label lists",
});

/**
 * ImageNet-ReaL (Beyer et al. 2020, google-research/reassessed-imagenet) `real.json`: entry i holds the
 * reassessed labels of ILSVRC2012_val_{i+1}, as sorted-WNID class indices; an empty list means the
 * raters found no valid label, and such images are left out of ReaL accuracy.
 */
export async function readRealLabels(path: string, expectedCount?: number): Promise<number[][]> {
  const json = await parseJsonFile(path, "ImageNet-ReaL labels");
  const parsed = realSchema.safeParse(json, { reportInput: true });
  if (!parsed.success) throw new DatasetError(path, formatZodIssue("real.json", parsed.error, json).replace(/^real\.json: /, ""));
  if (expectedCount !== undefined && parsed.data.length < expectedCount) {
    throw new DatasetError(path, `${parsed.data.length} label lists for ${expectedCount} validation images`);
  }
  return parsed.data;
}
