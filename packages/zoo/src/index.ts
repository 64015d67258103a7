export type { ArchitectureOptions } from "./architectures/options.js";
export type { ArchitectureInfo, ReportedAccuracy } from "./zoo.js";
export { listArchitectures, architectureInfo, architectureTopology, buildArchitecture, UnknownArchitectureError } from "./zoo.js";
export type { Paper } from "./registry.js";
export type { ArchitectureFacts } from "./facts.js";
export { FACTS_URL } from "./facts.js";
export type { Topology, LayerJson } from "./topology.js";
