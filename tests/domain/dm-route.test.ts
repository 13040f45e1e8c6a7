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
    // 1. commands win over any pending prompt (which is kept as the fallback if the command is refused)
    [
      'a command with nothing pending',
      'log call 3 Acme',
      null,
      { as: 'command', text: 'log call 3 Acme', orElse: null },
    ],
    [
      'a command over a pending check-in',
      'Won 12k Initech',
      CHECKIN,
      { as: 'command', text: 'Won 12k Initech', orElse: { as: 'plan', date: TODAY, text: 'Won 12k Initech' } },
    ],
    [
      'a command over a pending reflection',
      'help',
      REFLECTION,
      { as: 'command', text: 'help', orElse: { as: 'reflection', date: TODAY, text: 'help' } },
    ],
    [
      'a /focus command, without the prefix',
      '/focus plan a; b',
      CHECKIN,
      { as: 'command', text: 'plan a; b', orElse: { as: 'plan', date: TODAY, text: '/focus plan a; b' } },
    ],
    [
      'a command after leading whitespace, trimmed',
      '  \n log call  ',
      null,
      { as: 'command', text: 'log call', orElse: null },
    ],
    // a plan answer that happens to start with a command word but is no valid command answers the check-in
    [
      'a plan starting with a command word',
      'Team lunch; Call Initech',
      CHECKIN,
      { as: 'plan', date: TODAY, text: 'Team lunch; Call Initech' },
    ],
    // it parses as `lost`, so it is tried as a command first, with the reflection to fall back on if refused
    [
      'a reflection that also parses as a command',
      'Lost focus after lunch',
      REFLECTION,
      {
        as: 'command',
        text: 'Lost focus after lunch',
        orElse: { as: 'reflection', date: TODAY, text: 'Lost focus after lunch' },
      },
    ],
    // with nothing waiting, it is taken as the command, so the rep sees its right form
    [
      'a broken command with nothing waiting',
      'won banana Acme',
      null,
      { as: 'command', text: 'won banana Acme', orElse: null },
    ],
    // 2. then a pending reflection
    [
      'the reflection answer',
      '  Start calls earlier.  ',
      REFLECTION,
      { as: 'reflection', date: TODAY, text: 'Start calls earlier.' },
    ],
    [
      'a keyword later in the text as the reflection',
      'Call Initech about the won deal',
      REFLECTION,
      { as: 'reflection', date: TODAY, text: 'Call Initech about the won deal' },
    ],
    [
      'yesterday’s reflection keeps its date',
      'More demos',
      { kind: 'reflection', date: '2026-11-30' },
      { as: 'reflection', date: '2026-11-30', text: 'More demos' },
    ],
    // 3. then a pending check-in
    [
      'the check-in answer as the plan',
      '1. Call Initech\n2. Send Umbrella proposal',
      CHECKIN,
      { as: 'plan', date: TODAY, text: '1. Call Initech\n2. Send Umbrella proposal' },
    ],
    [
      'a keyword later in the text as the plan',
      'Call Initech about the won deal',
      CHECKIN,
      { as: 'plan', date: TODAY, text: 'Call Initech about the won deal' },
    ],
    [
      'an emoji-led plan',
      '🎯 Call Initech; 📨 Send Umbrella proposal',
      CHECKIN,
      { as: 'plan', date: TODAY, text: '🎯 Call Initech; 📨 Send Umbrella proposal' },
    ],
    // empty text is passed on as an empty answer; the handler refuses it (parse error / "nothing was saved")
    ['empty text as an empty plan', '   ', CHECKIN, { as: 'plan', date: TODAY, text: '' }],
    ['empty text as an empty reflection', '', REFLECTION, { as: 'reflection', date: TODAY, text: '' }],
    // 4. else not understood
    ['plain text with nothing pending', 'Call Initech about the won deal', null, { as: 'unknown' }],
    ['an emoji with nothing pending', '👍', null, { as: 'unknown' }],
    ['empty text with nothing pending', '', null, { as: 'unknown' }],
  ])('routes %s', (_name, text, pending, expected) => {
    expect(routeDmMessage(text, pending)).toEqual(expected);
  });
});
