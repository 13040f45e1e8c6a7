import { describe, expect, it } from 'vitest';
import { type CommandName, USAGE } from '../../src/domain/command.js';
import { parseCommand } from '../../src/domain/parse-command.js';
import { editDistance, nearestKeyword } from '../../src/domain/suggest.js';
import { escapeMrkdwn } from '../../src/slack/views/blocks.js';
import { seeYou } from '../../src/slack/views/dates.js';
import { helpGroups, helpReply } from '../../src/slack/views/help.js';

const BAD_INPUTS = [
  'quota',
  'quota -5k',
  'quota quarter 120k',
  'quota 120k quarter year',
  'quota 120k <@U1AAA> <@U2BBB>',
  'won',
  'won 24.5k',
  'won 5k Acme\nCorp',
  'won 5k <@U123ABC>',
  'won 5k Acme\u0000',
  'opp 50k',
  'opp 50k Globex close 3/45',
  'lost',
  'log',
  'log nap 3',
  'log call 0',
  'target meeting',
  'target lunch 1/day',
  'target meeting 8/month',
  'target meeting 1001/week',
  'icp Acme',
  'icp yes',
  'plan ; ;',
  'plan a;b;c;d;e;f;g;h;i;j;k',
  'plan Tell <!channel> we won',
  'team now',
  'settings please',
  'resume 2026-12-01',
  'pause',
  'pause tomorrow',
  'pause 2027-02-29',
  'channel',
  'channel sales',
  'channel <#C123|sales> <#C456|ops>',
  'dance',
  'tagret meeting 8/week',
  'x'.repeat(3000),
];

describe('every parser error is a sentence', () => {
  it.each(BAD_INPUTS.map((text) => [text.slice(0, 40), text]))('%j', (_shown, text) => {
    const result = parseCommand(text);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // A capital, or the rep's own words quoted first, kept exactly as typed (‘lunch’ isn’t an activity).
    expect(result.error.message).toMatch(/^(?:\p{Lu}|‘)/u);
  });
});

describe('the nearest command to an unknown word', () => {
  it.each<[typed: string, suggested: string | null]>([
    ['tagret', 'target'], // g and r swapped: 1 edit
    ['quotas', 'quota'], // one letter more
    ['hlep', 'help'], // a swap: 1 edit
    ['chanel', 'channel'],
    ['setting', 'settings'],
    ['sett', 'settings'], // a start of three letters or more
    ['stats', 'status'],
    ['resum', 'resume'],
    ['Plan', 'plan'],
    ['lgo', 'log'],
    ['on', 'won'],
    ['dance', null], // 4 edits from plan, team and every other
    ['to', null], // 2 edits from won, too many for a word this short
    ['s', null],
    ['pa', null],
    ['constructor', null],
    ['__proto__', null],
  ])('%j → %j', (typed, suggested) => {
    expect(nearestKeyword(typed, Object.keys(USAGE))).toBe(suggested);
  });

  it.each<[a: string, b: string, edits: number]>([
    ['tagret', 'target', 1],
    ['tragte', 'target', 2], // two swaps
    ['hlep', 'help', 1],
    ['dance', 'plan', 4],
    ['', 'won', 3],
    ['won', 'won', 0],
  ])('edit distance %j → %j is %i', (a, b, edits) => {
    expect(editDistance(a, b)).toBe(edits);
  });

  it('answers `/focus dance` with the way to the list, and `/focus tagret` with the target form', () => {
    const far = parseCommand('dance');
    const near = parseCommand('tagret meeting 8/week');
    expect(far.ok || far.error).toMatchObject({
      message: 'There’s no /focus command ‘dance’. Try `/focus help` for the list.',
      usage: '/focus help',
    });
    expect(near.ok || near.error).toMatchObject({
      message: 'There’s no /focus command ‘tagret’. Did you mean `/focus target`?',
      ...USAGE.target,
    });
  });
});

describe('target, plan and icp typed alone', () => {
  it.each(['target', 'plan', 'icp'] as const)('%j shows the current state', (what) => {
    expect(parseCommand(what)).toEqual({ ok: true, command: { kind: 'show', what } });
    expect(parseCommand(`  ${what.toUpperCase()}  `)).toEqual({ ok: true, command: { kind: 'show', what } });
  });
});

describe('help', () => {
  const text = JSON.stringify(helpReply().blocks);

  it.each(Object.keys(USAGE) as CommandName[])('lists %s with its right form', (name) => {
    // JSON escapes nothing here but quotes; forms are mrkdwn-escaped in the blocks.
    expect(text).toContain(`\`${escapeMrkdwn(USAGE[name].usage)}\``);
  });

  it('places every command exactly once, team and settings included', () => {
    const placed = helpGroups().flatMap((group) => group.commands);
    expect([...placed].sort()).toEqual(Object.keys(USAGE).sort());
    expect(placed).toContain('team');
    expect(placed).toContain('settings');
  });
});

describe('seeYou', () => {
  it.each<[today: string, next: string | null, said: string]>([
    ['2026-12-03', '2026-12-04', 'see you tomorrow'], // Thursday → Friday
    ['2026-12-04', '2026-12-07', 'see you Monday'], // Friday → Monday
    ['2026-12-03', '2026-12-06', 'see you Sunday'], // Thursday → Sunday (Sunday-to-Thursday week)
    ['2026-12-24', '2026-12-28', 'see you Monday'], // Thursday → Monday over Christmas
    ['2026-12-04', '2026-12-14', 'see you Monday, Dec 14'], // a week or more away: the date
    ['2026-12-04', null, 'see you soon'],
  ])('%s → %s: %s', (today, next, said) => {
    expect(seeYou(today, next)).toBe(said);
  });
});
