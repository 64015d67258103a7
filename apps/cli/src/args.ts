import { parseArgs, type ParseArgsConfig } from "node:util";
import { UserError } from "./command.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** node:util parseArgs, with its errors turned into one-line usage errors. */
type Parsed<T extends Options> = ReturnType<typeof parseArgs<{ args: string[]; options: T; allowPositionals: boolean; strict: true }>>;

export function parseOptions<T extends Options>(argv: string[], options: T, usage: string, allowPositionals = false): Parsed<T> {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (error) {
    const message = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new UserError(`${message} (${usage.split("\n")[0]})`);
  }
}

export function requireOption(value: string | undefined, flag: string, usage: string): string {
  if (value === undefined || value === "") throw new UserError(`missing ${flag} (${usage.split("\n")[0]})`);
  return value;
}

/** Parses a non-negative integer flag value, naming the flag in the error. */
export function integerOption(value: string | undefined, flag: string, fallback?: number): number {
  if (value === undefined) {
    if (fallback === undefined) throw new UserError(`missing ${flag}`);
    return fallback;
  }
  if (!/^-?\d+$/.test(value)) throw new UserError(`${flag} must be an integer, got '${value}'`);
  return Number(value);
}

/** An integer flag of at least `min` (default 1); undefined when the flag is absent. */
export function atLeastOption(value: string | undefined, flag: string, min = 1): number | undefined {
  if (value === undefined) return undefined;
  const n = integerOption(value, flag);
  if (n < min) throw new UserError(`${flag} must be ≥ ${min}, got ${n}`);
  return n;
}

export function choiceOption<C extends string>(value: string | undefined, flag: string, choices: readonly C[], fallback: C): C {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UserError(`${flag} must be one of ${choices.join(", ")}, got '${value}'`);
  }
  return value as C;
}
