/**
 * Which quota holds for a period: the one set for it, else the one carried over from before.
 *
 * A rep's quota carries over at the same amount into each new period of the same kind until a rep or a
 * manager sets one for a period. It is worked out when read, never written: a carried quota is what the
 * last quota set before the period says, so every reader (the card, the check-in, Home, the team view, the
 * weekly post) gets the same answer from the same rows, and a quota set later for the new period simply wins.
 *
 * Only the kind the rep's card shows carries (the kind of the last quota they or a manager set): a rep who
 * moved from quarterly to monthly quotas does not keep an old quarterly one alive beside the monthly ones.
 */
import type { LocalDate } from './calendar.js';
import type { PeriodKind } from './command.js';

export interface QuotaSet {
  periodKind: PeriodKind;
  periodStart: LocalDate;
  amountCents: number;
}

export interface QuotaInEffect {
  amountCents: number;
  /** The start of the period the amount was set for: the period's own start, or an earlier one (carried). */
  setFor: LocalDate;
  carried: boolean;
}

/**
 * The quota in effect for the period of `kind` starting on `periodStart`, from a rep's quotas (any order):
 * the one set for that period, else (when `carries`, i.e. `kind` is the rep's own) the latest set for an
 * earlier period of the same kind. Null when neither.
 */
export function quotaInEffect(
  quotas: readonly QuotaSet[],
  input: { kind: PeriodKind; periodStart: LocalDate; carries: boolean },
): QuotaInEffect | null {
  let latest: QuotaSet | null = null;
  for (const quota of quotas) {
    if (quota.periodKind !== input.kind || quota.periodStart > input.periodStart) continue;
    if (latest === null || quota.periodStart > latest.periodStart) latest = quota;
  }
  if (latest === null) return null;
  const carried = latest.periodStart !== input.periodStart;
  if (carried && !input.carries) return null;
  return { amountCents: latest.amountCents, setFor: latest.periodStart, carried };
}
