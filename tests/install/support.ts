/** Shared by the install tests: keys, Bolt installations as @slack/oauth builds them, a team's data in every table. */
import type { Installation } from '@slack/bolt';
import type { InstallationRow } from '../../src/db/installations.js';
import { periodContaining } from '../../src/domain/period.js';
import type { Store } from '../../src/storage/types.js';

/** 32 bytes each, base64: fixed so a failure is reproducible. */
export const KEY_A = Buffer.alloc(32, 0xa1).toString('base64');
export const KEY_B = Buffer.alloc(32, 0xb2).toString('base64');

export const NOW = Date.UTC(2026, 10, 30, 17, 0);
export const DAY_MS = 24 * 60 * 60 * 1000;

/** What InstallProvider.handleCallback stores for a workspace install (oauth.v2.access plus auth.test's bot id). */
export function workspaceInstallation(teamId: string, token: string, name = `Team ${teamId}`): Installation {
  return {
    team: { id: teamId, name },
    enterprise: undefined,
    user: { token: undefined, scopes: undefined, id: `U${teamId}ADMIN` },
    tokenType: 'bot',
    isEnterpriseInstall: false,
    appId: 'A0FOCUS01',
    authVersion: 'v2',
    bot: {
      scopes: ['commands', 'chat:write'],
      token,
      userId: `U${teamId}BOT`,
      id: `B${teamId}`,
    },
  };
}

/** An Enterprise Grid org-wide install: no team, the enterprise, `isEnterpriseInstall`. */
export function orgInstallation(enterpriseId: string, token: string): Installation<'v2', true> {
  return {
    team: undefined,
    enterprise: { id: enterpriseId, name: `Org ${enterpriseId}` },
    user: { token: undefined, scopes: undefined, id: `U${enterpriseId}ADMIN` },
    tokenType: 'bot',
    isEnterpriseInstall: true,
    appId: 'A0FOCUS01',
    authVersion: 'v2',
    enterpriseUrl: `https://${enterpriseId.toLowerCase()}.enterprise.slack.com/`,
    bot: { scopes: ['commands'], token, userId: `U${enterpriseId}BOT`, id: `B${enterpriseId}` },
  };
}

/** A row as the installation store writes it, with a stand-in secret (the repository never opens it). */
export function row(installKey: string, changes: Partial<InstallationRow> = {}): InstallationRow {
  return {
    installKey,
    teamId: installKey.startsWith('T:') ? installKey.slice(2) : null,
    enterpriseId: installKey.startsWith('E:') ? installKey.slice(2) : null,
    isEnterpriseInstall: installKey.startsWith('E:'),
    appId: 'A0FOCUS01',
    botUserId: 'U0BOT',
    installerUserId: 'U0ADMIN',
    scopes: 'commands,chat:write',
    keyId: 'k1',
    secret: `v1:k1:sealed-${installKey}`,
    installedAt: NOW,
    updatedAt: NOW,
    ...changes,
  };
}

/**
 * One row or more in every table that holds a team's data, written through the app's own repositories: two reps,
 * a quota, a win (and its account), activity on a second account, a target, a plan, a pause, a claimed send, a
 * currency change, a CRM lease and run, a CRM owner; the triggers add the change log (one team row, one per rep).
 */
export async function seedTeam(store: Store, teamId: string): Promise<void> {
  const today = '2026-11-30';
  const [ann, bob] = [`${teamId}ANN`, `${teamId}BOB`];
  await store.teams.ensureTeam(teamId);
  await store.reps.ensureRep(teamId, ann);
  await store.reps.ensureRep(teamId, bob);
  const period = periodContaining('quarter', today, 1);
  await store.quotas.setQuota({ teamId, userId: ann, period, amountCents: 12_000_000, setBy: ann, now: NOW });
  await store.deals.recordWin({ teamId, userId: ann, account: 'Acme', amountCents: 3_000_000, now: NOW, today });
  await store.activities.logActivity({
    teamId,
    userId: ann,
    kind: 'call',
    count: 3,
    account: 'Globex',
    now: NOW,
    today,
  });
  await store.targets.setTarget({ teamId, userId: ann, activity: 'meeting', per: 'week', count: 8, now: NOW });
  await store.checkins.setPlan({ teamId, userId: bob, localDate: today, items: ['Call Acme'], now: NOW });
  await store.reps.pauseRep({ teamId, userId: bob, today, until: '2026-12-07' });
  await store.sends.claimSend({
    key: `${teamId}:${ann}:checkin:${today}`,
    teamId,
    recipient: ann,
    kind: 'checkin',
    now: NOW,
  });
  await store.history.recordCurrencyChange({
    teamId,
    userId: ann,
    at: NOW,
    change: { from: 'USD', to: 'EUR', quotas: 1, deals: 1 },
  });
  await store.crm.acquireCrmLease({ teamId, source: 'hubspot', now: NOW, force: true });
  await store.crm.startCrmRun({ teamId, source: 'hubspot', trigger: 'cli', dryRun: false, now: NOW });
  await store.crmOwners.saveOwnerAnswer({
    teamId,
    ownerKey: 'ann@example.com',
    userId: ann,
    reason: null,
    checkedAt: NOW,
  });
  await store.passLeases.takePassLease({ teamId, holder: 'seed', now: NOW });
}

/** What seedTeam leaves, table by table (worked out from the list above). */
export const SEEDED_COUNTS = {
  deals: 1,
  activities: 1,
  accounts: 2,
  checkins: 1,
  quotas: 1,
  targets: 1,
  pauses: 1,
  reps: 2,
  scheduled_sends: 1,
  team_history: 1,
  crm_runs: 1,
  crm_state: 1,
  crm_owners: 1,
  teams: 1,
  rep_changes: 2,
  pass_leases: 1,
} as const;

export const NO_ROWS = Object.fromEntries(Object.keys(SEEDED_COUNTS).map((table) => [table, 0]));

/** countTeamData's list as a table → rows record, for one toEqual. */
export function byTable(counts: { table: string; rows: number }[]): Record<string, number> {
  return Object.fromEntries(counts.map((count) => [count.table, count.rows]));
}
