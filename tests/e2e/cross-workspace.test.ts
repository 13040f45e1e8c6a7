/**
 * One workspace's requests never reach another's data. Every request below is signed for workspace T1 and names
 * something of workspace T2 (a member, an account, a deal); afterwards every row of T2 is as it was. Each case
 * ends with a request that does change T1, and waits for it, so the checked request has been handled too.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getRep } from '../../src/db/reps.js';
import { ACTIONS, BLOCKS, questionBlockId } from '../../src/slack/ids.js';
import { everyRow, type TempStorage, tempDatabaseFile } from '../support/db.js';
import { buttonPayload, startTestApp, type TestApp } from '../support/harness.js';
import { pick, viewSubmission } from '../support/payloads.js';

const A = 'T1';
const B = 'T2';

/** Every row anywhere that names workspace B. */
function rowsOfB(app: TestApp): Record<string, unknown[]> {
  return Object.fromEntries(
    Object.entries(everyRow(app.storage.sqlite)).map(([table, rows]) => [
      table,
      rows.filter((row) => JSON.stringify(row).includes(`"${B}"`)),
    ]),
  );
}

function idOf(app: TestApp, table: 'accounts' | 'deals', teamId: string): number {
  const row = app.storage.sqlite.prepare(`select id from ${table} where team_id = ? order by id limit 1`).get(teamId);
  return (row as { id: number }).id;
}

describe('a request signed for one workspace, naming another’s things', () => {
  let app: TestApp;
  let temp: TempStorage;
  beforeEach(async () => {
    temp = tempDatabaseFile();
    app = await startTestApp({ databasePath: temp.path, now: Date.parse('2026-12-01T17:00:00Z') });
    app.stub.users.set('UB1', { tz: 'Europe/Paris' });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    // Workspace B: a rep with an open deal. Workspace A: its own rep and deal.
    expect((await app.command('opp 10k Globex', { team: B, user: 'UB1' })).status).toBe(200);
    expect((await app.command('opp 5k Initech', { team: A })).status).toBe(200);
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  it('a profile change (user_change) from A naming B as the member’s team changes A’s copy, never B’s', async () => {
    // The same member ID in both workspaces (a Slack Connect member, say).
    await app.command('opp 3k Umbrella', { team: A, user: 'UB1' });
    const before = rowsOfB(app);
    const answer = await app.event({
      type: 'user_change',
      user: { id: 'UB1', team_id: B, name: 'ub1', deleted: false, tz: 'Asia/Tokyo', is_admin: true },
      cache_ts: 1,
      event_ts: '1.2',
    });
    expect(answer.status).toBe(200);
    await expect.poll(() => getRep(app.storage.db, A, 'UB1')?.slackTimezone).toBe('Asia/Tokyo');
    // An admin of another organization is no manager here.
    expect(getRep(app.storage.db, A, 'UB1')?.isSlackAdmin).toBe(false);
    expect(rowsOfB(app)).toEqual(before);
  });

  it('commands from A naming a member of B change nothing in B', async () => {
    const before = rowsOfB(app);
    for (const text of ['quota 50k <@UB1>', 'lost Globex', 'icp Globex yes', 'holidays mine DE', 'pause 2026-12-20']) {
      expect((await app.command(text, { team: A, user: 'UB1' })).status).toBe(200);
    }
    expect(rowsOfB(app)).toEqual(before);
  });

  it('buttons and forms from A naming B’s account and deal change nothing in B', async () => {
    const account = idOf(app, 'accounts', B);
    const deal = idOf(app, 'deals', B);
    const before = rowsOfB(app);
    await app.action(
      buttonPayload({
        actionId: ACTIONS.icpFits,
        value: JSON.stringify({ accountId: account }),
        responseUrl: app.stub.responseUrl('x1'),
      }),
    );
    await app.action(
      buttonPayload({ actionId: ACTIONS.icpListFits, value: String(account), responseUrl: app.stub.responseUrl('x2') }),
    );
    await app.action(viewSubmission('modal_lost', { in_open_deal: pick(`deal:${deal}`) }));
    await app.action(viewSubmission('modal_lost', { in_open_deal: pick(`deal:${deal}`) }, { user: 'UB1' }));
    await app.action(
      buttonPayload({
        actionId: ACTIONS.staleLost,
        value: 'x',
        responseUrl: app.stub.responseUrl('x3'),
        blockId: questionBlockId(BLOCKS.staleDeal, deal),
      }),
    );
    // A's own account, classified last: once it shows, the requests before it have been handled.
    const own = idOf(app, 'accounts', A);
    await app.action(
      buttonPayload({ actionId: ACTIONS.icpListFits, value: String(own), responseUrl: app.stub.responseUrl('x4') }),
    );
    await expect
      .poll(() => app.storage.sqlite.prepare('select icp from accounts where id = ?').get(own))
      .toEqual({ icp: 'yes' });
    expect(rowsOfB(app)).toEqual(before);
  });
});
