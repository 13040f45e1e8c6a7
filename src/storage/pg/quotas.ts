/** The Postgres twin of src/db/quotas.ts. */
import { and, desc, eq, gte, lte, ne, sql } from 'drizzle-orm';
import type { QuotaRow } from '../../db/quotas.js';
import type { LocalDate } from '../../domain/calendar.js';
import type { PeriodKind } from '../../domain/command.js';
import type { Period } from '../../domain/period.js';
import { type QuotaInEffect, quotaInEffect } from '../../domain/quota-carry.js';
import type { PgDb } from './db.js';
import { preparedOn } from './prepared.js';
import { ensureRep } from './reps.js';
import { quotas, reps } from './schema.js';

export type { QuotaRow } from '../../db/quotas.js';

/** Sets the rep's quota for a period and makes that period kind the one their card shows. */
export async function setQuota(
  db: PgDb,
  input: { teamId: string; userId: string; period: Period; amountCents: number; setBy: string; now: number },
): Promise<void> {
  // One upsert and one update: no read to race with, so the transaction only makes the two one write.
  await db.transaction(async (tx) => {
    await ensureRep(tx, input.teamId, input.userId);
    await tx
      .insert(quotas)
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
      });
    await tx
      .update(reps)
      .set({ quotaPeriod: input.period.kind })
      .where(and(eq(reps.teamId, input.teamId), eq(reps.userId, input.userId)));
  });
}

export async function quotaFor(
  db: PgDb,
  teamId: string,
  userId: string,
  kind: PeriodKind,
  periodStart: string,
): Promise<QuotaRow | undefined> {
  const query = preparedOn(db, 'quota_for', (d) =>
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
      )
      .limit(1),
  );
  return (await query.execute({ teamId, userId, kind, periodStart }))[0];
}

/**
 * The quota in effect for a rep's period (domain/quota-carry.ts): the one set for it, else, when `carries`
 * (the period is of the rep's own kind), the latest set for an earlier period of that kind.
 */
export async function quotaInEffectFor(
  db: PgDb,
  input: { teamId: string; userId: string; kind: PeriodKind; periodStart: LocalDate; carries: boolean },
): Promise<QuotaInEffect | null> {
  // The newest quota set for this period or before it: one step down the unique index.
  const query = preparedOn(db, 'latest_quota_up_to', (d) =>
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
  );
  const { teamId, userId, kind, periodStart } = input;
  const [latest] = await query.execute({ teamId, userId, kind, periodStart });
  return quotaInEffect(latest ? [latest] : [], input);
}

/** The rep's quotas of other period kinds whose period holds `today` (a yearly quota beside a monthly one), by start and kind. */
export async function otherQuotasOn(
  db: PgDb,
  teamId: string,
  userId: string,
  today: string,
  kind: PeriodKind,
): Promise<QuotaRow[]> {
  return preparedOn(db, 'other_quotas_on', (d) =>
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
  ).execute({ teamId, userId, today, kind });
}
