import { ClassificationEvaluator, type ClassificationState } from "@podium/metrics";
import { RunnerError } from "../errors.js";
import { finiteOrNull, type AdapterState, type MetricValue, type Scored, type TaskAdapter, type TaskMetrics } from "./task-adapter.js";

export interface ClassificationAdapterOptions {
  readonly classes: readonly string[];
  readonly topK?: readonly number[];
}

/** Classification scores of one sample, already in the dataset's label space (length = classes). */
export type ClassScores = Float32Array;

/** Top-k accuracies with Wilson intervals, per-class recall, confusion; keeps each sample's rank (McNemar). */
export class ClassificationAdapter implements TaskAdapter<ClassScores> {
  readonly task = "classification";
  private readonly evaluator: ClassificationEvaluator;
  private readonly classes: readonly string[];
  private readonly topK: readonly number[];

  constructor(options: ClassificationAdapterOptions) {
    this.classes = options.classes;
    this.topK = (options.topK ?? [1, 5]).filter((k) => k <= options.classes.length);
    this.evaluator = new ClassificationEvaluator({ numClasses: options.classes.length, topK: this.topK, keepPerSample: true });
  }

  reset(): void {
    this.evaluator.reset();
  }

  process(batch: readonly Scored<ClassScores>[]): void {
    const c = this.classes.length;
    const scores = new Float32Array(batch.length * c);
    const targets = new Int32Array(batch.length);
    batch.forEach((item, i) => {
      if (item.sample.target.task !== "classification") throw new RunnerError(`sample ${item.sample.id}: ground truth is ${item.sample.target.task}, not classification`);
      if (item.prediction.length !== c) throw new RunnerError(`sample ${item.sample.id}: ${item.prediction.length} class scores for ${c} dataset classes`);
      scores.set(item.prediction, i * c);
      targets[i] = item.sample.target.label;
    });
    this.evaluator.update(scores, targets, batch.map((item) => item.sample.id));
  }

  evaluate(): TaskMetrics {
    const result = this.evaluator.compute();
    const metrics: Record<string, MetricValue> = {};
    for (const t of result.topK) {
      metrics[`top${t.k}`] = {
        value: finiteOrNull(t.accuracy),
        interval: { lower: finiteOrNull(t.interval.lower), upper: finiteOrNull(t.interval.upper), method: "wilson" },
      };
    }
    metrics.meanClassRecall = { value: finiteOrNull(result.meanClassRecall) };
    return {
      metrics,
      details: {
        samples: result.samples,
        topK: result.topK.map((t) => ({ k: t.k, correct: t.correct, samples: t.samples })),
        perClass: result.perClass.map((r) => ({ class: this.classes[r.classId], samples: r.samples, correct: r.correct, recall: finiteOrNull(r.recall) })),
        confusion: Array.from(result.confusion),
      },
    };
  }

  toState(): AdapterState {
    const state = this.evaluator.toState();
    // Per-sample ranks sorted by id, so a merged state is byte-identical to the one-shot state.
    const perSample = state.perSample && sortPerSample(state.perSample);
    return { task: this.task, options: { classes: [...this.classes], topK: [...this.topK] }, state: { ...state, perSample } };
  }

  merge(other: AdapterState): void {
    this.evaluator.merge(other.state as ClassificationState);
  }
}

function sortPerSample(perSample: { ids: string[]; ranks: number[] }): { ids: string[]; ranks: number[] } {
  const order = perSample.ids.map((_, i) => i).sort((a, b) => (perSample.ids[a] < perSample.ids[b] ? -1 : perSample.ids[a] > perSample.ids[b] ? 1 : 0));
  return { ids: order.map((i) => perSample.ids[i]), ranks: order.map((i) => perSample.ranks[i]) };
}
