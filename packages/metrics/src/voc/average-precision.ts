/**
 * VOC2007 11-point interpolated AP (voc_eval.py, use_07_metric=True): the mean over t = 0, 0.1, …, 1 of the
 * best precision at recall >= t. Thresholds are i · 0.1 as numpy.arange(0, 1.1, 0.1) builds them
 * (0.30000000000000004, not 0.3), and the sum runs in the same order.
 */
export function elevenPointAP(recall: Float64Array, precision: Float64Array): number {
  let ap = 0;
  for (let i = 0; i <= 10; i++) {
    const t = i * 0.1;
    let best = -Infinity;
    for (let j = 0; j < recall.length; j++) if (recall[j] >= t && precision[j] > best) best = precision[j];
    ap += (best === -Infinity ? 0 : best) / 11;
  }
  return ap;
}

/**
 * VOC2010+ all-point AP (voc_eval.py, use_07_metric=False): area under the precision envelope, with
 * sentinels (recall 0, precision 0) and (recall 1, precision 0), summed over the points where recall changes.
 */
export function allPointAP(recall: Float64Array, precision: Float64Array): number {
  const n = recall.length + 2;
  const mrec = new Float64Array(n);
  const mpre = new Float64Array(n);
  mrec.set(recall, 1);
  mrec[n - 1] = 1;
  mpre.set(precision, 1);
  for (let i = n - 1; i > 0; i--) mpre[i - 1] = Math.max(mpre[i - 1], mpre[i]);
  let ap = 0;
  for (let i = 0; i < n - 1; i++) if (mrec[i + 1] !== mrec[i]) ap += (mrec[i + 1] - mrec[i]) * mpre[i + 1];
  return ap;
}
