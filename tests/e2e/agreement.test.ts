import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { updateRepSettings } from '../../src/db/reps.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { tempDatabaseFile } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';

/**
 * One rep in New York, seen at a morning, a midday and an evening instant and on the last day of
 * the quarter: the card (`/focus`), the morning check-in, the evening reflection, the weekly post and
 * `/focus team` must agree on every number they share, and each number is the hand-worked one.
 *
 * The rep: Q4 2026 quota $120,000; on Nov 20 won $30,000 with Acme (no opportunity first) and opened a
 * $45,000 Globex opportunity (closing Dec 31, the quarter's end, an ICP account). On Dec 1 at 15:00 won
 * $20,000 with Initech; on Dec 28 logged a call with Globex (so it is not stale on Dec 31).
 * Q4 has 66 working days; the win rate is the team's 25% (no opportunity has closed), so coverage needs 4.0×.
 */
const at = (iso: string) => Date.parse(iso);
const SETUP = at('2026-11-20T17:00:00Z');
const CHANNEL = 'CSALES';

type Blocks = { type: string; text?: { text: string }; fields?: { text: string }[]; elements?: { text?: string }[] }[];

/** Everything a surface says, as one string of its mrkdwn. */
function said(blocks: unknown): string {
  return (blocks as Blocks)
    .flatMap((b) => [
      b.text?.text ?? '',
      ...(b.fields ?? []).map((f) => f.text),
      ...(b.elements ?? []).map((e) => e.text ?? ''),
    ])
    .join('\n');
}

interface Expected {
  gap: string;
  attainment: string;
  won: string;
  perDay: string;
  pace: string;
  coverage: string;
  projected: string;
}

describe('the card, the check-in, the reflection and the weekly post agree', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempDatabaseFile>;
  let pass: (now: number) => Promise<SendOutcome[]>;

  async function focus(text: string, user = 'UREP1'): Promise<string> {
    const res = await app.command(text, { user });
    expect(res.status).toBe(200);
    return said(res.json().blocks);
  }

  /** The blocks of the last message the pass posted to a channel whose text matches. */
  function posted(channel: string, match: RegExp): string {
    const calls = app.stub.callsTo('chat.postMessage').filter((c) => c.params.channel === channel);
    const found = calls.filter((c) => match.test(String(c.params.text))).at(-1);
    if (!found) throw new Error(`nothing matching ${match} in ${channel}`);
    return said(found.params.blocks);
  }

  /** The rep's line: in the weekly post's thread, or in /focus team. */
  const repLine = (text: string) => text.split('\n').find((line) => line.startsWith('<@UREP1>')) ?? '';

  function expectCard(card: string, e: Expected) {
    expect(card).toContain(`*${e.gap} to go* of your $120,000 quota`);
    expect(card).toContain(`\` ${e.attainment} · ${e.won} won`);
    expect(card).toContain(`*Needed per working day*\n${e.perDay}`);
    expect(card).toContain(`*Pace*\n${e.pace}`);
    expect(card).toContain(`*Coverage*\n${e.coverage} of the 4.0× you need`);
    expect(card).toMatch(new RegExp(`\\*Projected\\*\\n${e.projected} \\(`));
  }

  function expectCheckin(checkin: string, e: Expected) {
    expect(checkin).toContain(`*${e.gap} to go of your $120,000 quota (${e.attainment} won)*`);
    expect(checkin).toContain(`*Needed per working day*\n${e.perDay}`);
    expect(checkin).toContain(`*Pace*\n${e.pace}`);
    expect(checkin).toContain(`*Coverage*\n${e.coverage} of the 4.0× you need`);
    expect(checkin).toMatch(new RegExp(`\\*Projected\\*\\n${e.projected} \\(`));
  }

  function expectTeamLine(line: string, e: Expected) {
    const behind = /^(\$[\d,]+) behind/.exec(e.pace)?.[1];
    expect(line).toContain(`${e.attainment} of $120,000`);
    expect(line).toContain(`${behind} behind pace`);
    expect(line).toContain(`projected ${e.projected}`);
    expect(line).toContain(`coverage ${e.coverage} of 4.0×`);
  }

  /** The rep's check-in moved to this minute of the day; the reflection at 17:30, Monday to Friday. */
  function checkinAt(checkinMinutes: number): void {
    updateRepSettings(app.storage.db, TEAM, 'UREP1', {
      checkinMinutes,
      reflectionMinutes: 17 * 60 + 30,
      workingDays: [1, 2, 3, 4, 5],
      timezoneOverride: null,
      remindersEnabled: true,
    });
  }

  beforeAll(async () => {
    temp = tempDatabaseFile();
    app = await startTestApp({ databasePath: temp.path, now: SETUP, managers: ['UMANAGER1'] });
    app.stub.users.set('UREP1', { tz: 'America/New_York' });
    app.stub.users.set('UMANAGER1', { tz: 'America/New_York' });
    pass = passAgainst(app.stub, app.store);
    await focus('quota 120k quarter');
    await focus('won 30k Acme');
    await focus('opp 45k Globex');
    await focus('icp Globex yes');
    await focus('icp Acme yes');
    await focus(`channel <#${CHANNEL}|sales>`, 'UMANAGER1');
  });
  afterAll(async () => {
    await app.stop();
    temp.remove();
  });

  it('on Monday Nov 30 at 09:05, with the check-in and the weekly post just out', async () => {
    app.clock.now = at('2026-11-30T14:05:00Z');
    const sent = await pass(app.clock.now);
    expect(sent.map((s) => s.kind).sort()).toEqual(['checkin', 'weekly']);
    // 42 of 66 days over (today is left until 17:30): expected 120,000 × 42/66 = 76,363.6 → $76,364,
    // behind 76,364 − 30,000 = $46,364; per day 90,000 / 24 = $3,750; coverage 45,000 / 90,000 = 0.5×;
    // projected (30,000 + 45,000 × 0.25) / 120,000 = 41,250 / 120,000 = 34.4% → 34%
    const e: Expected = {
      gap: '$90,000',
      attainment: '25%',
      won: '$30,000',
      perDay: '$3,750',
      pace: '$46,364 behind (expected $76,364 by now)',
      coverage: '0.5×',
      projected: '34%',
    };
    expectCard(await focus(''), e);
    expectCheckin(posted('DUREP1', /priorities/), e);
    expectTeamLine(repLine(posted(CHANNEL, /UREP1/)), e);
    expectTeamLine(repLine(await focus('team', 'UMANAGER1')), e);
    // The weekly post's top: the team is this one rep
    const top = posted(CHANNEL, /^Team/);
    expect(top).toContain('*$90,000 to go* of the team’s $120,000 quota');
    expect(top).toContain('0 ahead · 1 behind');
    expect(top).toContain('34% of quota');
  });

  it('on Tuesday Dec 1 at 12:30, with a midday check-in', async () => {
    app.clock.now = at('2026-12-01T17:30:00Z');
    checkinAt(12 * 60 + 15);
    const sent = await pass(app.clock.now);
    expect(sent.map((s) => s.kind)).toEqual(['checkin']);
    // 43 over: 120,000 × 43/66 = 78,181.8 → $78,182, behind $48,182; per day 90,000 / 23 = 3,913.04 → $3,913
    const e: Expected = {
      gap: '$90,000',
      attainment: '25%',
      won: '$30,000',
      perDay: '$3,913',
      pace: '$48,182 behind (expected $78,182 by now)',
      coverage: '0.5×',
      projected: '34%',
    };
    expectCard(await focus(''), e);
    expectCheckin(posted('DUREP1', /priorities/), e);
    expectTeamLine(repLine(await focus('team', 'UMANAGER1')), e);
  });

  it('on Tuesday Dec 1 at 17:45, after a $20,000 win, with the reflection just out', async () => {
    app.clock.now = at('2026-12-01T20:00:00Z');
    await focus('won 20k Initech');
    app.clock.now = at('2026-12-01T22:45:00Z');
    const sent = await pass(app.clock.now);
    expect(sent.map((s) => s.kind)).toEqual(['reflection']);
    // Today is over: 44 of 66, expected 120,000 × 44/66 = $80,000; won 50,000, behind $30,000;
    // gap 70,000 over 22 days = 3,181.8 → $3,182; attainment 50/120 = 41.7% → 42%;
    // coverage 45,000 / 70,000 = 0.64 → 0.6×; projected (50,000 + 11,250) / 120,000 = 51.04% → 51%
    const e: Expected = {
      gap: '$70,000',
      attainment: '42%',
      won: '$50,000',
      perDay: '$3,182',
      pace: '$30,000 behind (expected $80,000 by now)',
      coverage: '0.6×',
      projected: '51%',
    };
    expectCard(await focus(''), e);
    expectTeamLine(repLine(await focus('team', 'UMANAGER1')), e);
    const reflection = posted('DUREP1', /^Evening reflection/);
    // the gap this morning was 120,000 − 30,000 = 90,000; now 70,000
    expect(reflection).toContain('$90,000 → $70,000 today ($20,000 closed).');
    expect(reflection).toContain('won $20,000 with Initech');
  });

  it('on the last day of the quarter, morning and evening', async () => {
    app.clock.now = at('2026-12-28T17:00:00Z');
    await focus('log call Globex');
    checkinAt(8 * 60 + 30);

    app.clock.now = at('2026-12-31T14:05:00Z');
    expect((await pass(app.clock.now)).map((s) => s.kind)).toEqual(['checkin']);
    // 65 over, 1 left: expected 120,000 × 65/66 = 118,181.8 → $118,182, behind $68,182; all $70,000 needed today
    const morning: Expected = {
      gap: '$70,000',
      attainment: '42%',
      won: '$50,000',
      perDay: '$70,000',
      pace: '$68,182 behind (expected $118,182 by now)',
      coverage: '0.6×',
      projected: '51%',
    };
    const card = await focus('');
    expectCard(card, morning);
    const checkin = posted('DUREP1', /priorities/);
    expectCheckin(checkin, morning);
    expectTeamLine(repLine(await focus('team', 'UMANAGER1')), morning);
    // Too late for new opportunities: both say so, and name Globex to close now
    for (const surface of [card, checkin]) {
      expect(surface).toContain('Q4 2026 ends today, sooner than your typical 30-day cycle');
      expect(surface).toContain('Close now: Globex ($45,000)');
    }

    app.clock.now = at('2026-12-31T22:45:00Z');
    expect((await pass(app.clock.now)).map((s) => s.kind)).toEqual(['reflection']);
    // All 66 over: the whole $120,000 was expected, $70,000 behind, no working day left
    const evening = await focus('');
    expect(evening).toContain('*Needed per working day*\nNo working days left');
    expect(evening).toContain('*Pace*\n$70,000 behind (expected $120,000 by now)');
    expect(evening).toContain('Q4 2026 · 0 working days left');
    expect(repLine(await focus('team', 'UMANAGER1'))).toContain('$70,000 behind pace');
    expect(posted('DUREP1', /^Evening reflection/)).toContain('Unchanged at $70,000 (42% of $120,000).');
  });
});
