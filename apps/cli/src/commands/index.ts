import type { Command } from "../command.js";

// Each subcommand lives in its own file; this list is the only place they are registered.
export const commands: Command[] = [];
