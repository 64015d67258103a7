import { describe, it, expect } from "vitest";
import fc from "fast-check";
import { evaluateCoco, type CocoAnnotation, type CocoDetection, type CocoGroundTruth } from "@podium/metrics";

/**
 * A literal transcription of COCOeval's bbox path (evaluate → evaluateImg → accumulate → summarize), loop
 * for loop, with none of the evaluator's shortcuts (candidate pruning, rank lists, integer recall search,
 * merged passes). Random small datasets must give the same precision/recall arrays bit for bit.
 */
function linspace(start: number, stop: number, num: number): number[] {
  const step = (stop - start) / (num - 1);
  const out = Array.from({ length: num }, (_, i) => i * step + start);
  out[num - 1] = stop;
  return out;
}
const iouThrs = linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1);
const recThrs = linspace(0, 1, Math.round((1 - 0) / 0.01) + 1);
const maxDets = [1, 10, 100];
const areaRng = [[0, 1e10], [0, 32 ** 2], [32 ** 2, 96 ** 2], [96 ** 2, 1e10]];

type G = { id: number; area: number; iscrowd: number; bbox: number[]; ignore: number; _ignore?: number };
type D = { id: number; area: number; score: number; bbox: number[] };
interface EvalImg { dtScores: number[]; dtMatches: number[][]; dtIgnore: number[][]; gtIgnore: number[] }

function bbIou(d: number[], g: number[], crowd: boolean): number {
  const w = Math.min(d[2] + d[0], g[2] + g[0]) - Math.max(d[0], g[0]);
  if (w <= 0) return 0;
  const h = Math.min(d[3] + d[1], g[3] + g[1]) - Math.max(d[1], g[1]);
  if (h <= 0) return 0;
  const i = w * h, da = d[2] * d[3], ga = g[2] * g[3];
  return i / (crowd ? da : da + ga - i);
}
const argsortStable = (keys: number[]) => keys.map((_, i) => i).sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : a - b));

function reference(gtData: CocoGroundTruth, results: CocoDetection[]) {
  const imgIds = gtData.images.map((i) => i.id).sort((a, b) => a - b);
  const catIds = gtData.categories.map((c) => c.id).sort((a, b) => a - b);
  const gts = new Map<string, G[]>(), dts = new Map<string, D[]>();
  const push = <X>(m: Map<string, X[]>, k: string, x: X) => (m.get(k) ?? m.set(k, []).get(k)!).push(x);
  for (const a of gtData.annotations) push(gts, `${a.image_id},${a.category_id}`, { id: a.id, area: a.area, iscrowd: a.iscrowd ? 1 : 0, bbox: [...a.bbox!], ignore: a.iscrowd ? 1 : 0 });
  results.forEach((r, i) => push(dts, `${r.image_id},${r.category_id}`, { id: i + 1, area: r.bbox![2] * r.bbox![3], score: r.score, bbox: [...r.bbox!] }));

  const ious = new Map<string, number[][]>();
  for (const img of imgIds) for (const cat of catIds) {
    const g = gts.get(`${img},${cat}`) ?? [], d0 = dts.get(`${img},${cat}`) ?? [];
    const d = argsortStable(d0.map((x) => -x.score)).map((i) => d0[i]).slice(0, 100);
    ious.set(`${img},${cat}`, g.length && d.length ? d.map((dd) => g.map((gg) => bbIou(dd.bbox, gg.bbox, gg.iscrowd === 1))) : []);
  }
  const evaluateImg = (img: number, cat: number, aRng: number[], maxDet: number): EvalImg | null => {
    let gt = gts.get(`${img},${cat}`) ?? [];
    let dt = dts.get(`${img},${cat}`) ?? [];
    if (gt.length === 0 && dt.length === 0) return null;
    for (const g of gt) g._ignore = g.ignore || g.area < aRng[0] || g.area > aRng[1] ? 1 : 0;
    const gtind = argsortStable(gt.map((g) => g._ignore!));
    gt = gtind.map((i) => gt[i]);
    dt = argsortStable(dt.map((d) => -d.score)).slice(0, maxDet).map((i) => dt[i]);
    const iscrowd = gt.map((g) => g.iscrowd);
    const raw = ious.get(`${img},${cat}`)!;
    const iou = raw.length ? raw.map((row) => gtind.map((i) => row[i])) : raw;
    const T = iouThrs.length;
    const gtm = iouThrs.map(() => gt.map(() => 0));
    const dtm = iouThrs.map(() => dt.map(() => 0));
    const gtIg = gt.map((g) => g._ignore!);
    const dtIg = iouThrs.map(() => dt.map(() => 0));
    if (iou.length !== 0) {
      for (let t = 0; t < T; t++) {
        for (let di = 0; di < dt.length; di++) {
          let best = Math.min(iouThrs[t], 1 - 1e-10);
          let m = -1;
          for (let gi = 0; gi < gt.length; gi++) {
            if (gtm[t][gi] > 0 && !iscrowd[gi]) continue;
            if (m > -1 && gtIg[m] === 0 && gtIg[gi] === 1) break;
            if (iou[di][gi] < best) continue;
            best = iou[di][gi];
            m = gi;
          }
          if (m === -1) continue;
          dtIg[t][di] = gtIg[m];
          dtm[t][di] = gt[m].id;
          gtm[t][m] = dt[di].id;
        }
      }
    }
    const outside = dt.map((d) => d.area < aRng[0] || d.area > aRng[1]);
    const dtIgnore = dtIg.map((row, t) => row.map((v, di) => (v || (dtm[t][di] === 0 && outside[di]) ? 1 : 0)));
    return { dtScores: dt.map((d) => d.score), dtMatches: dtm, dtIgnore, gtIgnore: gtIg };
  };
  const evalImgs: (EvalImg | null)[] = [];
  for (const cat of catIds) for (const a of areaRng) for (const img of imgIds) evalImgs.push(evaluateImg(img, cat, a, 100));

  const T = iouThrs.length, R = recThrs.length, K = catIds.length, A = areaRng.length, M = maxDets.length;
  const precision = new Float64Array(T * R * K * A * M).fill(-1);
  const recall = new Float64Array(T * K * A * M).fill(-1);
  const I0 = imgIds.length, A0 = A;
  for (let k = 0; k < K; k++) for (let a = 0; a < A; a++) for (let m = 0; m < M; m++) {
    const maxDet = maxDets[m];
    const E = imgIds.map((_, i) => evalImgs[k * A0 * I0 + a * I0 + i]).filter((e): e is EvalImg => e !== null);
    if (E.length === 0) continue;
    const dtScores = E.flatMap((e) => e.dtScores.slice(0, maxDet));
    const inds = argsortStable(dtScores.map((s) => -s));
    const dtmAll = iouThrs.map((_, t) => E.flatMap((e) => e.dtMatches[t].slice(0, maxDet))).map((row) => inds.map((i) => row[i]));
    const dtIgAll = iouThrs.map((_, t) => E.flatMap((e) => e.dtIgnore[t].slice(0, maxDet))).map((row) => inds.map((i) => row[i]));
    const npig = E.flatMap((e) => e.gtIgnore).filter((v) => v === 0).length;
    if (npig === 0) continue;
    for (let t = 0; t < T; t++) {
      let tpc = 0, fpc = 0;
      const tp: number[] = [], fp: number[] = [];
      for (let i = 0; i < inds.length; i++) {
        const matched = dtmAll[t][i] !== 0, ignored = dtIgAll[t][i] !== 0;
        if (matched && !ignored) tpc++;
        if (!matched && !ignored) fpc++;
        tp.push(tpc);
        fp.push(fpc);
      }
      const nd = tp.length;
      const rc = tp.map((v) => v / npig);
      const pr = tp.map((v, i) => v / (fp[i] + v + 2 ** -52));
      recall[((t * K + k) * A + a) * M + m] = nd ? rc[nd - 1] : 0;
      for (let i = nd - 1; i > 0; i--) if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
      const q = new Array(R).fill(0);
      for (let ri = 0; ri < R; ri++) {
        let lo = 0, hi = nd; // searchsorted(rc, recThrs[ri], side="left")
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (rc[mid] < recThrs[ri]) lo = mid + 1;
          else hi = mid;
        }
        if (lo >= nd) break;
        q[ri] = pr[lo];
      }
      for (let ri = 0; ri < R; ri++) precision[(((t * R + ri) * K + k) * A + a) * M + m] = q[ri];
    }
  }
  return { precision, recall };
}

const datasetArb = fc
  .record({
    imageIds: fc.uniqueArray(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 4 }),
    categoryIds: fc.uniqueArray(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 3 }),
    manyDetections: fc.boolean(),
  })
  .chain(({ imageIds, categoryIds, manyDetections }) => {
    // Coarse grid coordinates make exact IoU ties and IoUs exactly on a threshold (0.5, 0.75 …) common.
    const side = fc.oneof(fc.constantFrom(8, 16, 32, 48, 64, 96), fc.integer({ min: 1, max: 140 }));
    const coord = fc.oneof(fc.integer({ min: 0, max: 12 }).map((v) => v * 8), fc.integer({ min: 0, max: 110 }));
    const gtArb = fc.record({
      image: fc.constantFrom(...imageIds), category: fc.constantFrom(...categoryIds),
      x: coord, y: coord, w: side, h: side,
      crowd: fc.integer({ min: 0, max: 4 }).map((v) => v === 0), // ~20% crowd regions
      areaOverride: fc.option(fc.constantFrom(1024, 9216, 500, 20000), { freq: 4 }),
    });
    const detArb = fc.record({
      image: fc.constantFrom(...imageIds), category: fc.constantFrom(...categoryIds),
      x: coord, y: coord, w: side, h: side,
      score: fc.constantFrom(0.1, 0.3, 0.5, 0.5, 0.9),
    });
    // Detections copy a ground-truth box with small shifts/crops (exact IoUs like 0.5, ties) or fall anywhere.
    const nearArb = fc.record({
      of: fc.nat(), category: fc.option(fc.constantFrom(...categoryIds), { freq: 5 }),
      dx: fc.constantFrom(0, 0, 8, -8, 4), dy: fc.constantFrom(0, 0, 8, -8), crop: fc.constantFrom(1, 1, 0.5, 0.75, 1.25),
      score: fc.constantFrom(0.1, 0.3, 0.5, 0.5, 0.9),
    });
    return fc.record({ gts: fc.array(gtArb, { maxLength: 12 }), near: fc.array(nearArb, { maxLength: manyDetections ? 120 : 20 }), far: fc.array(detArb, { maxLength: manyDetections ? 30 : 8 }) })
      .map(({ gts, near, far }) => {
        const dets = [...far];
        for (const n of near) {
          if (gts.length === 0) break;
          const g = gts[n.of % gts.length];
          dets.push({ image: g.image, category: n.category ?? g.category, x: g.x + n.dx, y: g.y + n.dy, w: g.w * n.crop, h: g.h, score: n.score });
        }
        // Interleave so near and far detections are not in generation order.
        dets.sort((a, b) => ((a.x * 31 + a.y) % 7) - ((b.x * 31 + b.y) % 7));
        return { imageIds, categoryIds, gts, dets };
      });
  })
  .map(({ imageIds, categoryIds, gts, dets }) => {
    const gt: CocoGroundTruth = {
      images: imageIds.map((id) => ({ id, width: 300, height: 300 })),
      categories: categoryIds.map((id) => ({ id, name: `c${id}` })),
      annotations: gts.map((g, i): CocoAnnotation => ({
        // Ids start at 0 for some datasets: pycocotools reads a match with id 0 as 'unmatched'.
        id: i + (imageIds[0] % 2), image_id: g.image, category_id: g.category, bbox: [g.x, g.y, g.w, g.h],
        area: g.areaOverride ?? g.w * g.h, iscrowd: g.crowd ? 1 : 0,
      })),
    };
    const detections: CocoDetection[] = dets.map((d) => ({ image_id: d.image, category_id: d.category, bbox: [d.x, d.y, d.w, d.h], score: d.score }));
    return { gt, detections };
  });

describe("evaluateCoco against a literal transcription of COCOeval", () => {
  it("gives bit-identical precision and recall on random small datasets", () => {
    fc.assert(
      fc.property(datasetArb, ({ gt, detections }) => {
        const ours = evaluateCoco(gt, detections, { iouType: "bbox" });
        const ref = reference(gt, detections);
        expect(Array.from(ours.precision)).toEqual(Array.from(ref.precision));
        expect(Array.from(ours.recall)).toEqual(Array.from(ref.recall));
      }),
      { numRuns: 100 },
    );
  });
});
