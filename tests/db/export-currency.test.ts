import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli.js';
import { addOpportunity, recordWin } from '../../src/db/deals.js';
import { columnsOf, exportData, toCsv } from '../../src/db/export.js';
import { recordCurrencyChange } from '../../src/db/history.js';
import { setQuota } from '../../src/db/quotas.js';
import { ensureTeam, updateTeamSettings } from '../../src/db/teams.js';
import { periodContaining } from '../../src/domain/period.js';
import { tempStorage } from '../support/db.js';

const EUROS = 'T0EUROS';
const DOLLARS = 'T0DOLLARS';
const NOW = Date.UTC(2026, 11, 1, 17, 0); // 2026-12-01T17:00Z
const TODAY = '2026-12-01';

let store: ReturnType<typeof tempStorage>;

/** A quota, a win and an open deal in each team; EUROS then switches to EUR (relabelled: the cents stay). */
beforeEach(() => {
  store = tempStorage();
  const period = periodContaining('quarter', TODAY, 1);
  for (const teamId of [EUROS, DOLLARS]) {
    ensureTeam(store.db, teamId);
    setQuota(store.db, { teamId, userId: 'U0ANN', period, amountCents: 12_000_000, setBy: 'U0ANN', now: NOW });
    const deal = { teamId, userId: 'U0ANN', now: NOW, today: TODAY };
    recordWin(store.db, { ...deal, account: 'Acme', amountCents: 3_000_000 });
    addOpportunity(store.db, { ...deal, account: 'Globex', amountCents: 4_550_000 });
  }
  const team = ensureTeam(store.db, EUROS);
  updateTeamSettings(store.db, EUROS, {
    channelId: team.channelId,
    timezone: team.timezone,
    weeklyDay: team.weeklyDay,
    weeklyMinutes: team.weeklyMinutes,
    fiscalYearStartMonth: team.fiscalYearStartMonth,
    currency: 'EUR',
    defaultWinRate: team.defaultWinRate,
    periodKind: team.periodKind,
  });
  recordCurrencyChange(store.db, {
    teamId: EUROS,
    userId: 'U0MANAGER',
    at: NOW,
    change: { from: 'USD', to: 'EUR', quotas: 1, deals: 2 },
  });
});

afterEach(() => {
  delete process.env.DATABASE_PATH;
  store.remove();
});

describe('exports carry the currency on every amount', () => {
  it('puts each team’s currency right after every amount, in JSON rows and CSV columns', () => {
    const data = exportData(store.db, null);
    const amounts = [...(data.quotas ?? []), ...(data.deals ?? [])];
    expect(amounts).toHaveLength(6); // 2 teams × (1 quota + 2 deals)
    for (const row of amounts) {
      expect(row.currency).toBe(row.teamId === EUROS ? 'EUR' : 'USD');
      const keys = Object.keys(row);
      expect(keys[keys.indexOf('amountCents') + 1]).toBe('currency');
    }
    // The cents are what was typed, whatever the label: 120k, 30k and 45.5k in both teams.
    expect(data.quotas?.map((q) => [q.teamId, q.amountCents, q.currency]).sort()).toEqual([
      [DOLLARS, 12_000_000, 'USD'],
      [EUROS, 12_000_000, 'EUR'],
    ]);
    for (const table of ['quotas', 'deals']) {
      const columns = columnsOf(table);
      expect(columns[columns.indexOf('amountCents') + 1]).toBe('currency');
    }
    // Rows come in the database's order: sorted here by amount.
    const euroDeals = (data.deals ?? [])
      .filter((d) => d.teamId === EUROS)
      .sort((a, b) => Number(a.amountCents) - Number(b.amountCents));
    const csv = toCsv(euroDeals, ['amountCents', 'currency', 'status']);
    expect(csv).toBe('amountCents,currency,status\n3000000,EUR,won\n4550000,EUR,open\n');
    // Tables without amounts are unchanged; the team's own currency column stays where it was.
    expect(columnsOf('accounts')).not.toContain('currency');
    expect(data.teams?.map((t) => Object.keys(t).filter((k) => k === 'currency'))).toEqual([
      ['currency'],
      ['currency'],
    ]);
  });

  it('exports the team’s history with the currency change', () => {
    const one = exportData(store.db, EUROS);
    expect(one.team_history).toEqual([
      {
        id: 1,
        teamId: EUROS,
        at: NOW,
        userId: 'U0MANAGER',
        kind: 'currency',
        detail: { from: 'USD', to: 'EUR', quotas: 1, deals: 2 },
      },
    ]);
    expect(exportData(store.db, DOLLARS).team_history).toEqual([]);
  });

  it('the CLI export writes the currency column beside the amount, as CSV and as JSON', async () => {
    process.env.DATABASE_PATH = store.path;
    let printed = '';
    const cli = (...args: string[]) =>
      runCli(args, (text) => {
        printed += text;
      });
    await cli('export', '--format', 'csv', '--team', EUROS);
    const quotaSection = printed.split('# quotas\n')[1]?.split('\n\n')[0] ?? '';
    const [header, row] = quotaSection.split('\n');
    expect(header).toBe('id,teamId,userId,periodKind,periodStart,periodEnd,amountCents,currency,setBy,updatedAt');
    expect(row).toContain(',12000000,EUR,');
    printed = '';
    await cli('export', '--team', DOLLARS);
    const json = JSON.parse(printed) as Record<string, Record<string, unknown>[]>;
    expect(json.deals?.map((d) => [d.amountCents, d.currency]).sort()).toEqual([
      [3_000_000, 'USD'],
      [4_550_000, 'USD'],
    ]);
  });
});
