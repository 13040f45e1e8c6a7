import { and, desc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import type { LocalDate } from '../domain/calendar.js';
import type { PeriodKind } from '../domain/command.js';
import type { Period } from '../domain/period.js';
import { type QuotaInEffect, quotaInEffect } from '../domain/quota-carry.js';
import type { Db } from './connection.js';
import { prepared } from './prepared.js';
import { ensureRep } from './reps.js';
import { quotas, reps } from './schema.js';

export type QuotaRow = typeof quotas.$inferSelect;

/** Sets the rep's quota for a period and makes that period kind the one their card shows. */
export function setQuota(
  db: Db,
  input: { teamId: string; userId: string; period: Period; amountCents: number; setBy: string; now: number },
): void {
  db.transaction(
    (tx) => {
      ensureRep(tx, input.teamId, input.userId);
      tx.insert(quotas)
        .values({
          teamId: input.teamId,
          userId: input.userId,
          periodKind: input.period.kind,
          periodStart: input.period.start,
          periodEnd: input.period.end,
          amountCents: input.amountCents,
          setBy: input.setBy,
          updatedAt: input.now,
        })
        .onConflictDoUpdate({
          target: [quotas.teamId, quotas.userId, quotas.periodKind, quotas.periodStart],
          set: {
            amountCents: input.amountCents,
            periodEnd: input.period.end,
            setBy: input.setBy,
            updatedAt: input.now,
          },
        })
        .run();
      tx.update(reps)
        .set({ quotaPeriod: input.period.kind })
        .where(and(eq(reps.teamId, input.teamId), eq(reps.userId, input.userId)))
        .run();
    },
    { behavior: 'immediate' },
  );
}

export function quotaFor(
  db: Db,
  teamId: string,
  userId: string,
  kind: PeriodKind,
  periodStart: string,
): QuotaRow | undefined {
  return prepared(db, 'quotaFor', (d) =>
    d
      .select()
      .from(quotas)
      .where(
        and(
          eq(quotas.teamId, sql.placeholder('teamId')),
          eq(quotas.userId, sql.placeholder('userId')),
          eq(quotas.periodKind, sql.placeholder('kind')),
          eq(quotas.periodStart, sql.placeholder('periodStart')),
        ),
      ),
  ).get({ teamId, userId, kind, periodStart });
}

/**
 * The quota in effect for a rep's period (domain/quota-carry.ts): the one set for it, else, when `carries`
 * (the period is of the rep's own kind), the latest set for an earlier period of that kind.
 */
export function quotaInEffectFor(
  db: Db,
  input: { teamId: string; userId: string; kind: PeriodKind; periodStart: LocalDate; carries: boolean },
): QuotaInEffect | null {
  // The newest quota set for this period or before it: one step down the unique index.
  const latest = prepared(db, 'latestQuotaUpTo', (d) =>
    d
      .select({ periodKind: quotas.periodKind, periodStart: quotas.periodStart, amountCents: quotas.amountCents })
      .from(quotas)
      .where(
        and(
          eq(quotas.teamId, sql.placeholder('teamId')),
          eq(quotas.userId, sql.placeholder('userId')),
          eq(quotas.periodKind, sql.placeholder('kind')),
          lte(quotas.periodStart, sql.placeholder('periodStart')),
        ),
      )
      .orderBy(desc(quotas.periodStart))
      .limit(1),
  ).get({ teamId: input.teamId, userId: input.userId, kind: input.kind, periodStart: input.periodStart });
  return quotaInEffect(latest ? [latest] : [], input);
}

/** The rep's quotas of other period kinds whose period holds `today` (a yearly quota beside a monthly one), by start and kind. */
export function otherQuotasOn(db: Db, teamId: string, userId: string, today: string, kind: PeriodKind): QuotaRow[] {
  return prepared(db, 'otherQuotasOn', (d) =>
    d
      .select()
      .from(quotas)
      .where(
        and(
          eq(quotas.teamId, sql.placeholder('teamId')),
          eq(quotas.userId, sql.placeholder('userId')),
          ne(quotas.periodKind, sql.placeholder('kind')),
          lte(quotas.periodStart, sql.placeholder('today')),
          gte(quotas.periodEnd, sql.placeholder('today')),
        ),
      )
      .orderBy(quotas.periodStart, quotas.periodKind),
  ).all({ teamId, userId, today, kind });
}
