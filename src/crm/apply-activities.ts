/**
 * A batch's calls, emails and meetings: one row of count 1 per (team, source, record id), on the owner's local
 * day. Every rep-day-kind a record lands on or leaves is counted once again afterwards (db/activities.ts
 * recountActivityDay), so the same call logged in Slack and in the CRM counts one time, and a CRM record deleted
 * gives the Slack log its count back.
 */
import { and, eq } from 'drizzle-orm';
import { type ActivityDay, recountActivityDay } from '../db/activities.js';
import { activities } from '../db/schema.js';
import { type ApplyContext, isRefusal, type Refusal } from './apply-context.js';
import { readCrmDate } from './apply-dates.js';
import type { CrmActivity, CrmBatch } from './model.js';

type ActivityRow = typeof activities.$inferSelect;
type ActivityColumns = Pick<ActivityRow, 'userId' | 'kind' | 'accountId' | 'localDate' | 'occurredAt' | 'count'>;

const COMPARED: readonly (keyof ActivityColumns)[] = [
  'userId',
  'kind',
  'accountId',
  'localDate',
  'occurredAt',
  'count',
];

const CRM_KINDS: ReadonlySet<string> = new Set(['call', 'email', 'meeting']);

export function applyActivities(ctx: ApplyContext, batch: CrmBatch): void {
  const { tx, teamId, source, summary } = ctx;
  const existing = new Map(
    tx
      .select()
      .from(activities)
      .where(and(eq(activities.teamId, teamId), eq(activities.source, source)))
      .all()
      .map((row) => [row.externalId ?? '', row]),
  );
  const touched = new Map<string, ActivityDay>();
  const touch = (row: Pick<ActivityRow, 'userId' | 'localDate' | 'kind'>) => {
    const day = { teamId, userId: row.userId, localDate: row.localDate, kind: row.kind };
    touched.set(`${day.userId}|${day.localDate}|${day.kind}`, day);
  };
  const remove = (row: ActivityRow) => {
    tx.delete(activities).where(eq(activities.id, row.id)).run();
    existing.delete(row.externalId ?? '');
    touch(row);
    summary.activities.deleted += 1;
  };

  const deletedIds = new Set(batch.deletedActivityIds);
  const incoming = new Map(batch.activities.filter((a) => !deletedIds.has(a.externalId)).map((a) => [a.externalId, a]));
  for (const activity of incoming.values()) {
    const prior = existing.get(activity.externalId);
    const columns = activityColumns(ctx, activity);
    if (isRefusal(columns)) {
      ctx.skip(activity.externalId, columns.reason);
      if (prior && columns.removesPrior) remove(prior);
      continue;
    }
    if (!prior) {
      tx.insert(activities)
        .values({ ...columns, teamId, source, externalId: activity.externalId })
        .run();
      summary.activities.added += 1;
    } else if (COMPARED.some((column) => prior[column] !== columns[column])) {
      tx.update(activities).set(columns).where(eq(activities.id, prior.id)).run();
      touch(prior);
      summary.activities.changed += 1;
    } else {
      summary.activities.unchanged += 1;
      continue;
    }
    touch(columns);
  }
  for (const id of deletedIds) {
    const prior = existing.get(id);
    if (prior) remove(prior);
  }
  for (const day of touched.values()) recountActivityDay(tx, day);
}

function activityColumns(ctx: ApplyContext, activity: CrmActivity): ActivityColumns | Refusal {
  const rep = ctx.ownerRep(activity.owner);
  if (isRefusal(rep)) return rep;
  if (!CRM_KINDS.has(activity.kind)) {
    return { reason: `"${activity.kind}" is not a call, an email or a meeting`, removesPrior: true };
  }
  const occurred = readCrmDate(activity.occurredAt, rep.zone);
  if (!occurred) {
    return {
      reason: `date "${activity.occurredAt}" cannot be read (use YYYY-MM-DD or an ISO 8601 time)`,
      removesPrior: false,
    };
  }
  const accountName = activity.accountName?.trim();
  return {
    userId: rep.userId,
    kind: activity.kind,
    accountId: accountName ? ctx.accountId(accountName) : null,
    localDate: occurred.date,
    occurredAt: occurred.instant,
    count: 1,
  };
}
