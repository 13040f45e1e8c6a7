import Database from 'better-sqlite3';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { setAccountIcp } from '../../src/db/accounts.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan } from '../../src/db/checkins.js';
import { addOpportunity, recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { ensureRep, pauseRep, setDmChannel } from '../../src/db/reps.js';
import { setTarget } from '../../src/db/targets.js';
import { repsChangedSince, type TeamStateStamp, teamStateStamp } from '../../src/db/team-rows.js';
import { ensureTeam, updateTeamSettings } from '../../src/db/teams.js';
import { periodContaining } from '../../src/domain/period.js';
import { tempStorage } from '../support/db.js';

/**
 * The change log the team view keeps its facts by (migrations/0006): every write a rep's figures are read
 * from marks that rep, whichever connection makes it; the team's settings and an account's fit mark the whole
 * team; what no figure rests on (sends, a new account nobody refers to yet) marks nobody.
 */
const TEAM = 'TLOG';
const OTHER_TEAM = 'TOTHER';
const NOW = Date.parse('2026-11-18T17:00:00Z');
const TODAY = '2026-11-18';

describe('the change log kept by triggers', () => {
  const store = tempStorage();
  const { db } = store;
  let before: TeamStateStamp;
  afterAll(() => store.remove());

  ensureTeam(db, TEAM);
  ensureTeam(db, OTHER_TEAM);
  for (const userId of ['UANN', 'UBEN', 'UCAL']) ensureRep(db, TEAM, userId);
  ensureRep(db, OTHER_TEAM, 'UANN');
  addOpportunity(db, {
    teamId: TEAM,
    userId: 'UANN',
    account: 'Shared Co',
    amountCents: 5_000_000,
    closeOn: null,
    now: NOW,
    today: TODAY,
  });

  beforeEach(() => {
    before = teamStateStamp(db, TEAM);
  });
  const changed = () => repsChangedSince(db, TEAM, before.seq, 10);
  const stampNow = () => teamStateStamp(db, TEAM);

  it('marks the rep who logs activity, and every rep with a deal on that account', () => {
    logActivity(db, { teamId: TEAM, userId: 'UBEN', kind: 'call', count: 2, account: null, now: NOW, today: TODAY });
    expect(changed()).toEqual(new Set(['UBEN']));

    before = stampNow();
    logActivity(db, {
      teamId: TEAM,
      userId: 'UCAL',
      kind: 'meeting',
      count: 1,
      account: 'Shared Co',
      now: NOW,
      today: TODAY,
    });
    // Ann's deal on Shared Co has just seen activity: its freshness is hers to show.
    expect(changed()).toEqual(new Set(['UCAL', 'UANN']));
    expect(stampNow().seq).toBeGreaterThan(before.seq);
    expect(stampNow().wideSeq).toBe(before.wideSeq);
  });

  it('marks the rep for deals, quotas, targets, plans, pauses and their own settings, and no one else', () => {
    const writes: [string, () => void][] = [
      [
        'a win',
        () =>
          recordWin(db, { teamId: TEAM, userId: 'UBEN', account: 'Won Co', amountCents: 100, now: NOW, today: TODAY }),
      ],
      [
        'a quota',
        () =>
          setQuota(db, {
            teamId: TEAM,
            userId: 'UBEN',
            period: periodContaining('quarter', TODAY, 1),
            amountCents: 1,
            setBy: 'UMGR',
            now: NOW,
          }),
      ],
      [
        'a target',
        () => setTarget(db, { teamId: TEAM, userId: 'UBEN', activity: 'call', per: 'day', count: 5, now: NOW }),
      ],
      [
        'a plan',
        () => setPlan(db, { teamId: TEAM, userId: 'UBEN', localDate: TODAY, items: ['call Globex'], now: NOW }),
      ],
      ['a pause', () => pauseRep(db, { teamId: TEAM, userId: 'UBEN', today: TODAY, until: '2026-11-20' })],
      ['a DM channel', () => setDmChannel(db, TEAM, 'UBEN', 'DBEN')],
    ];
    for (const [what, write] of writes) {
      before = stampNow();
      write();
      expect({ what, changed: changed() }).toEqual({ what, changed: new Set(['UBEN']) });
      expect({ what, wide: stampNow().wideSeq }).toEqual({ what, wide: before.wideSeq });
    }
  });

  it('marks every rep with a deal or activity on an account whose fit changes', () => {
    const account = store.sqlite
      .prepare(`select id from accounts where team_id = ? and name = 'Shared Co'`)
      .get(TEAM) as { id: number } | undefined;
    setAccountIcp(db, TEAM, account?.id ?? -1, 'no');
    // Ann's deal is on Shared Co and Cal had a meeting there; Ben never touched it.
    expect(changed()).toEqual(new Set(['UANN', 'UCAL']));
    expect(stampNow().wideSeq).toBe(before.wideSeq);
  });

  it('marks the whole team for the team’s settings, not for a deal version bump', () => {
    updateTeamSettings(db, TEAM, {
      channelId: null,
      timezone: null,
      weeklyDay: 1,
      weeklyMinutes: 540,
      fiscalYearStartMonth: 1,
      currency: 'USD',
      defaultWinRate: 0.3,
      periodKind: 'quarter',
    });
    expect(stampNow().wideSeq).toBe(before.wideSeq + 1);

    before = stampNow();
    store.sqlite.prepare('update teams set deals_version = deals_version + 1 where id = ?').run(TEAM);
    expect(stampNow()).toEqual({ ...before, dealsVersion: before.dealsVersion + 1 });
  });

  it('sees writes made by another process, and ignores sends, new accounts and other teams', () => {
    const other = new Database(store.path);
    try {
      other
        .prepare(
          `insert into activities (team_id, user_id, kind, count, occurred_at, local_date) values (?, ?, 'call', 1, ?, ?)`,
        )
        .run(TEAM, 'UCAL', NOW, TODAY);
      expect(changed()).toEqual(new Set(['UCAL']));

      before = stampNow();
      other
        .prepare(
          `insert into scheduled_sends (claim_key, team_id, recipient, kind, status, claimed_at) values ('k', ?, 'UCAL', 'checkin', 'pending', ?)`,
        )
        .run(TEAM, NOW);
      other.prepare(`insert into accounts (team_id, name, name_key) values (?, 'Nobody Co', 'nobody co')`).run(TEAM);
      other
        .prepare(
          `insert into activities (team_id, user_id, kind, count, occurred_at, local_date) values (?, ?, 'call', 1, ?, ?)`,
        )
        .run(OTHER_TEAM, 'UANN', NOW, TODAY);
      expect(stampNow()).toEqual(before);
      expect(changed()).toEqual(new Set());
    } finally {
      other.close();
    }
  });

  it('says "too many" past its limit, so the caller reads the whole team instead', () => {
    for (const userId of ['UANN', 'UBEN', 'UCAL']) setDmChannel(db, TEAM, userId, `D${userId}`);
    expect(repsChangedSince(db, TEAM, before.seq, 3)).toEqual(new Set(['UANN', 'UBEN', 'UCAL']));
    expect(repsChangedSince(db, TEAM, before.seq, 2)).toBeNull();
  });
});
