/**
 * Decoded detections as parallel typed arrays, one row per detection. Boxes are x1, y1, x2, y2 floats in
 * the pixel space of the network input (before any letterbox/stretch is undone). The row order is
 * meaningful: decoders emit level by level, then cell by cell (row-major), then anchor, then class, and
 * NMS breaks score ties by that order, so results never depend on sort implementation details.
 */
export interface Detections {
  readonly count: number;
  /** count × 4: x1, y1, x2, y2. */
  readonly boxes: Float32Array;
  readonly scores: Float32Array;
  readonly classIds: Int32Array;
}

/** One detection as a plain object, for callers that prefer records to columns. */
export interface Detection {
  readonly box: [x1: number, y1: number, x2: number, y2: number];
  readonly score: number;
  readonly classId: number;
}

export function detectionsToObjects(detections: Detections): Detection[] {
  const { boxes, scores, classIds } = detections;
  const out: Detection[] = [];
  for (let i = 0; i < detections.count; i++) {
    out.push({ box: [boxes[4 * i], boxes[4 * i + 1], boxes[4 * i + 2], boxes[4 * i + 3]], score: scores[i], classId: classIds[i] });
  }
  return out;
}

/** Concatenates detections in argument order (e.g. the levels of a multi-scale head). */
export function concatDetections(parts: readonly Detections[]): Detections {
  const builder = new DetectionsBuilder();
  for (const part of parts) {
    for (let i = 0; i < part.count; i++) {
      builder.push(part.boxes[4 * i], part.boxes[4 * i + 1], part.boxes[4 * i + 2], part.boxes[4 * i + 3], part.scores[i], part.classIds[i]);
    }
  }
  return builder.build();
}

/** Growable columns; decoders do not know how many candidates pass the threshold until they are done. */
export class DetectionsBuilder {
  private boxes = new Float32Array(256);
  private scores = new Float32Array(64);
  private classIds = new Int32Array(64);
  private count = 0;

  push(x1: number, y1: number, x2: number, y2: number, score: number, classId: number): void {
    if (this.count === this.scores.length) this.grow();
    const i = this.count++;
    this.boxes[4 * i] = x1;
    this.boxes[4 * i + 1] = y1;
    this.boxes[4 * i + 2] = x2;
    this.boxes[4 * i + 3] = y2;
    this.scores[i] = score;
    this.classIds[i] = classId;
  }

  build(): Detections {
    return {
      count: this.count,
      boxes: this.boxes.slice(0, 4 * this.count),
      scores: this.scores.slice(0, this.count),
      classIds: this.classIds.slice(0, this.count),
    };
  }

  private grow(): void {
    const capacity = this.scores.length * 2;
    const boxes = new Float32Array(4 * capacity);
    boxes.set(this.boxes);
    const scores = new Float32Array(capacity);
    scores.set(this.scores);
    const classIds = new Int32Array(capacity);
    classIds.set(this.classIds);
    this.boxes = boxes;
    this.scores = scores;
    this.classIds = classIds;
  }
}
