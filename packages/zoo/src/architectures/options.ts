export interface ArchitectureOptions {
  /** Seed of the deterministic weight initializers (default 0). */
  seed?: number;
  /** Input [height, width, channels] (channels last, as tfjs runs); default is the architecture's own. */
  inputShape?: [number, number, number];
  numClasses?: number;
}

export interface ResolvedOptions {
  seed: number;
  inputShape: [number, number, number];
  numClasses: number;
}
