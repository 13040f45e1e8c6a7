import { describe, expect, it } from 'vitest';
import { type DmRoute, type PendingPrompt, routeDmMessage } from '../../src/domain/dm-route.js';
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
      'a reflection starting with lost',
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
    ['a plan that parses as won', 'Won 12k Initech', CHECKIN, { as: 'plan', date: TODAY, text: 'Won 12k Initech' }],
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
