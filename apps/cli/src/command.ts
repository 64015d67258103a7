/** One `podium <name>` subcommand. `run` returns the process exit code; it never calls process.exit. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  run(argv: string[]): Promise<number>;
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
