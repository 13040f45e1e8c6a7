/**
 * A batch's calls, emails and meetings: one row of count 1 per (team, source, record id), on the owner's local
 * day. Every rep-day-kind a record lands on or leaves is counted once again afterwards (db/activities.ts
 * recountActivityDay), so the same call logged in Slack and in the CRM counts one time, and a CRM record deleted
 * gives the Slack log its count back.
 */
import type { ActivityDay } from '../db/activities.js';
import type { ActivityRow, NewActivity } from '../db/crm-apply.js';
import { type ApplyContext, isRefusal, type Refusal } from './apply-context.js';
import { readCrmDate } from './apply-dates.js';
import type { CrmActivity, CrmBatch } from './model.js';

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

export async function applyActivities(ctx: ApplyContext, batch: CrmBatch): Promise<void> {
  const { tx, teamId, source, summary } = ctx;
  const existing = new Map(
    (await tx.crmApply.sourceActivities(teamId, source)).map((row) => [row.externalId ?? '', row]),
  );
  const touched = new Map<string, ActivityDay>();
  const touch = (row: Pick<ActivityRow, 'userId' | 'localDate' | 'kind'>) => {
    const day = { teamId, userId: row.userId, localDate: row.localDate, kind: row.kind };
    touched.set(`${day.userId}|${day.localDate}|${day.kind}`, day);
  };
  // New rows go in together before the days are counted again, in the order met (as applyDeals does).
  const added: NewActivity[] = [];
  const remove = async (row: ActivityRow) => {
    await tx.crmApply.deleteActivity(teamId, row.id);
    existing.delete(row.externalId ?? '');
    touch(row);
    summary.activities.deleted += 1;
  };

  const deletedIds = new Set(batch.deletedActivityIds);
  const incoming = new Map(batch.activities.filter((a) => !deletedIds.has(a.externalId)).map((a) => [a.externalId, a]));
  for (const activity of incoming.values()) {
    const prior = existing.get(activity.externalId);
    const columns = await activityColumns(ctx, activity);
    if (isRefusal(columns)) {
      ctx.skip(activity.externalId, columns.reason);
      if (prior && columns.removesPrior) await remove(prior);
      continue;
    }
    if (!prior) {
      added.push({ ...columns, teamId, source, externalId: activity.externalId });
      summary.activities.added += 1;
    } else if (COMPARED.some((column) => prior[column] !== columns[column])) {
      await tx.crmApply.updateActivity(teamId, prior.id, columns);
      touch(prior);
      summary.activities.changed += 1;
    } else {
      summary.activities.unchanged += 1;
      continue;
    }
    touch(columns);
  }
  if (added.length > 0) await tx.crmApply.insertActivities(added);
  for (const id of deletedIds) {
    const prior = existing.get(id);
    if (prior) await remove(prior);
  }
  await recountTouchedDays(ctx, [...touched.values()]);
}

/**
 * Counts again every touched rep-day-kind that has activity logged in Slack; on the others there is nothing to
 * count once (only the CRM's own rows, each counting 1), so they are left alone: one read instead of one recount
 * per day, which a first sync of thousands of records would otherwise make.
 */
async function recountTouchedDays(ctx: ApplyContext, touched: readonly ActivityDay[]): Promise<void> {
  if (touched.length === 0) return;
  const dates = touched.map((day) => day.localDate).sort();
  const from = dates[0] ?? '';
  const to = dates[dates.length - 1] ?? '';
  const key = (day: Pick<ActivityDay, 'userId' | 'localDate' | 'kind'>) => `${day.userId}|${day.localDate}|${day.kind}`;
  const logged = new Set((await ctx.tx.crmApply.slackLoggedDays(ctx.teamId, from, to)).map(key));
  for (const day of touched) {
    if (logged.has(key(day))) await ctx.tx.activities.recountActivityDay(day);
  }
}

async function activityColumns(ctx: ApplyContext, activity: CrmActivity): Promise<ActivityColumns | Refusal> {
  const rep = await ctx.ownerRep(activity.owner);
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
    accountId: accountName ? await ctx.accountId(accountName) : null,
    localDate: occurred.date,
    occurredAt: occurred.instant,
    count: 1,
  };
}
