import type { GraphReport, LayerReport, Shape } from "./report.js";

const CONV_OPS = new Set(["Conv", "ConvTranspose", "Conv2D", "DepthwiseConv2D", "SeparableConv2D", "Conv2DTranspose", "Conv2DBackpropInput", "DepthwiseConv2dNative", "FusedDepthwiseConv2dNative", "_FusedConv2D"]);
const LINEAR_OPS = new Set(["Gemm", "MatMul", "Dense", "_FusedMatMul", "BatchMatMul", "BatchMatMulV2"]);

export type LayerKind = "conv" | "linear" | "other";
export function layerKind(op: string): LayerKind {
  return CONV_OPS.has(op) ? "conv" : LINEAR_OPS.has(op) ? "linear" : "other";
}

export const formatCount = (n: number): string => n.toLocaleString("en-US");
export const formatMegabytes = (bytes: number): string => `${(bytes / 1e6).toFixed(2)} MB`;
export const formatMacs = (macs: number): string => (macs >= 1e9 ? `${(macs / 1e9).toFixed(3)} G` : macs >= 1e6 ? `${(macs / 1e6).toFixed(2)} M` : macs >= 1e3 ? `${(macs / 1e3).toFixed(1)} K` : String(macs));
const formatShape = (s: Shape | null): string => (s ? `[${s.join(", ")}]` : "unknown");
const percent = (part: number, whole: number): string => (whole > 0 ? `${((100 * part) / whole).toFixed(1)}%` : "-");

export interface KindSummary {
  kind: LayerKind;
  layers: number;
  params: number;
  macs: number;
  activationBytes: number;
}

/** Params, MACs and activation bytes per layer kind: the lecture's "conv holds the compute, FC holds the parameters". */
export function summarizeByKind(report: GraphReport): KindSummary[] {
  const kinds: LayerKind[] = ["conv", "linear", "other"];
  return kinds.map((kind) => {
    const layers = report.layers.filter((l) => layerKind(l.op) === kind);
    return {
      kind,
      layers: layers.length,
      params: layers.reduce((s, l) => s + l.params, 0),
      macs: layers.reduce((s, l) => s + (l.macs ?? 0), 0),
      activationBytes: layers.reduce((s, l) => s + (l.newMemory ? l.activationBytes ?? 0 : 0), 0),
    };
  });
}

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => r.map((cell, c) => (rightAligned.has(c) ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join("  ").trimEnd()).join("\n");
}

/** The text report of `podium inspect`: one row per layer, then totals, the split by layer kind and the conventions. */
export function formatReport(report: GraphReport, options: { title?: string; onlyWeighted?: boolean } = {}): string {
  const t = report.totals;
  const lines: string[] = [];
  lines.push(`${options.title ?? report.source} (${report.format}), batch ${report.batch}`);
  for (const i of report.inputs) lines.push(`  input  ${i.name}: ${formatShape(i.shape)}`);
  for (const o of report.outputs) lines.push(`  output ${o.name}: ${formatShape(o.shape)}`);
  lines.push("");
  const shown: LayerReport[] = options.onlyWeighted ? report.layers.filter((l) => l.params > 0 || (l.macs ?? 0) > 0 || l.unknown) : report.layers;
  const rows = [["#", "layer", "op", "output shape", "params", "params %", "MACs", "MACs %", "activations"]];
  shown.forEach((l) => {
    rows.push([
      String(report.layers.indexOf(l) + 1), l.name, l.op, l.unknown ? `unknown: ${l.unknown}` : formatShape(l.outputShape),
      l.params ? formatCount(l.params) : "", l.params ? percent(l.params, t.params) : "",
      l.macs === null ? "?" : l.macs ? formatMacs(l.macs) : "", l.macs ? percent(l.macs, t.macs) : "",
      l.activationBytes === null ? "?" : l.newMemory && l.activationBytes ? formatMegabytes(l.activationBytes) : "",
    ]);
  });
  lines.push(table(rows, new Set([0, 4, 5, 6, 7, 8])));
  lines.push("");
  lines.push(`params        ${formatCount(t.params)} (trainable ${formatCount(t.trainableParams)}, non-trainable ${formatCount(t.nonTrainableParams)})`);
  lines.push(`MACs          ${formatCount(t.macs)} (${formatMacs(t.macs)})${t.macsComplete ? "" : " — INCOMPLETE: some layers have unknown shapes"}`);
  lines.push(`activations   ${formatMegabytes(t.activationBytes)} forward at batch ${report.batch} (${formatMegabytes(t.activationBytes / report.batch)} per image; all outputs incl. in-place/views: ${formatMegabytes(t.activationBytesAllOutputs)})${t.activationsComplete ? "" : " — INCOMPLETE"}`);
  const m = t.trainingMemory;
  lines.push(`training mem  ${formatMegabytes(m.totalBytes)} = activations ${formatMegabytes(m.activationBytes)} + weights ${formatMegabytes(m.weightBytes)} + gradients ${formatMegabytes(m.gradientBytes)} + ${m.optimizer} state ${formatMegabytes(m.optimizerStateBytes)}`);
  lines.push("");
  const kinds = summarizeByKind(report);
  lines.push(table([
    ["layer kind", "layers", "params", "params %", "MACs", "MACs %", "activations", "activations %"],
    ...kinds.map((k) => [k.kind, String(k.layers), formatCount(k.params), percent(k.params, t.params), formatMacs(k.macs), percent(k.macs, t.macs), formatMegabytes(k.activationBytes), percent(k.activationBytes, t.activationBytes - t.inputBytes)]),
  ], new Set([1, 2, 3, 4, 5, 6, 7])));
  if (report.unknownOps.length) {
    lines.push("");
    lines.push(`not inferred (and everything downstream): ${report.unknownOps.map((u) => `${u.op} '${u.name}'`).join(", ")}`);
  }
  lines.push("");
  for (const c of report.conventions) lines.push(`* ${c}`);
  return `${lines.join("\n")}\n`;
}
