import { describe, it, expect, beforeAll } from "vitest";
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openDatasetManifest } from "@podium/datasets";
import { collect, sharedFixture, writeJpeg } from "./helpers.js";

let dir: string;
const write = async (name: string, json: unknown) => {
  await writeFile(join(dir, name), JSON.stringify(json));
  return join(dir, name);
};
const base = { format: "podium-dataset/1", name: "pets", task: "classification", classes: ["cat", "dog"] };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "manifest-ds-"));
  await writeJpeg(join(dir, "images", "a.jpg"), 32, 24, 1);
  await writeJpeg(join(dir, "images", "b.jpg"), 32, 24, 2);
  await copyFile(fileURLToPath(sharedFixture("segmentation/gt/img000.png")), join(dir, "a-mask.png"));
});

describe("JSON dataset manifest", () => {
  it("classification with indices or names", async () => {
    const ds = await openDatasetManifest(await write("cls.json", { ...base, samples: [{ image: "images/a.jpg", label: "dog" }, { id: "b", image: "images/b.jpg", label: 0 }] }));
    expect(ds.name).toBe("pets");
    const samples = await collect(ds.samples());
    expect(samples.map((s) => [s.id, s.target])).toEqual([
      ["images/a.jpg", { task: "classification", label: 1 }],
      ["b", { task: "classification", label: 0 }],
    ]);
    expect(samples[0].image).toEqual({ kind: "file", path: join(dir, "images", "a.jpg") });
  });

  it("detection (xywh converted to corners) and segmentation", async () => {
    const det = await openDatasetManifest(
      await write("det.json", { ...base, task: "detection", box_format: "xywh", samples: [{ image: "images/a.jpg", boxes: [{ class: "cat", box: [1, 2, 10, 5], difficult: true }] }] }),
    );
    const [d] = await collect(det.samples());
    expect(d.target).toEqual({ task: "detection", format: "boxes", objects: [{ classIndex: 0, className: "cat", box: [1, 2, 11, 7], difficult: true }] });
    const seg = await openDatasetManifest(await write("seg.json", { ...base, task: "semantic-segmentation", samples: [{ image: "images/a.jpg", mask: "a-mask.png" }] }));
    const [s] = await collect(seg.samples());
    expect(s.target).toEqual({ task: "semantic-segmentation", labelMap: { kind: "file", path: join(dir, "a-mask.png") }, ignoreIndex: 255 });
  });

  it("refuses paths that escape the manifest's folder", async () => {
    await expect(openDatasetManifest(await write("escape.json", { ...base, samples: [{ image: "../../etc/passwd", label: 0 }] }))).rejects.toThrow(
      /escape\.json: samples\.0\.image: path "\.\.\/\.\.\/etc\/passwd" escapes the manifest's folder; refused$/,
    );
    await expect(openDatasetManifest(await write("abs.json", { ...base, samples: [{ image: "/etc/passwd", label: 0 }] }))).rejects.toThrow(/abs\.json: samples\.0\.image: absolute path "\/etc\/passwd" refused/);
    await expect(openDatasetManifest(await write("sneaky.json", { ...base, samples: [{ image: "images/../../x.jpg", label: 0 }] }))).rejects.toThrow(/escapes the manifest's folder/);
  });

  it("integrity errors name the manifest and the field", async () => {
    await expect(openDatasetManifest(await write("range.json", { ...base, samples: [{ image: "images/a.jpg", label: 2 }] }))).rejects.toThrow(
      /range\.json: samples\.0\.label: class index 2 is out of range for 2 classes$/,
    );
    await expect(openDatasetManifest(await write("dup.json", { ...base, samples: [{ id: "x", image: "images/a.jpg", label: 0 }, { id: "x", image: "images/b.jpg", label: 1 }] }))).rejects.toThrow(
      /dup\.json: samples\.1\.id: duplicate id "x"$/,
    );
    await expect(openDatasetManifest(await write("missing.json", { ...base, samples: [{ image: "images/zzz.jpg", label: 0 }] }))).rejects.toThrow(/images\/zzz\.jpg: missing file \(referenced by missing\.json\)$/);
    await expect(openDatasetManifest(await write("type.json", { ...base, task: "regression", samples: [{ image: "images/a.jpg", label: 0 }] }))).rejects.toThrow(
      /type\.json: task: expected "classification", "detection" or "semantic-segmentation", got "regression"$/,
    );
    await expect(openDatasetManifest(await write("nolabel.json", { ...base, samples: [{ image: "images/a.jpg" }] }))).rejects.toThrow(/nolabel\.json: samples\.0\.label: missing/);
    await expect(openDatasetManifest(await write("unknown.json", { ...base, samples: [{ image: "images/a.jpg", label: 0, extra: 1 }] }))).rejects.toThrow(/unknown\.json: samples\.0: unknown field "extra"$/);
  });
});
