export { wilsonInterval, Z_95, type ProportionInterval } from "./wilson.js";
export { mcnemarTest, mcnemarFromCounts, MCNEMAR_EXACT_BELOW, type McNemarResult } from "./mcnemar.js";
export { bootstrapInterval, quantile, type BootstrapOptions, type BootstrapInterval } from "./bootstrap.js";
export { mulberry32 } from "./prng.js";
export { chiSquare1Survival } from "./special.js";
