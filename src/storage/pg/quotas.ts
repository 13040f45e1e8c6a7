/** The Postgres twin of src/db/quotas.ts. */
import { and, desc, eq, gte, lte, ne } from 'drizzle-orm';
import type { QuotaRow } from '../../db/quotas.js';
import type { LocalDate } from '../../domain/calendar.js';
import type { PeriodKind } from '../../domain/command.js';
import type { Period } from '../../domain/period.js';
import { type QuotaInEffect, quotaInEffect } from '../../domain/quota-carry.js';
import type { PgDb } from './db.js';
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
  const rows = await db
    .select()
    .from(quotas)
    .where(
      and(
        eq(quotas.teamId, teamId),
        eq(quotas.userId, userId),
        eq(quotas.periodKind, kind),
        eq(quotas.periodStart, periodStart),
      ),
    )
    .limit(1);
  return rows[0];
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
  const [latest] = await db
    .select({ periodKind: quotas.periodKind, periodStart: quotas.periodStart, amountCents: quotas.amountCents })
    .from(quotas)
    .where(
      and(
        eq(quotas.teamId, input.teamId),
        eq(quotas.userId, input.userId),
        eq(quotas.periodKind, input.kind),
        lte(quotas.periodStart, input.periodStart),
      ),
    )
    .orderBy(desc(quotas.periodStart))
    .limit(1);
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
  return db
    .select()
    .from(quotas)
    .where(
      and(
        eq(quotas.teamId, teamId),
        eq(quotas.userId, userId),
        ne(quotas.periodKind, kind),
        lte(quotas.periodStart, today),
        gte(quotas.periodEnd, today),
      ),
    )
    .orderBy(quotas.periodStart, quotas.periodKind);
}
