import type { Command } from "../command.js";
import { scoreCommand } from "./score.js";
import { benchCommand } from "./bench.js";
import { inspectCommand } from "./inspect.js";
import { evalCommand } from "./eval.js";
import { mergeCommand } from "./merge.js";

// Each subcommand lives in its own file; this list is the only place they are registered.
export const commands: Command[] = [scoreCommand, benchCommand, inspectCommand, evalCommand, mergeCommand];
