import type { z } from "zod";

/**
 * Turns zod's first issue into the one-line message users see:
 *   `model.json: preprocessing.mean: expected an array of numbers, one per input channel, got "0.5"`
 * Schemas give their own wording with `{ error: "…" }` (a phrase saying what is expected); zod's
 * defaults are rephrased here so no message carries zod's vocabulary or a stack.
 */
export function formatZodIssue(fileName: string, error: z.ZodError, root?: unknown): string {
  const issue = pickIssue(error.issues);
  const path = issue.path.length ? issue.path.map(String).join(".") : "(top level)";
  return `${fileName}: ${path}: ${describeIssue(issue, root)}`;
}

function pickIssue(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue {
  // For a union, zod reports the union; the innermost issue of the best branch says more.
  const first = issues[0];
  if (first.code === "invalid_union" && first.errors.length && !first.message.startsWith("expected") && !custom(first.message)) {
    const branches = first.errors.filter((branch) => branch.length);
    const best = branches.sort((a, b) => b[0].path.length - a[0].path.length)[0];
    if (best) {
      const inner = pickIssue(best);
      return { ...inner, path: [...first.path, ...inner.path] } as z.core.$ZodIssue;
    }
  }
  return first;
}

/** zod's own messages start with a capitalised word ("Invalid input: …", "Too small: …"); ours are phrases. */
function custom(message: string): boolean {
  return !/^[A-Z][a-z]+[ :]/.test(message);
}

function describeIssue(issue: z.core.$ZodIssue, root: unknown): string {
  // A discriminated union reports the whole object as input, at the discriminator's path.
  const discriminated = issue.code === "invalid_union" && "discriminator" in issue;
  const input = "input" in issue && !discriminated ? issue.input : valueAt(root, issue.path);
  const got = input === undefined ? "missing" : `got ${preview(input)}`;
  const own = custom(issue.message) ? issue.message : undefined;
  switch (issue.code) {
    case "invalid_type":
      return input === undefined ? `missing; expected ${own ?? issue.expected}` : `expected ${own ?? article(issue.expected)}, ${got}`;
    case "invalid_value":
      return `expected ${own ?? issue.values.map((v) => JSON.stringify(v)).join(" or ")}, ${got}`;
    case "unrecognized_keys":
      return `unknown field${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}`;
    case "too_small":
    case "too_big": {
      if (own) return `expected ${own}, ${got}`;
      const bound = issue.code === "too_small" ? (issue.inclusive ? "≥" : ">") : issue.inclusive ? "≤" : "<";
      const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const what = issue.origin === "array" ? "length" : issue.origin === "string" ? "length" : "value";
      return `expected ${what} ${bound} ${String(limit)}, ${got}`;
    }
    case "invalid_format":
      return `expected ${own ?? `a valid ${issue.format}`}, ${got}`;
    case "invalid_union":
      return input === undefined ? `missing; expected ${own ?? "one of the allowed forms"}` : `expected ${own ?? "one of the allowed forms"}, ${got}`;
    default:
      return own ? (own.startsWith("expected") ? `${own}, ${got}` : own) : `${issue.message.replace(/\s+/g, " ")}, ${got}`;
  }
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let value = root;
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}
