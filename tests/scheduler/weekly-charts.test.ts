/**
 * The weekly post's charts, end to end over the scheduler pass against the Web API stand-in: rendered, uploaded to
 * the team channel with files.uploadV2 (getUploadURLExternal → POST → completeUploadExternal with channel_id),
 * and shown in the post as image blocks referencing the files, exactly once per post.
 *
 * The team: two reps in New York, Q4 2026 (Oct 1 – Dec 31) quotas, wins logged without opportunities.
 *   UREP1 (Ana): quota $120,000, won $30,000 on Nov 10 → 30/120 = 25%.
 *   UREP2 (Ben): quota $80,000, won $40,000 on Oct 20 → 40/80 = 50%.
 * Team: quota $200,000, won $70,000 → 35%; gap $130,000.
 * The pass runs Monday Nov 30, 09:10 New York (ISO week 2026-W49). Working days in Q4 2026 (Mon–Fri, no
 * holiday calendar set): 66; before Nov 30: 42 (Oct 22 + Nov 20), and Nov 30 is not over at 09:10.
 * Pace by now: 42/66 = 63.6% → "pace 64%" for each rep; the team's $200,000 × 42/66 = $127,272.73 → $127,273,
 * so the team is $127,272.73 − $70,000 = $57,272.73 → $57,273 behind.
 */
import { LogLevel } from '@slack/logger';
import { WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadTeamProgress } from '../../src/coach/team.js';
import { recordWin } from '../../src/db/deals.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { beginPost, claimSend, getSend, sendKey } from '../../src/db/sends.js';
import { setTeamChannel } from '../../src/db/teams.js';
import { periodContaining } from '../../src/domain/period.js';
import { JsonLogger } from '../../src/logger.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { chartsForWeeklyPost } from '../../src/scheduler/weekly-charts.js';
import { tempStorage } from '../support/db.js';
import { passAgainst } from '../support/pass.js';
import { SlackStub } from '../support/slack-stub.js';

const MINUTE = 60_000;
const quiet = new JsonLogger(LogLevel.ERROR, { sink: () => {} });
/** Monday 2026-11-30 09:10 in New York (EST, UTC−5): the default weekly slot is Monday 09:00. */
const MONDAY_0910 = Date.parse('2026-11-30T14:10:00Z');

interface ImageBlock {
  type: 'image';
  slack_file: { id: string };
  alt_text: string;
}

describe('the weekly post’s charts', () => {
  let store: ReturnType<typeof tempStorage>;
  let stub: SlackStub;
  let warnings: string[];
  let pass: (now: number) => Promise<SendOutcome[]>;

  function addRep(userId: string, name: string, quotaCents: number, won: { cents: number; on: string }): void {
    saveRepProfile(store.db, 'T1', userId, { slackTimezone: 'America/New_York', isSlackAdmin: false, fetchedAt: 0 });
    stub.users.set(userId, { tz: 'America/New_York', name: name.toLowerCase(), profile: { display_name: name } });
    setQuota(store.db, {
      teamId: 'T1',
      userId,
      period: periodContaining('quarter', '2026-11-30', 1),
      amountCents: quotaCents,
      setBy: userId,
      now: 0,
    });
    recordWin(store.db, {
      teamId: 'T1',
      userId,
      account: `${name} Account`,
      amountCents: won.cents,
      wonOn: won.on,
      today: '2026-11-30',
      now: 0,
    });
  }

  const topPosts = () =>
    stub.callsTo('chat.postMessage').filter((call) => call.params.channel === 'C0SALES' && !call.params.thread_ts);
  const imagesOf = (blocks: unknown) =>
    (blocks as { type: string }[]).filter((b) => b.type === 'image') as ImageBlock[];

  beforeEach(async () => {
    store = tempStorage();
    stub = await new SlackStub().start();
    warnings = [];
    const logger = new JsonLogger(LogLevel.WARN, { sink: (line) => warnings.push(line) });
    pass = passAgainst(stub, store.store, { weeklyCharts: true, logger });
    setTeamChannel(store.db, 'T1', 'C0SALES');
    addRep('UREP1', 'Ana', 12_000_000, { cents: 3_000_000, on: '2026-11-10' });
    addRep('UREP2', 'Ben', 8_000_000, { cents: 4_000_000, on: '2026-10-20' });
  });
  afterEach(async () => {
    await stub.stop();
    store.remove();
  });

  it('uploads both charts to the channel once, and a retried post shows the same files without uploading again', async () => {
    // The first top-level post fails, known not posted (Slack answered 500): the pass retries it later.
    let failTop = true;
    stub.on('chat.postMessage', (params) => {
      if (params.channel === 'C0SALES' && !params.thread_ts && failTop) {
        failTop = false;
        return { status: 500, body: { ok: false, error: 'internal_error' } };
      }
      return stub.deliver(params);
    });
    expect((await pass(MONDAY_0910)).find((o) => o.kind === 'weekly')?.status).toBe('failed');

    const asked = stub.callsTo('files.getUploadURLExternal');
    expect(asked.map((call) => call.params.filename)).toEqual(['team-burn-up.png', 'attainment-by-rep.png']);
    const uploads = stub.callsTo('upload');
    expect(uploads).toHaveLength(2);
    expect(uploads.every((call) => call.params.png === true)).toBe(true);
    const completed = stub.callsTo('files.completeUploadExternal');
    expect(completed).toHaveLength(1);
    expect(completed[0]?.params.channel_id).toBe('C0SALES');
    const fileIds = [...stub.uploads.keys()];
    expect(fileIds).toHaveLength(2);
    expect([...stub.uploads.values()].map((u) => u.channel)).toEqual(['C0SALES', 'C0SALES']);

    // The retry: the post goes, with the files of the first attempt; nothing is uploaded again.
    expect((await pass(MONDAY_0910 + MINUTE)).find((o) => o.kind === 'weekly')?.status).toBe('sent');
    const top = topPosts().at(-1);
    expect(String(top?.params.text)).toContain('Team: $130,000 to go of $200,000 (35%).');
    const images = imagesOf(top?.params.blocks);
    expect(images.map((image) => image.slack_file.id)).toEqual(fileIds);
    const [burnUp, attainment] = images;
    // The same numbers as the post's totals: won $70,000 of the $200,000 quota, 35%; pace worked out above.
    expect(burnUp?.alt_text).toContain(
      'Won $70,000 of $200,000 (35%); pace $127,273 by today (Nov 30), $57,273 behind',
    );
    expect(attainment?.alt_text).toContain('Ben 50% (pace 64%); Ana 25% (pace 64%)');
    expect(JSON.stringify(top?.params.blocks)).toContain('$70,000 won');

    // Another pass this week: no post, no upload.
    expect((await pass(MONDAY_0910 + 5 * MINUTE)).filter((o) => o.kind === 'weekly')).toEqual([]);
    expect(stub.callsTo('files.getUploadURLExternal')).toHaveLength(2);
    expect(stub.callsTo('files.completeUploadExternal')).toHaveLength(1);
    expect(warnings).toEqual([expect.stringContaining('not posted')]);
  });

  it('never uploads again after an attempt that may have uploaded (a crash mid-way): the post goes with text', async () => {
    // An earlier process claimed the charts, began uploading, and stopped; its lease lapsed long ago.
    const key = sendKey('T1', 'team-charts', 'weekly', '2026-W49');
    const earlier = claimSend(store.db, {
      key,
      teamId: 'T1',
      recipient: 'team-charts',
      kind: 'weekly',
      now: MONDAY_0910 - 10 * MINUTE,
    });
    expect(earlier && beginPost(store.db, earlier, { channelId: 'C0SALES', now: MONDAY_0910 - 10 * MINUTE })).toBe(
      true,
    );
    expect((await pass(MONDAY_0910)).find((o) => o.kind === 'weekly')?.status).toBe('sent');
    expect(stub.callsTo('files.getUploadURLExternal')).toEqual([]);
    expect(imagesOf(topPosts()[0]?.params.blocks)).toEqual([]);
    expect(getSend(store.db, key)?.status).toBe('abandoned');
  });

  it('uploads nothing for a post that may be out already, or whose top message is out', async () => {
    const progress = await loadTeamProgress(store.store, {
      teamId: 'T1',
      now: MONDAY_0910,
      defaultTimezone: 'America/New_York',
    });
    const deps = {
      store: store.store,
      client: new WebClient('xoxb-test', { slackApiUrl: stub.apiUrl }),
      logger: quiet,
    };
    const input = { teamId: 'T1', week: '2026-W49', channelId: 'C0SALES', progress, now: MONDAY_0910 };
    const ctx = { ...deps, defaultTimezone: 'America/New_York', clock: () => MONDAY_0910 };
    // The post is looked for before posting again (it may be out): no files were recorded, none are uploaded.
    expect(await chartsForWeeklyPost(ctx, { progress: 0, checkFirst: true, channelId: 'C0SALES' }, input)).toEqual([]);
    // The top message is out, a retry resumes the thread: no charts.
    expect(await chartsForWeeklyPost(ctx, { progress: 1, checkFirst: false, channelId: 'C0SALES' }, input)).toEqual([]);
    expect(stub.callsTo('files.getUploadURLExternal')).toEqual([]);
  });

  it('posts with the text bars alone when the upload fails, logs it, and never tries the upload again', async () => {
    stub.on('files.completeUploadExternal', () => ({ body: { ok: false, error: 'internal_error' } }));
    expect((await pass(MONDAY_0910)).find((o) => o.kind === 'weekly')?.status).toBe('sent');
    const top = topPosts()[0];
    expect(imagesOf(top?.params.blocks)).toEqual([]);
    // The text bars: the attainment bar and the won total, as without charts.
    expect(JSON.stringify(top?.params.blocks)).toContain('35% · $70,000 won');
    expect(warnings.join('\n')).toContain('were not uploaded; it goes with its text bars');
    expect(getSend(store.db, sendKey('T1', 'team-charts', 'weekly', '2026-W49'))?.status).toBe('abandoned');
    await pass(MONDAY_0910 + MINUTE);
    expect(stub.callsTo('files.completeUploadExternal')).toHaveLength(1);
  });
});
