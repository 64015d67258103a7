import { describe, it, expect } from "vitest";
import { historicalRows, readHistoryFacts, type HistoricalRecord, type PlatformRunPoint } from "@podium/db";
import { historyChartData } from "../lib/history-chart.js";

const published = historicalRows(readHistoryFacts()).map((row, i) => ({ ...row, id: String(i) })) as unknown as HistoricalRecord[];

describe("historyChartData", () => {
  const data = historyChartData(published, []);
  const series = (name: string) => data.points.filter((p) => p.series === name);

  it("plots one winner per year 2010-2017, 2012 at the no-extra-data 16.422%", () => {
    expect(series("winner").map((p) => [p.year, p.label, p.topFiveError])).toEqual([
      [2010, "NEC-UIUC", 28.191],
      [2011, "XRCE", 25.77],
      [2012, "SuperVision", 16.422],
      [2013, "Clarifai", 11.743],
      [2014, "GoogLeNet (Google)", 6.66],
      [2015, "MSRA (Microsoft Research Asia)", 3.57],
      [2016, "Trimps-Soushen", 2.991],
      [2017, "WMW (Momenta + Oxford)", 2.251],
    ]);
  });

  it("keeps extra-data entries apart and lists runners-up and papers as not plotted, with a reason", () => {
    expect(series("extra-data").map((p) => [p.year, p.topFiveError])).toEqual([[2012, 15.315], [2013, 11.2]]);
    expect(data.notPlotted.find((p) => p.label === "ISI")?.reason).toBe("place 2: only winners are plotted");
    expect(data.notPlotted.filter((p) => p.reason === "paper result, not a challenge entry")).toHaveLength(2);
  });

  it("derives single-model val top-5 errors as 100 - top-5, rounded to the sources' precision, and keeps each source", () => {
    const resnet50 = series("single-model").find((p) => p.label === "ResNet-50")!;
    const facts = (readHistoryFacts() as { architectures: { name: string; top5_pct: number; source: string }[] }).architectures.find((a) => a.name === "ResNet-50")!;
    expect(resnet50.topFiveError).toBe(Math.round((100 - facts.top5_pct) * 1000) / 1000);
    expect(resnet50.source).toBe(facts.source);
    expect(series("single-model").every((p) => p.year >= 2010 && p.year <= 2017)).toBe(true);
    expect(data.human).toMatchObject({ topFiveError: 5.1 });
  });

  it("places platform runs by model year and leaves out runs without a year in range", () => {
    const run = (id: string, top5: number | null) => ({ id, top5, engine: "onnxruntime", hardware: "cpu" }) as unknown as PlatformRunPoint["run"];
    const runs: PlatformRunPoint[] = [
      { run: run("r1", 89.078), modelName: "resnet18", modelYear: 2015, architecture: "ResNet-18", datasetName: "imagenet-val" },
      { run: run("r2", 99.7), modelName: "lenet", modelYear: 1998, architecture: "LeNet-5", datasetName: "fashion" },
      { run: run("r3", null), modelName: "nothing", modelYear: 2015, architecture: null, datasetName: "fashion" },
    ];
    const withRuns = historyChartData(published, runs);
    expect(withRuns.points.filter((p) => p.series === "platform").map((p) => [p.id, p.year, p.topFiveError, p.href])).toEqual([["r1", 2015, 10.922, "/runs/r1"]]);
    expect(withRuns.notPlotted.find((p) => p.id === "r2")?.reason).toBe("model year outside 2010–2017");
  });
});
