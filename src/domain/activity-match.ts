/**
 * Activity counted once (issue 13): a rep who logs "3 calls" in Slack on a day their CRM also recorded two of
 * those calls has made three calls, not five. Within one rep, local day and kind of activity, the CRM's records
 * cover the units logged in Slack; each Slack row keeps what the rep typed and counts only what is left
 * uncovered. Pure: rows in, counts out.
 */

/** A Slack-logged row: `logged` is what the rep typed (activities.logged_count, else its count). */
export interface LoggedUnits {
  id: number;
  accountId: number | null;
  logged: number;
}

/** CRM records of the same rep, day and kind: `units` of them on one account (or none). */
export interface RecordedUnits {
  accountId: number | null;
  units: number;
}

/**
 * How much of each Slack row is left once the CRM's records cover what they can, keyed by row id (0 when fully
 * covered). Two steps, so a record is matched where it most surely belongs:
 * 1. the CRM's units cover Slack units on the same account (or both without an account);
 * 2. leftover CRM units cover leftover Slack units where one side has no account ("2 calls" typed without a
 *    company are the calls the CRM filed under Acme, and the other way round). A CRM record on Acme never
 *    covers a Slack row on Initech.
 * Slack rows are covered oldest first (by id), so what the rep logged earlier is settled first.
 */
export function uncoveredCounts(
  recorded: readonly RecordedUnits[],
  logged: readonly LoggedUnits[],
): Map<number, number> {
  const crmLeft = new Map<number | null, number>();
  for (const record of recorded) {
    crmLeft.set(record.accountId, (crmLeft.get(record.accountId) ?? 0) + Math.max(0, record.units));
  }
  const rows = [...logged].sort((a, b) => a.id - b.id);
  const left = new Map(rows.map((row) => [row.id, Math.max(0, row.logged)]));
  const cover = (row: LoggedUnits, pool: number | null) => {
    const take = Math.min(left.get(row.id) ?? 0, crmLeft.get(pool) ?? 0);
    if (take === 0) return;
    left.set(row.id, (left.get(row.id) ?? 0) - take);
    crmLeft.set(pool, (crmLeft.get(pool) ?? 0) - take);
  };
  for (const row of rows) cover(row, row.accountId);
  // After step 1 no account has units left on both sides, and no-account units are left on one side at most:
  // so taking the CRM's no-account units first, then its per-account ones, is as good as any order.
  for (const row of rows) {
    if (row.accountId !== null) cover(row, null);
  }
  for (const row of rows) {
    if (row.accountId !== null) continue;
    for (const pool of crmLeft.keys()) {
      if (pool !== null) cover(row, pool);
    }
  }
  return left;
}
