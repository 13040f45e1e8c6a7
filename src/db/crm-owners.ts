/**
 * Which Slack member each CRM owner is (crm_owners): the answers of users.lookupByEmail and users.list kept per
 * team, so a sync every 15 minutes does not ask Slack about the same owners every time.
 */
import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { Db } from './connection.js';
import { crmOwners } from './schema.js';

export type CrmOwnerRow = typeof crmOwners.$inferSelect;

/** SQLite's default limit on bound parameters is far above this; batches keep each IN list short. */
const KEYS_PER_QUERY = 500;

/** The cached answers for these owner keys (keys never looked up are simply absent). */
export function cachedOwners(db: Db, teamId: string, ownerKeys: readonly string[]): CrmOwnerRow[] {
  const rows: CrmOwnerRow[] = [];
  for (let i = 0; i < ownerKeys.length; i += KEYS_PER_QUERY) {
    const keys = ownerKeys.slice(i, i + KEYS_PER_QUERY);
    rows.push(
      ...db
        .select()
        .from(crmOwners)
        .where(and(eq(crmOwners.teamId, teamId), inArray(crmOwners.ownerKey, keys)))
        .all(),
    );
  }
  return rows;
}

/** Records Slack's answer about one owner: a member (`userId`), or none with the reason. */
export function saveOwnerAnswer(
  db: Db,
  answer: { teamId: string; ownerKey: string; userId: string | null; reason: string | null; checkedAt: number },
): void {
  const { teamId, ownerKey, ...rest } = answer;
  db.insert(crmOwners)
    .values(answer)
    .onConflictDoUpdate({ target: [crmOwners.teamId, crmOwners.ownerKey], set: rest })
    .run();
}

/** The owners kept as having no Slack member, last asked at or before `checkedBy`: due to be asked again. */
export function ownerMissesOlderThan(db: Db, teamId: string, checkedBy: number): string[] {
  return db
    .select({ ownerKey: crmOwners.ownerKey })
    .from(crmOwners)
    .where(and(eq(crmOwners.teamId, teamId), isNull(crmOwners.userId), lte(crmOwners.checkedAt, checkedBy)))
    .all()
    .map((row) => row.ownerKey);
}
