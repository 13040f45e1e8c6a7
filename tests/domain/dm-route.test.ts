import { describe, expect, it } from 'vitest';
import { type AccountsSeen, type DmRoute, type PendingPrompt, routeDmMessage } from '../../src/domain/dm-route.js';
import { startsWithCommand, stripFocusPrefix } from '../../src/domain/parse-command.js';

const TODAY = '2026-12-01';
const CHECKIN: PendingPrompt = { kind: 'checkin', date: TODAY };
const REFLECTION: PendingPrompt = { kind: 'reflection', date: TODAY };

describe('startsWithCommand', () => {
  it.each<[text: string, expected: boolean]>([
    ['log call 3 Acme', true],
    ['Won 12k Initech', true],
    ['WON 12k Initech', true],
    ['help', true],
    ['plan Call Initech; Send Umbrella proposal', true],
    ['opportunity 40k Globex', true],
    ['/focus plan a; b', true],
    ['/FOCUS help', true],
    ['   log call', true],
    ['\n\twon 12k Initech', true],
    // a zero-width space before the keyword is cleaned to a space
    ['\u200Bhelp', true],
    // a keyword later in the text is not a command
    ['Call Initech about the won deal', false],
    ['Send the plan to Umbrella', false],
    // the first word must be exactly the keyword
    ['Logged 3 calls', false],
    ['helpful notes', false],
    ['help!', false],
    ['/focusplan a', false],
    ['🚀 won 12k Initech', false],
    ['won🎉 12k Initech', false],
    ['👍', false],
    ['', false],
    ['   ', false],
    ['/focus', false],
  ])('%j → %s', (text, expected) => {
    expect(startsWithCommand(text)).toBe(expected);
  });
});

describe('stripFocusPrefix', () => {
  it.each<[text: string, expected: string]>([
    ['/focus plan a; b', ' plan a; b'],
    ['  /Focus won 12k Acme', ' won 12k Acme'],
    ['plan a', 'plan a'],
    // only a leading /focus, and only the whole word
    ['plan /focus a', 'plan /focus a'],
    ['/focused work', '/focused work'],
  ])('%j → %j', (text, expected) => {
    expect(stripFocusPrefix(text)).toBe(expected);
  });
});

describe('routeDmMessage', () => {
  it.each<[name: string, text: string, pending: PendingPrompt, expected: DmRoute]>([
    // 1. a waiting reflection takes the message, whatever its first word
    [
      'the reflection answer',
      '  Start calls earlier.  ',
      REFLECTION,
      { as: 'reflection', date: TODAY, text: 'Start calls earlier.' },
    ],
    [
      'a reflection starting with plan',
      'Plan better tomorrow',
      REFLECTION,
      { as: 'reflection', date: TODAY, text: 'Plan better tomorrow' },
    ],
    [
      'a reflection that parses as a log command',
      'Log calls earlier in the day',
      REFLECTION,
      { as: 'reflection', date: TODAY, text: 'Log calls earlier in the day' },
    ],
    [
      'a reflection that would parse as lost, on no account of the rep’s',
      'Lost focus after lunch',
      REFLECTION,
      { as: 'reflection', date: TODAY, text: 'Lost focus after lunch' },
    ],
    // 2. a waiting check-in takes it as the plan
    [
      'a numbered plan',
      '1. Call Initech\n2. Send proposal',
      CHECKIN,
      { as: 'plan', date: TODAY, text: '1. Call Initech\n2. Send proposal' },
    ],
    [
      'a plan starting with a command word',
      'Team lunch; Call Initech',
      CHECKIN,
      { as: 'plan', date: TODAY, text: 'Team lunch; Call Initech' },
    ],
    [
      'a plan starting with help',
      'Help Sam with the Initech deck',
      CHECKIN,
      { as: 'plan', date: TODAY, text: 'Help Sam with the Initech deck' },
    ],
    // help alone is always help
    ['help while a prompt waits', ' Help ', CHECKIN, { as: 'command', text: 'help' }],
    // 3. nothing waiting: the command grammar without the slash
    ['a command', 'log call 3 Acme', null, { as: 'command', text: 'log call 3 Acme' }],
    ['a /focus command, without the prefix', '/focus plan a; b', null, { as: 'command', text: 'plan a; b' }],
    ['a command after leading whitespace, trimmed', '  \n log call  ', null, { as: 'command', text: 'log call' }],
    ['a broken command', 'won banana Acme', null, { as: 'command', text: 'won banana Acme' }],
    // 4. else not understood
    ['plain text', 'Call Initech about the won deal', null, { as: 'unknown' }],
    ['emoji', '🚀🚀', null, { as: 'unknown' }],
    ['empty text', '', null, { as: 'unknown' }],
  ])('routes %s', (_name, text, pending, expected) => {
    expect(routeDmMessage(text, pending)).toEqual(expected);
  });
});

describe('routeDmMessage: a plain command while a prompt waits', () => {
  /** The rep's team knows Initech Corp and Globex; the rep has an open deal on Globex only. */
  const ACCOUNTS: AccountsSeen = {
    isKnown: (name) => ['initech corp', 'globex'].includes(name.toLowerCase()),
    hasOpenDeal: (name) => name.toLowerCase() === 'globex',
  };
  const command = (text: string, pending: PendingPrompt): DmRoute =>
    pending === null ? { as: 'command', text } : { as: 'command', text, while: pending };

  it.each<[name: string, text: string, pending: PendingPrompt, expected: DmRoute]>([
    // An amount parses: a win, an opportunity, a quota are commands whatever waits.
    ['a win after the check-in', 'won 12k Initech Corp', CHECKIN, command('won 12k Initech Corp', CHECKIN)],
    ['a win during the reflection', 'Won 12k Initech', REFLECTION, command('Won 12k Initech', REFLECTION)],
    ['an opportunity', 'opp 40k Globex close 3/15', CHECKIN, command('opp 40k Globex close 3/15', CHECKIN)],
    ['with the /focus prefix', '/focus won 5k Acme', CHECKIN, command('won 5k Acme', CHECKIN)],
    ['an ICP answer', 'icp Globex no', REFLECTION, command('icp Globex no', REFLECTION)],
    ['a log with a count', 'log call 2 NewCo', CHECKIN, command('log call 2 NewCo', CHECKIN)],
    ['a log on a known account', 'log meeting Initech Corp', CHECKIN, command('log meeting Initech Corp', CHECKIN)],
    ['a log on no account', 'log email', REFLECTION, command('log email', REFLECTION)],
    ['lost on the rep’s open deal', 'lost Globex', REFLECTION, command('lost Globex', REFLECTION)],
    ['a bare team', 'team', CHECKIN, command('team', CHECKIN)],
    ['a bare target, showing the targets', 'target', REFLECTION, command('target', REFLECTION)],
    ['a bare plan, showing today’s plan', 'plan', CHECKIN, command('plan', CHECKIN)],
    ['a holiday set', 'holidays mine DE', CHECKIN, command('holidays mine DE', CHECKIN)],
    // Sentences that happen to parse stay the answer.
    [
      'a log on an unknown "account"',
      'Log calls earlier in the day',
      REFLECTION,
      {
        as: 'reflection',
        date: TODAY,
        text: 'Log calls earlier in the day',
      },
    ],
    [
      'lost on no open deal',
      'Lost focus after lunch',
      REFLECTION,
      {
        as: 'reflection',
        date: TODAY,
        text: 'Lost focus after lunch',
      },
    ],
    [
      'lost on a known account without an open deal',
      'lost Initech Corp',
      CHECKIN,
      {
        as: 'plan',
        date: TODAY,
        text: 'lost Initech Corp',
      },
    ],
    [
      'a win that does not parse',
      'Won a big deal today',
      REFLECTION,
      {
        as: 'reflection',
        date: TODAY,
        text: 'Won a big deal today',
      },
    ],
    [
      'a plan typed as plan',
      'plan Call Initech; Demo Globex',
      CHECKIN,
      {
        as: 'plan',
        date: TODAY,
        text: 'plan Call Initech; Demo Globex',
      },
    ],
    [
      'a command on the first of several lines',
      'won 12k Initech\nCall Globex',
      CHECKIN,
      {
        as: 'plan',
        date: TODAY,
        text: 'won 12k Initech\nCall Globex',
      },
    ],
  ])('routes %s', (_name, text, pending, expected) => {
    expect(routeDmMessage(text, pending, ACCOUNTS)).toEqual(expected);
  });

  it('runs a command without a prompt as before, whatever the accounts', () => {
    expect(routeDmMessage('lost focus after lunch', null, ACCOUNTS)).toEqual(command('lost focus after lunch', null));
  });
});
