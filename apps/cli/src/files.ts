import { readFileSync, readdirSync, statSync } from "node:fs";
import type { z } from "zod";
import { UserError } from "./command.js";

/** Reads a file the user named; errors say which file and what went wrong, in one line. */
export function readUserFile(path: string): Buffer {
  try {
    const stat = statSync(path);
    if (stat.isDirectory()) throw new UserError(`${path}: is a directory, expected a file`);
    return readFileSync(path);
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`${path}: no such file`);
    if (code === "EACCES") throw new UserError(`${path}: permission denied`);
    throw new UserError(`${path}: cannot read (${(error as Error).message})`);
  }
}

export function listUserDirectory(path: string): string[] {
  try {
    if (!statSync(path).isDirectory()) throw new UserError(`${path}: is not a directory`);
    return readdirSync(path).filter((name) => !name.startsWith(".")).sort();
  } catch (error) {
    if (error instanceof UserError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UserError(`${path}: no such directory`);
    throw new UserError(`${path}: cannot list (${(error as Error).message})`);
  }
}

/** Line and column (1-based) of a character offset. */
function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split("\n").length, column: offset - before.lastIndexOf("\n") };
}

/**
 * Offset of the first NaN/Infinity literal outside a string: Python's json.dump writes them for nan/inf
 * values, and JSON.parse's message does not say where they are.
 */
function nonJsonNumber(text: string): { offset: number; token: string } | undefined {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === "\\") i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === "N" || ch === "I" || ch === "-") {
      const token = /^-?(NaN|Infinity)/.exec(text.slice(i, i + 10));
      if (token) return { offset: i, token: token[0] };
    }
  }
  return undefined;
}

/** Parses JSON, reporting where a syntax error is (line and column) rather than a character offset. */
export function parseJsonText(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const bad = nonJsonNumber(text);
    if (bad) {
      const { line } = lineAndColumn(text, bad.offset);
      throw new UserError(`${path}: line ${line}: ${bad.token} is not a valid number (not JSON; Python's json.dump writes it for nan/inf values)`);
    }
    const message = (error as Error).message;
    if (/end of JSON input/i.test(message)) throw new UserError(`${path}: malformed JSON (truncated: unexpected end of input)`);
    const position = /position (\d+)/.exec(message);
    if (position) {
      const { line, column } = lineAndColumn(text, Number(position[1]));
      throw new UserError(`${path}: malformed JSON at line ${line}, column ${column}`);
    }
    throw new UserError(`${path}: malformed JSON (${message.split("\n")[0]})`);
  }
}

export function readJsonFile(path: string): unknown {
  return parseJsonText(readUserFile(path).toString("utf8"), path);
}

/** Renders the first zod issue as `file: path.to.field: message`, the form every Podium input error takes. */
export function formatZodIssue(path: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${path}: invalid content`;
  const where = issue.path.length ? issue.path.map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`)).join("").replace(/^\./, "") : "(top level)";
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  return `${path}: ${where}: ${issue.message}${more}`;
}

export function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: string): T {
  const result = schema.safeParse(value);
  if (!result.success) throw new UserError(formatZodIssue(path, result.error));
  return result.data;
}
