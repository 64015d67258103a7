import type { Identity, Store } from "@podium/db";

export interface QuotaReport {
  used: number;
  limit: number;
  remaining: number;
}

const utcDay = (date: Date) => date.toISOString().slice(0, 10);
const report = (used: number, limit: number): QuotaReport => ({ used, limit, remaining: Math.max(0, limit - used) });

/** Today's count for a token without touching it (for responses to refused requests). */
export async function peekQuota(store: Store, identity: Identity, now = new Date()): Promise<QuotaReport> {
  const usage = await store.client.quotaUsage.findUnique({ where: { tokenId_day: { tokenId: identity.tokenId, day: utcDay(now) } } });
  return report(usage?.count ?? 0, identity.dailyQuota);
}

/** Counts one submission (throws QuotaExceededError, counter unchanged, when over). */
export async function consumeQuota(store: Store, identity: Identity): Promise<QuotaReport> {
  const { used, limit } = await store.tokens.consumeQuota(identity);
  return report(used, limit);
}

/**
 * Gives back one submission counted on `day` (the UTC day it was consumed): for uploads refused after
 * counting, and for runs that failed. Never goes below zero.
 */
export async function refundQuota(store: Store, tokenId: string, day: Date): Promise<void> {
  await store.client.quotaUsage.updateMany({ where: { tokenId, day: utcDay(day), count: { gt: 0 } }, data: { count: { decrement: 1 } } });
}

export function quotaHeaders(quota: QuotaReport): Record<string, string> {
  return { "x-quota-limit": String(quota.limit), "x-quota-used": String(quota.used), "x-quota-remaining": String(quota.remaining) };
}
