import type { Db } from '../../src/db/connection.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { periodContaining } from '../../src/domain/period.js';
import { TEAM } from './harness.js';

/**
 * Reps UREP1…UREP<count> of team T1, in Los Angeles, each with a $100,000 quota for the calendar quarter
 * holding `quarterOf` (a local date): reps a pass has check-ins for.
 */
export function seedRepsWithQuotas(db: Db, { count, quarterOf }: { count: number; quarterOf: string }): void {
  for (let i = 1; i <= count; i++) {
    const userId = `UREP${i}`;
    saveRepProfile(db, TEAM, userId, {
      slackTimezone: 'America/Los_Angeles',
      isSlackAdmin: false,
      fetchedAt: 0,
    });
    setQuota(db, {
      teamId: TEAM,
      userId,
      period: periodContaining('quarter', quarterOf, 1),
      amountCents: 10_000_000,
      setBy: userId,
      now: 0,
    });
  }
}
