import type { GraphReport, InspectOptions } from "@podium/graph";
import { formatReport, inspectLayersTopology, inspectModelFile, ModelFormatError, parseInputSize, summarizeByKind } from "@podium/graph";
import { architectureInfo, architectureTopology, listArchitectures, UnknownArchitectureError } from "@podium/zoo";
import { atLeastOption, parseOptions } from "../args.js";
import type { Command } from "../command.js";
import { UserError } from "../command.js";

const usage = `usage: podium inspect <model.onnx | model.json> [options]
       podium inspect --arch NAME [options]

Reports per layer: op, output shape, params, MACs and activation memory; totals; a training-memory estimate.
Reads ONNX files (weights may be external or absent: only the graph and initializer dims are needed) and TF.js
model.json files (graph-model or layers-model). --arch inspects a lecture architecture from the zoo without
allocating its weights: ${listArchitectures().join(", ")}.

options:
  --batch N            batch size (overrides dim 0 of every input; symbolic batch dims default to 1)
  --input-size HxW     input height x width (overrides the spatial dims; e.g. 224 or 480x640)
  --optimizer NAME     training-memory estimate for adam (default), sgd-momentum or sgd
  --weighted           list only layers with params or MACs
  --json               print one JSON object instead of the table`;

export const inspectCommand: Command = {
  name: "inspect",
  usage,
  async run(argv) {
    const { values, positionals } = parseOptions(
      argv,
      {
        arch: { type: "string" }, batch: { type: "string" }, "input-size": { type: "string" }, optimizer: { type: "string" },
        json: { type: "boolean" }, weighted: { type: "boolean" },
      } as const,
      usage,
      true,
    );
    if ((values.arch === undefined) === (positionals.length === 0) || positionals.length > 1) {
      throw new UserError("give exactly one model file or --arch NAME (see podium inspect --help)");
    }
    const optimizer = values.optimizer ?? "adam";
    if (optimizer !== "adam" && optimizer !== "sgd" && optimizer !== "sgd-momentum") throw new UserError(`--optimizer must be adam, sgd-momentum or sgd, got '${optimizer}'`);
    let inputSize: [number, number] | undefined;
    try {
      inputSize = values["input-size"] === undefined ? undefined : parseInputSize(values["input-size"]);
    } catch (error) {
      throw new UserError((error as Error).message);
    }
    const options: InspectOptions = { batch: atLeastOption(values.batch, "--batch"), inputSize, optimizer };

    let report: GraphReport;
    let title: string | undefined;
    let extra: Record<string, unknown> = {};
    try {
      if (values.arch !== undefined) {
        const info = architectureInfo(values.arch);
        const channels = info.defaultInputShape[2];
        const topology = architectureTopology(values.arch, inputSize ? { inputShape: [inputSize[0], inputSize[1], channels] } : {});
        report = inspectLayersTopology(topology, { batch: options.batch, optimizer, source: `--arch ${values.arch}` });
        title = `${info.displayName} (${info.year}; ${info.paper.title}, ${info.paper.url})`;
        extra = { architecture: { name: info.name, displayName: info.displayName, year: info.year, paper: info.paper, variantPaper: info.variantPaper, notes: info.notes, accuracy: info.accuracy, published: { params_m: info.facts.params_m, gmacs: info.facts.gmacs, source: info.facts.source } } };
      } else {
        report = inspectModelFile(positionals[0], { ...options, source: positionals[0] });
      }
    } catch (error) {
      if (error instanceof ModelFormatError || error instanceof UnknownArchitectureError) throw new UserError(error.message);
      throw error;
    }

    if (values.json) {
      process.stdout.write(`${JSON.stringify({ ...extra, ...report, byKind: summarizeByKind(report) })}\n`);
      return 0;
    }
    let text = formatReport(report, { title, onlyWeighted: values.weighted });
    const arch = extra.architecture as { accuracy: { top1Pct: number | null; top5Pct: number | null; source: string }; published: { params_m: number | null; gmacs: number | null }; notes: string } | undefined;
    if (arch) {
      const a = arch.accuracy;
      text += `\nreported: top-1 ${a.top1Pct ?? "n/a"}%, top-5 ${a.top5Pct ?? "n/a"}% — ${a.source}\n`;
      text += `published: ${arch.published.params_m ?? "n/a"} M params, ${arch.published.gmacs ?? "n/a"} GMACs (same source)\nimplementation: ${arch.notes}\n`;
    }
    process.stdout.write(text);
    return 0;
  },
};
