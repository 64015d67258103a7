import { createHash, randomBytes } from "node:crypto";
import type { DbClient } from "../client.js";
import { ConflictError, NotFoundError, QuotaExceededError } from "../errors.js";
import { isUniqueViolation } from "./prisma-errors.js";

export interface UserRecord {
  id: string;
  name: string;
  createdAt: Date;
}

export interface CreatedToken {
  id: string;
  /** The plaintext token. Shown once: only its sha256 is stored. */
  token: string;
  label: string;
  dailyQuota: number;
}

/** Who a valid bearer token belongs to. */
export interface Identity {
  userId: string;
  userName: string;
  tokenId: string;
  dailyQuota: number;
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** The UTC day a quota counter belongs to. */
export function quotaDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

export async function createUser(db: DbClient, name: string): Promise<UserRecord> {
  try {
    return await db.user.create({ data: { name }, select: { id: true, name: true, createdAt: true } });
  } catch (error) {
    if (isUniqueViolation(error)) throw new ConflictError(`user "${name}" already exists`);
    throw error;
  }
}

export async function createToken(db: DbClient, userId: string, label: string, dailyQuota = 50): Promise<CreatedToken> {
  if (!(await db.user.findUnique({ where: { id: userId }, select: { id: true } }))) throw new NotFoundError(`no user with id "${userId}"`);
  const token = `pod_${randomBytes(32).toString("base64url")}`;
  const record = await db.apiToken.create({ data: { userId, label, dailyQuota, tokenHash: hashToken(token) } });
  return { id: record.id, token, label, dailyQuota };
}

/** The identity behind a plaintext token, or null when it is unknown or revoked. */
export async function authenticate(db: DbClient, token: string, now: Date): Promise<Identity | null> {
  const record = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) }, include: { user: true } });
  if (!record || record.revokedAt) return null;
  await db.apiToken.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  return { userId: record.userId, userName: record.user.name, tokenId: record.id, dailyQuota: record.dailyQuota };
}

export async function revokeToken(db: DbClient, tokenId: string, now: Date): Promise<void> {
  const { count } = await db.apiToken.updateMany({ where: { id: tokenId, revokedAt: null }, data: { revokedAt: now } });
  if (count === 0 && !(await db.apiToken.findUnique({ where: { id: tokenId } }))) throw new NotFoundError(`no token with id "${tokenId}"`);
}

/**
 * Counts one submission against the token's quota for today (UTC). The increment and the check share a
 * transaction, so an over-quota request leaves the counter unchanged.
 */
export async function consumeQuota(db: DbClient, identity: Identity, now: Date): Promise<{ used: number; limit: number }> {
  const day = quotaDay(now);
  return db.$transaction(async (tx) => {
    const usage = await tx.quotaUsage.upsert({
      where: { tokenId_day: { tokenId: identity.tokenId, day } },
      create: { tokenId: identity.tokenId, day, count: 1 },
      update: { count: { increment: 1 } },
    });
    if (usage.count > identity.dailyQuota) {
      throw new QuotaExceededError(`daily submission quota of ${identity.dailyQuota} reached for this token (UTC day ${day})`);
    }
    return { used: usage.count, limit: identity.dailyQuota };
  });
}
