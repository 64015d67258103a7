import type { CommandEntry } from "./command.js";
import { UserError } from "./command.js";
import { commands } from "./commands/index.js";

function help(): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return `usage: podium <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun \`podium <command> --help\` for a command's options.\n`;
}

/** Errors thrown by libraries carry one-line messages; anything else is a bug and keeps its stack behind --debug. */
function describe(error: unknown): string {
  if (error instanceof Error) return error.message.split("\n")[0] ?? String(error);
  return String(error);
}

export async function run(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const entry: CommandEntry | undefined = commands.find((c) => c.name === name);
  if (!entry) {
    process.stderr.write(`podium: unknown command '${name}'\n${help()}`);
    return 2;
  }
  try {
    const command = await entry.load();
    if (rest.includes("--help") || rest.includes("-h")) {
      process.stdout.write(`${command.usage}\n`);
      return 0;
    }
    return await command.run(rest);
  } catch (error) {
    process.stderr.write(`podium ${name}: ${describe(error)}\n`);
    if (process.env.PODIUM_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
    return error instanceof UserError ? error.exitCode : 1;
  }
}
