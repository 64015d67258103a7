import { initTRPC, TRPCError } from "@trpc/server";
import { authFromHeader, type ApiContext } from "./context.js";

const t = initTRPC.context<ApiContext>().create();

// Store and metric errors carry one-line, user-facing messages; give them the matching HTTP-ish code
// instead of a 500. Matched by name so a second copy of a package cannot break the mapping.
const CODES: Record<string, TRPCError["code"]> = {
  NotFoundError: "NOT_FOUND",
  ConflictError: "CONFLICT",
  LeaseLostError: "CONFLICT",
  QuotaExceededError: "TOO_MANY_REQUESTS",
  MetricInputError: "BAD_REQUEST",
};

const mapKnownErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    const code = cause ? CODES[cause.name] : undefined;
    if (cause && code) throw new TRPCError({ code, message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/** Reads: open to everyone. */
export const publicProcedure = t.procedure.use(mapKnownErrors);

/** Writes: need `Authorization: Bearer <token>` for a live token; the identity is then on ctx. */
export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const auth = await authFromHeader(ctx.store, ctx.authorization);
  if (auth.kind === "none") throw new TRPCError({ code: "UNAUTHORIZED", message: "this action needs an API token: send Authorization: Bearer <token>" });
  if (auth.kind === "invalid") throw new TRPCError({ code: "UNAUTHORIZED", message: auth.reason });
  return next({ ctx: { ...ctx, identity: auth.identity } });
});
