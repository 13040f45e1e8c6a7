/**
 * The Postgres twin of src/db/crm-owners.ts. Rows come in owner-key order, as SQLite reads them off the
 * (team, owner key) primary key.
 */
import { and, eq, inArray, isNull, lte } from 'drizzle-orm';
import type { CrmOwnerRow } from '../../db/crm-owners.js';
import type { PgDb } from './db.js';
import { crmOwners } from './schema.js';

export type { CrmOwnerRow } from '../../db/crm-owners.js';

/** As on SQLite: batches keep each IN list short. */
const KEYS_PER_QUERY = 500;

/** The cached answers for these owner keys (keys never looked up are simply absent). */
export async function cachedOwners(db: PgDb, teamId: string, ownerKeys: readonly string[]): Promise<CrmOwnerRow[]> {
  const rows: CrmOwnerRow[] = [];
  for (let i = 0; i < ownerKeys.length; i += KEYS_PER_QUERY) {
    const keys = ownerKeys.slice(i, i + KEYS_PER_QUERY);
    rows.push(
      ...(await db
        .select()
        .from(crmOwners)
        .where(and(eq(crmOwners.teamId, teamId), inArray(crmOwners.ownerKey, keys)))
        .orderBy(crmOwners.ownerKey)),
    );
  }
  return rows;
}

/** Records Slack's answer about one owner: a member (`userId`), or none with the reason. */
export async function saveOwnerAnswer(
  db: PgDb,
  answer: { teamId: string; ownerKey: string; userId: string | null; reason: string | null; checkedAt: number },
): Promise<void> {
  const { teamId, ownerKey, ...rest } = answer;
  await db
    .insert(crmOwners)
    .values(answer)
    .onConflictDoUpdate({ target: [crmOwners.teamId, crmOwners.ownerKey], set: rest });
}

/** The owners kept as having no Slack member, last asked at or before `checkedBy`: due to be asked again. */
export async function ownerMissesOlderThan(db: PgDb, teamId: string, checkedBy: number): Promise<string[]> {
  const rows = await db
    .select({ ownerKey: crmOwners.ownerKey })
    .from(crmOwners)
    .where(and(eq(crmOwners.teamId, teamId), isNull(crmOwners.userId), lte(crmOwners.checkedAt, checkedBy)))
    .orderBy(crmOwners.ownerKey);
  return rows.map((row) => row.ownerKey);
}
