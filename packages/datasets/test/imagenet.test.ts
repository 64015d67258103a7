import { describe, it, expect, beforeAll } from "vitest";
import { mkdtemp, readFile, writeFile, unlink } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openImageFolder, openImageNetDevkitVal, openImageNetKaggleVal, readDevkitMetaMat, type Sample } from "@podium/datasets";
import { collect, writeJpeg, writeText } from "./helpers.js";

// Three real WNIDs whose devkit ILSVRC2012_IDs are NOT in sorted-WNID order, as in the real devkit
// (ID 1 is n02119789 "kit fox", which sorts after n01440764 "tench").
const mapping = "1 n02119789\n2 n01440764\n3 n01443537\n";
const sortedWnids = ["n01440764", "n01443537", "n02119789"];
const groundTruthIds = [1, 2, 3, 3, 2, 1];
const expectedLabels = [2, 0, 1, 1, 0, 2];
const stem = (i: number) => `ILSVRC2012_val_${String(i).padStart(8, "0")}`;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "imagenet-"));
  for (let i = 1; i <= 6; i++) {
    await writeJpeg(join(dir, "flat", `${stem(i)}.JPEG`), 40 + i, 30, i);
    await writeJpeg(join(dir, "val", sortedWnids[expectedLabels[i - 1]], `${stem(i)}.JPEG`), 40 + i, 30, i);
  }
  await writeText(join(dir, "devkit", "ILSVRC2012_validation_ground_truth.txt"), groundTruthIds.join("\n") + "\n");
  await writeText(join(dir, "devkit", "id-wnid.txt"), mapping);
  await writeText(join(dir, "LOC_synset_mapping.txt"), "n01440764 tench, Tinca tinca\nn01443537 goldfish, Carassius auratus\nn02119789 kit fox, Vulpes macrotis\n");
  const rows = [6, 2, 4, 1, 3, 5].map((i) => `${stem(i)},${sortedWnids[expectedLabels[i - 1]]} 10 20 30 40 ${sortedWnids[expectedLabels[i - 1]]} 1 2 3 4`);
  await writeText(join(dir, "LOC_val_solution.csv"), `ImageId,PredictionString\n${rows.join("\n")}\n`);
  await writeText(join(dir, "real.json"), JSON.stringify([[2], [0, 1], [], [1], [0], [2, 0]]));
});

const labels = (samples: Sample[]) => samples.map((s) => (s.target.task === "classification" ? s.target.label : -1));

describe("ImageNet readers", () => {
  it("ImageFolder: classes = sorted folder names, samples in sorted-walk order", async () => {
    const ds = await openImageFolder({ root: join(dir, "val") });
    expect(ds.classes).toEqual(sortedWnids);
    expect(ds.size).toBe(6);
    const samples = await collect(ds.samples());
    expect(samples.map((s) => s.id)).toEqual([`n01440764/${stem(2)}.JPEG`, `n01440764/${stem(5)}.JPEG`, `n01443537/${stem(3)}.JPEG`, `n01443537/${stem(4)}.JPEG`, `n02119789/${stem(1)}.JPEG`, `n02119789/${stem(6)}.JPEG`]);
    expect(labels(samples)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(samples[0].image).toEqual({ kind: "file", path: join(dir, "val", "n01440764", `${stem(2)}.JPEG`) });
  });

  it("devkit ground truth + ID→WNID mapping give sorted-WNID class indices", async () => {
    const ds = await openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "devkit", "ILSVRC2012_validation_ground_truth.txt"), mapping: join(dir, "devkit", "id-wnid.txt") });
    expect(ds.classes).toEqual(sortedWnids);
    const samples = await collect(ds.samples());
    expect(samples.map((s) => s.id)).toEqual([1, 2, 3, 4, 5, 6].map(stem));
    expect(labels(samples)).toEqual(expectedLabels);
  });

  it("the devkit's meta.mat (MAT v5, compressed or not) gives the same mapping as the text file", async () => {
    for (const mat of ["meta.mat", "meta-uncompressed.mat"]) {
      const path = fileURLToPath(new URL(`./fixtures/${mat}`, import.meta.url));
      const mapping = await readDevkitMetaMat(path);
      expect(mapping.wnids).toEqual(sortedWnids);
      expect(mapping.names).toEqual(["tench, Tinca tinca", "goldfish, Carassius auratus", "kit fox, Vulpes macrotis"]);
      expect([...mapping.idToIndex]).toEqual([[1, 2], [2, 0], [3, 1]]);
      const ds = await openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "devkit", "ILSVRC2012_validation_ground_truth.txt"), mapping: path });
      expect(labels(await collect(ds.samples()))).toEqual(expectedLabels);
    }
    const bytes = await readFile(fileURLToPath(new URL("./fixtures/meta-uncompressed.mat", import.meta.url)));
    await writeFile(join(dir, "cut.mat"), bytes.subarray(0, 700));
    await expect(readDevkitMetaMat(join(dir, "cut.mat"))).rejects.toThrow(/cut\.mat: truncated MAT file/);
    await writeFile(join(dir, "not.mat"), Buffer.alloc(200, 65));
    await expect(readDevkitMetaMat(join(dir, "not.mat"))).rejects.toThrow(/not\.mat: not a MATLAB 5 MAT file/);
  });

  it("Kaggle LOC_val_solution.csv + LOC_synset_mapping.txt agree with the devkit", async () => {
    const ds = await openImageNetKaggleVal({ images: join(dir, "flat"), solution: join(dir, "LOC_val_solution.csv"), synsetMapping: join(dir, "LOC_synset_mapping.txt") });
    expect(labels(await collect(ds.samples()))).toEqual(expectedLabels);
  });

  it("ImageNet-ReaL labels attach by validation number, empty lists kept", async () => {
    const ds = await openImageFolder({ root: join(dir, "val"), real: join(dir, "real.json") });
    const real = Object.fromEntries((await collect(ds.samples())).map((s) => [s.id.split("/")[1].replace(".JPEG", ""), s.target.task === "classification" ? s.target.realLabels : undefined]));
    expect(real).toEqual({ [stem(1)]: [2], [stem(2)]: [0, 1], [stem(3)]: [], [stem(4)]: [1], [stem(5)]: [0], [stem(6)]: [2, 0] });
  });

  it("checksum is stable across copies and changes with the ground truth", async () => {
    const a = await openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "devkit", "ILSVRC2012_validation_ground_truth.txt"), mapping: join(dir, "devkit", "id-wnid.txt") });
    const b = await openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "devkit", "ILSVRC2012_validation_ground_truth.txt"), mapping: join(dir, "devkit", "id-wnid.txt") });
    expect(a.checksum).toBe(b.checksum);
    const hashed = await openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "devkit", "ILSVRC2012_validation_ground_truth.txt"), mapping: join(dir, "devkit", "id-wnid.txt"), hashFiles: true });
    expect(hashed.checksum).not.toBe(a.checksum);
    await writeText(join(dir, "gt2.txt"), [1, 2, 3, 3, 2, 2].join("\n"));
    const changed = await openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "gt2.txt"), mapping: join(dir, "devkit", "id-wnid.txt") });
    expect(changed.checksum).not.toBe(a.checksum);
  });

  it("integrity errors are one line and name the file", async () => {
    await writeText(join(dir, "bad-gt.txt"), "1\n2\n7\n");
    await expect(openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "bad-gt.txt"), mapping: join(dir, "devkit", "id-wnid.txt") })).rejects.toThrow(
      /bad-gt\.txt: line 3: ILSVRC2012_ID "7" is not one of the 3 ids in the mapping$/,
    );
    await writeText(join(dir, "short-gt.txt"), "1\n2\n3\n");
    await expect(openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "short-gt.txt"), mapping: join(dir, "devkit", "id-wnid.txt") })).rejects.toThrow(
      /short-gt\.txt: has 3 lines, but ILSVRC2012_val_00000004\.JPEG needs line 4$/,
    );
    await writeText(join(dir, "dup.csv"), `ImageId,PredictionString\n${stem(1)},n01440764 1 2 3 4\n${stem(1)},n01440764 1 2 3 4\n`);
    await expect(openImageNetKaggleVal({ images: join(dir, "flat"), solution: join(dir, "dup.csv"), synsetMapping: join(dir, "LOC_synset_mapping.txt") })).rejects.toThrow(
      /dup\.csv: duplicate ImageId "ILSVRC2012_val_00000001" on line 3$/,
    );
    await writeText(join(dir, "badmap.txt"), "1 n02119789\nfoo\n");
    await expect(openImageNetDevkitVal({ images: join(dir, "flat"), groundTruth: join(dir, "short-gt.txt"), mapping: join(dir, "badmap.txt") })).rejects.toThrow(/badmap\.txt: line 2: expected "ILSVRC2012_ID WNID"/);
    await writeFile(join(dir, "real-bad.json"), JSON.stringify([[1], [1000]]));
    await expect(openImageFolder({ root: join(dir, "val"), real: join(dir, "real-bad.json") })).rejects.toThrow(/real-bad\.json: 1\.0: expected .*got 1000/);
  });

  it("a missing image listed in the Kaggle CSV is named", async () => {
    await unlink(join(dir, "flat", `${stem(6)}.JPEG`));
    await expect(openImageNetKaggleVal({ images: join(dir, "flat"), solution: join(dir, "LOC_val_solution.csv"), synsetMapping: join(dir, "LOC_synset_mapping.txt") })).rejects.toThrow(
      /ILSVRC2012_val_00000006\.JPEG: missing file \(listed in LOC_val_solution\.csv\)$/,
    );
  });
});
