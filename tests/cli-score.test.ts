import { mkdtempSync, readFileSync, writeFileSync, mkdirSync, cpSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectOneLineFailure, fixtures, podium } from "./helpers.js";

const TOLERANCE = 1e-9;
const readJson = (path: string) => JSON.parse(readFileSync(path, "utf8"));
const scratch = mkdtempSync(join(tmpdir(), "podium-score-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function expectClose(actual: number | null, expected: number | null, label: string) {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return;
  }
  expect(actual, label).not.toBeNull();
  expect(Math.abs((actual as number) - expected), `${label}: ${actual} vs ${expected}`).toBeLessThanOrEqual(TOLERANCE);
}

describe("podium score detection reproduces pycocotools", () => {
  for (const iouType of ["bbox", "segm"] as const) {
    it(`${iouType}: all 12 stats through the CLI`, () => {
      const result = podium(["score", "detection", "--gt", fixtures(`coco/${iouType}-gt.json`), "--pred", fixtures(`coco/${iouType}-results.json`), "--iou-type", iouType, "--json"]);
      expect(result.stderr).toBe("");
      expect(result.status).toBe(0);
      const report = JSON.parse(result.stdout);
      const expected: number[] = readJson(fixtures(`coco/${iouType}-expected.json`)).stats;
      const names = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"];
      names.forEach((name, i) => expectClose(report[name], expected[i], name));
      expect(report.perCategory.length).toBeGreaterThan(0);
    });
  }

  it("prints pycocotools' summary table without --json", () => {
    const result = podium(["score", "detection", "--gt", fixtures("coco/bbox-gt.json"), "--pred", fixtures("coco/bbox-results.json")]);
    expect(result.status).toBe(0);
    const expected: number[] = readJson(fixtures("coco/bbox-expected.json")).stats;
    expect(result.stdout).toContain(` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = ${expected[0].toFixed(3)}`);
    expect(result.stdout).toContain(` Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = ${expected[11].toFixed(3)}`);
  });
});

describe("podium score segmentation reproduces the numpy confusion-matrix reference", () => {
  const expected = readJson(fixtures("segmentation/expected.json"));
  const run = (convention: string) =>
    podium(["score", "segmentation", "--gt", fixtures("segmentation/gt"), "--pred", fixtures("segmentation/pred"), "--num-classes", String(expected.numClasses), "--convention", convention, "--json"]);

  it("mmseg convention, every per-class value", () => {
    const result = run("mmseg");
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    expectClose(report.mIoU, expected.mmseg.mIoU, "mIoU");
    expectClose(report.mAcc, expected.mmseg.mAcc, "mAcc");
    expectClose(report.aAcc, expected.mmseg.aAcc, "aAcc");
    expected.mmseg.perClassIoU.forEach((v: number | null, c: number) => expectClose(report.perClass[c].iou, v, `IoU[${c}]`));
    expected.mmseg.perClassAcc.forEach((v: number | null, c: number) => expectClose(report.perClass[c].acc, v, `Acc[${c}]`));
    expect(report.pixelsCounted).toBe(expected.pixelsCounted);
  });

  it("detectron2 convention", () => {
    const report = JSON.parse(run("detectron2").stdout);
    expectClose(report.mIoU, expected.detectron2.mIoU, "mIoU");
    expectClose(report.mAcc, expected.detectron2.mAcc, "mAcc");
    expectClose(report.aAcc, expected.detectron2.pAcc, "pAcc");
    expectClose(report.fwIoU, expected.detectron2.fwIoU, "fwIoU");
  });

  it("prints a per-class table without --json", () => {
    const result = run("mmseg");
    const text = podium(["score", "segmentation", "--gt", fixtures("segmentation/gt"), "--pred", fixtures("segmentation/pred"), "--num-classes", "8"]).stdout;
    expect(result.status).toBe(0);
    expect(text).toContain(`mIoU ${(expected.mmseg.mIoU * 100).toFixed(2)}`);
    expect(text.split("\n").filter((l) => /^\s+\d\s/.test(l))).toHaveLength(8);
  });
});

describe("podium score voc reproduces voc_eval", () => {
  it("11-point and all-point AP per class and mAP", () => {
    const root = fixtures("voc");
    const result = podium(["score", "voc", "--voc", root, "--results", join(root, "results"), "--json"]);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    const expected = readJson(fixtures("voc/expected.json"));
    for (const row of report.perClass) {
      expectClose(row.ap11Point, expected.voc2007_11point.perClass[row.className], `${row.className} 11-point`);
      expectClose(row.apAllPoint, expected.voc2010_allpoint.perClass[row.className], `${row.className} all-point`);
    }
    expect(report.perClass.map((r: { className: string }) => r.className)).toEqual(expected.classes);
    expectClose(report.mAP11Point, expected.voc2007_11point.mAP, "mAP 11-point");
    expectClose(report.mAPAllPoint, expected.voc2010_allpoint.mAP, "mAP all-point");
  });
});

describe("podium score classification", () => {
  // 6 images; hand-checked: top-1 correct for images 1, 2, 5 (3/6); top-5 misses only image 6 (5/6).
  const gtLines = ["n01", "n02", "n03", "n01", "n02", "n03"];
  const predLines = [
    "n01 n02 n03 n04 n05",
    "n02 n01 n03 n04 n05",
    "n01 n03 n02 n04 n05",
    "n05 n04 n03 n02 n01",
    "n02 n03 n01 n04 n05",
    "n01 n02 n04 n05 n06",
  ];
  const gtTxt = join(scratch, "gt.txt");
  const predTxt = join(scratch, "pred.txt");
  writeFileSync(gtTxt, `${gtLines.join("\n")}\n`);
  writeFileSync(predTxt, `${predLines.join("\n")}\n`);

  it("ILSVRC line formats: top-1/top-5 with Wilson intervals", () => {
    const result = podium(["score", "classification", "--gt", gtTxt, "--pred", predTxt, "--json"]);
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout);
    expect(report.top1).toBeCloseTo(3 / 6, 12);
    expect(report.top5).toBeCloseTo(5 / 6, 12);
    expect(report.top5_err).toBeCloseTo(1 / 6, 12);
    expect(report.classes).toEqual(["n01", "n02", "n03", "n04", "n05", "n06"]);
    const top1 = report.topK.find((t: { k: number }) => t.k === 1);
    // Wilson 95% interval for 3/6, computed independently: centre (p + z²/2n)/(1 + z²/n).
    const z = 1.959963984540054, n = 6, p = 0.5;
    const centre = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
    const half = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
    expect(top1.ci95[0]).toBeCloseTo(centre - half, 12);
    expect(top1.ci95[1]).toBeCloseTo(centre + half, 12);
  });

  it("CSV formats pair by image id regardless of row order", () => {
    const gtCsv = join(scratch, "gt.csv");
    const predCsv = join(scratch, "pred.csv");
    writeFileSync(gtCsv, `image,label\n${gtLines.map((l, i) => `img${i},${l}`).join("\n")}\n`);
    const rows = predLines.map((l, i) => `img${i},${l.split(" ").join(",")}`).reverse();
    writeFileSync(predCsv, `image,top1,top2,top3,top4,top5\n${rows.join("\n")}\n`);
    const report = JSON.parse(podium(["score", "classification", "--gt", gtCsv, "--pred", predCsv, "--json"]).stdout);
    expect(report.top1).toBeCloseTo(0.5, 12);
    expect(report.top5).toBeCloseTo(5 / 6, 12);
  });

  it("ImageNet-ReaL label lists: empty lists excluded, any listed label counts", () => {
    const real = join(scratch, "real.json");
    writeFileSync(real, JSON.stringify([["n01"], ["n01", "n02"], [], ["n04"], ["n03"], ["n06"]]));
    const report = JSON.parse(podium(["score", "classification", "--gt", real, "--pred", predTxt, "--json"]).stdout);
    expect(report.protocol).toBe("imagenet-real");
    expect(report.excluded).toBe(1);
    expect(report.samples).toBe(5);
    // top-1: image1 n01 ✓, image2 n02 ✓, image4 n05 ✗, image5 n02 ✗, image6 n01 ✗ → 2/5
    expect(report.top1).toBeCloseTo(2 / 5, 12);
    // top-5: ✓ ✓ ✓(n04) ✓(n03) ✓(n06) → 5/5
    expect(report.top5).toBeCloseTo(1, 12);
  });

  it("top-5 is reported as unavailable when only one label per image is given", () => {
    const single = join(scratch, "single.txt");
    writeFileSync(single, `${predLines.map((l) => l.split(" ")[0]).join("\n")}\n`);
    const result = podium(["score", "classification", "--gt", gtTxt, "--pred", single]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("top-5: not available");
    expect(JSON.parse(podium(["score", "classification", "--gt", gtTxt, "--pred", single, "--json"]).stdout).top5).toBeNull();
  });
});

describe("bad input: one clear line naming the file, non-zero exit", () => {
  const bad = (name: string, content: string) => {
    const path = join(scratch, name);
    writeFileSync(path, content);
    return path;
  };
  const gt = fixtures("coco/bbox-gt.json");
  const gtJson = readJson(gt);
  const detection = (overrides: Record<string, unknown>) => JSON.stringify([{ image_id: gtJson.images[0].id, category_id: gtJson.categories[0].id, bbox: [1, 2, 3, 4], score: 0.5, ...overrides }]);

  const cases: [string, () => string[], RegExp][] = [
    ["malformed JSON", () => ["score", "detection", "--gt", gt, "--pred", bad("broken.json", '[{"image_id": 1,')], /broken\.json: malformed JSON/],
    ["NaN written by Python", () => ["score", "detection", "--gt", gt, "--pred", bad("nan.json", detection({}).replace('"score":0.5', '"score":NaN'))], /nan\.json: line 1: NaN is not a valid number/],
    ["unknown image id", () => ["score", "detection", "--gt", gt, "--pred", bad("unknown-image.json", detection({ image_id: 987654321 }))], /unknown-image\.json: .*987654321/],
    ["unknown category id", () => ["score", "detection", "--gt", gt, "--pred", bad("unknown-cat.json", detection({ category_id: 424242 }))], /unknown-cat\.json: .*424242/],
    ["negative box size", () => ["score", "detection", "--gt", gt, "--pred", bad("negative.json", detection({ bbox: [1, 2, -3, 4] }))], /negative\.json: .*(negative|width)/i],
    ["wrong field type", () => ["score", "detection", "--gt", gt, "--pred", bad("string-score.json", detection({ score: "high" }))], /string-score\.json: \[0\]\.score: /],
    ["missing ground truth file", () => ["score", "detection", "--gt", join(scratch, "absent.json"), "--pred", gt], /absent\.json: no such file/],
    [
      "RLE of the wrong size",
      () => {
        const segmGt = readJson(fixtures("coco/segm-gt.json"));
        const image = segmGt.images[0];
        const content = JSON.stringify([{ image_id: image.id, category_id: segmGt.categories[0].id, score: 0.9, segmentation: { size: [image.height + 1, image.width], counts: [0, (image.height + 1) * image.width] } }]);
        return ["score", "detection", "--iou-type", "segm", "--gt", fixtures("coco/segm-gt.json"), "--pred", bad("rle-size.json", content)];
      },
      /rle-size\.json: .*size/i,
    ],
  ];
  for (const [name, args, pattern] of cases) {
    it(`detection: ${name}`, () => {
      expect(expectOneLineFailure(podium(args()))).toMatch(pattern);
    });
  }

  const segDirs = () => {
    const base = mkdtempSync(join(scratch, "seg-"));
    cpSync(fixtures("segmentation/gt"), join(base, "gt"), { recursive: true });
    cpSync(fixtures("segmentation/pred"), join(base, "pred"), { recursive: true });
    return base;
  };
  const seg = (base: string) => ["score", "segmentation", "--gt", join(base, "gt"), "--pred", join(base, "pred"), "--num-classes", "8"];

  it("segmentation: a missing prediction PNG", () => {
    const base = segDirs();
    rmSync(join(base, "pred", "img003.png"));
    expect(expectOneLineFailure(podium(seg(base)))).toMatch(/pred\/img003\.png: missing/);
  });
  it("segmentation: an extra prediction PNG", () => {
    const base = segDirs();
    cpSync(join(base, "pred", "img003.png"), join(base, "pred", "zzz.png"));
    expect(expectOneLineFailure(podium(seg(base)))).toMatch(/zzz\.png: no ground truth/);
  });
  it("segmentation: a prediction of a different size", () => {
    const base = segDirs();
    cpSync(join(base, "pred", "img001.png"), join(base, "pred", "img000.png"));
    const gtSize = readFileSync(join(base, "gt", "img000.png")).readUInt32BE(16) !== readFileSync(join(base, "gt", "img001.png")).readUInt32BE(16);
    if (gtSize) expect(expectOneLineFailure(podium(seg(base)))).toMatch(/img000\.png: size .* differs/);
  });
  it("segmentation: a file that is not a PNG", () => {
    const base = segDirs();
    writeFileSync(join(base, "pred", "img005.png"), "this is not a png");
    expect(expectOneLineFailure(podium(seg(base)))).toMatch(/img005\.png: .*(PNG|signature)/i);
  });
  it("segmentation: a truncated PNG", () => {
    const base = segDirs();
    const bytes = readFileSync(join(base, "gt", "img002.png"));
    writeFileSync(join(base, "gt", "img002.png"), bytes.subarray(0, Math.floor(bytes.length / 2)));
    expect(expectOneLineFailure(podium(seg(base)))).toMatch(/gt\/img002\.png: .*(truncated|CRC|end)/i);
  });
  it("segmentation: a predicted label outside 0..N-1 is an error, not dropped", () => {
    const base = segDirs();
    expect(expectOneLineFailure(podium(["score", "segmentation", "--gt", join(base, "gt"), "--pred", join(base, "pred"), "--num-classes", "7"]))).toMatch(/img\d+\.png: .*7/);
  });

  it("classification: prediction count mismatch", () => {
    const gtPath = bad("gt3.txt", "1\n2\n3\n");
    const predPath = bad("pred2.txt", "1\n2\n");
    expect(expectOneLineFailure(podium(["score", "classification", "--gt", gtPath, "--pred", predPath]))).toMatch(/pred2\.txt: 2 prediction lines for 3/);
  });
  it("classification: label outside --num-classes", () => {
    const gtPath = bad("gt-range.txt", "0\n1\n2\n");
    const predPath = bad("pred-range.txt", "0\n1\n9\n");
    expect(expectOneLineFailure(podium(["score", "classification", "--gt", gtPath, "--pred", predPath, "--num-classes", "3"]))).toMatch(/pred-range\.txt:3: label '9'/);
  });
  it("unknown task and missing flags", () => {
    expect(expectOneLineFailure(podium(["score", "nonsense"]))).toMatch(/unknown task 'nonsense'/);
    expect(expectOneLineFailure(podium(["score", "detection", "--pred", "x.json"]))).toMatch(/missing --gt/);
    expect(expectOneLineFailure(podium(["score", "segmentation", "--bogus"]))).toMatch(/bogus/);
  });
});

mkdirSync(scratch, { recursive: true });
