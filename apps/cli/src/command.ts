/** One `podium <name>` subcommand. `run` returns the process exit code; it never calls process.exit. */
export interface Command {
  name: string;
  usage: string;
  run(argv: string[]): Promise<number>;
}

/**
 * A registry entry: name and summary are known without loading the command, whose module (and its heavy
 * dependencies: onnxruntime, tfjs, sharp, Prisma) is imported only when that command runs.
 */
export interface CommandEntry {
  name: string;
  summary: string;
  load(): Promise<Command>;
}

/**
 * An error whose message is meant for the user as it is: the CLI prints `podium: <message>` on one line
 * and exits with `exitCode`, never a stack trace.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(message: string, readonly exitCode = 2) {
    super(message);
  }
}
