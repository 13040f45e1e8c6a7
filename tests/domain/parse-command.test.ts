import { describe, expect, it } from 'vitest';
import { accountKey, normaliseAccountName } from '../../src/domain/account-name.js';
import { type Command, type CommandName, type ParseResult, USAGE } from '../../src/domain/command.js';
import { parseCommand } from '../../src/domain/parse-command.js';

/** Assert a successful parse and return the command. */
function parsed(text: string): Command {
  const result = parseCommand(text);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(text)} to parse, got: ${result.error.message}`);
  return result.command;
}

/** Assert a refusal carrying `name`'s usage and example, and return the message. */
function refused(text: string, name: CommandName): string {
  const result = parseCommand(text);
  if (result.ok) throw new Error(`expected ${JSON.stringify(text)} to be refused, got ${JSON.stringify(result)}`);
  expect(result.error.usage).toBe(USAGE[name].usage);
  expect(result.error.example).toBe(USAGE[name].example);
  return result.error.message;
}

describe('status and help', () => {
  it.each(['', '   ', '\n\t', '\u3000', '\u200b'])('empty text %j shows status', (text) => {
    expect(parsed(text)).toEqual({ kind: 'status' });
  });

  it.each(['help', 'HELP', 'Help me please', 'help quota', '  help  '])('%j asks for help', (text) => {
    expect(parsed(text)).toEqual({ kind: 'help' });
  });
});

describe('quota', () => {
  it.each<[text: string, command: Command]>([
    ['quota 120k', { kind: 'quota', amountCents: 12_000_000, period: null, repUserId: null }],
    ['QUOTA 120k quarter', { kind: 'quota', amountCents: 12_000_000, period: 'quarter', repUserId: null }],
    [
      'quota $120,000 month',
      { kind: 'quota', amountCents: 12_000_000, period: 'month', repUserId: null, currency: '$' },
    ],
    ['quota 1.2m year', { kind: 'quota', amountCents: 120_000_000, period: 'year', repUserId: null }],
    ['quota 40k monthly', { kind: 'quota', amountCents: 4_000_000, period: 'month', repUserId: null }],
    ['quota 120k Quarterly', { kind: 'quota', amountCents: 12_000_000, period: 'quarter', repUserId: null }],
    ['quota 120k q', { kind: 'quota', amountCents: 12_000_000, period: 'quarter', repUserId: null }],
    ['quota 120k qtr', { kind: 'quota', amountCents: 12_000_000, period: 'quarter', repUserId: null }],
    ['quota 480k yearly', { kind: 'quota', amountCents: 48_000_000, period: 'year', repUserId: null }],
    ['quota 480k annual', { kind: 'quota', amountCents: 48_000_000, period: 'year', repUserId: null }],
    ['quota 480k annually', { kind: 'quota', amountCents: 48_000_000, period: 'year', repUserId: null }],
    ['quota 480k FY', { kind: 'quota', amountCents: 48_000_000, period: 'year', repUserId: null }],
    [
      'quota USD 1,200 month',
      { kind: 'quota', amountCents: 120_000, period: 'month', repUserId: null, currency: 'USD' },
    ],
    ['quota 120k <@U123ABC>', { kind: 'quota', amountCents: 12_000_000, period: null, repUserId: 'U123ABC' }],
    [
      'quota 120k quarter <@U123ABC|ann>',
      { kind: 'quota', amountCents: 12_000_000, period: 'quarter', repUserId: 'U123ABC' },
    ],
    [
      'quota 120k <@W0ABC9|ann> quarter',
      { kind: 'quota', amountCents: 12_000_000, period: 'quarter', repUserId: 'W0ABC9' },
    ],
    [
      'quota 120k <@U123ABC|Ann Lee> year',
      { kind: 'quota', amountCents: 12_000_000, period: 'year', repUserId: 'U123ABC' },
    ],
  ])('%j sets the quota', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });

  it.each<[text: string, message: string]>([
    ['quota', 'It needs an amount, like 120k or $120,000'],
    ['quota banana', '‘banana’ is not an amount'],
    ['quota -5k', 'Amounts must be positive'],
    ['quota $ -5k', 'Amounts must be positive'],
    ['quota 0', 'Amounts must be more than zero'],
    ['quota 2b', 'Amounts can be at most 1 billion'],
    ['quota quarter 120k', 'Start with the amount, then the period or @rep: ‘quarter’ came first'],
    ['quota <@U123ABC> 120k', 'Start with the amount, then the period or @rep: ‘<@U123ABC>’ came first'],
    ['quota 120k @ann', '‘@ann’ isn’t a mention: pick the person from Slack’s @ menu so it arrives as one'],
    ['quota 120k week', '‘week’ isn’t a period (month, quarter or year) or an @rep'],
    ['quota 120k <#C123|sales>', '‘<#C123|sales>’ isn’t a period (month, quarter or year) or an @rep'],
    ['quota 120k <!here>', '‘<!here>’ isn’t a period (month, quarter or year) or an @rep'],
    ['quota 120k <@u123abc>', '‘<@u123abc>’ isn’t a period (month, quarter or year) or an @rep'],
    ['quota 120k quarter year', 'Give one period, not ‘quarter’ and ‘year’'],
    ['quota 120k <@U1AAA> <@U2BBB>', 'Set one rep’s quota at a time'],
  ])('%j is refused: %s', (text, message) => {
    expect(refused(text, 'quota')).toBe(message);
  });
});

describe('won and opp', () => {
  it.each<[text: string, command: Command]>([
    ['won 24.5k Acme Corp', { kind: 'won', amountCents: 2_450_000, account: 'Acme Corp' }],
    ['WON $120,000   Acme    Corp  ', { kind: 'won', amountCents: 12_000_000, account: 'Acme Corp', currency: '$' }],
    ['won 5k "Acme Inc"', { kind: 'won', amountCents: 500_000, account: 'Acme Inc' }],
    ['won 5k “Acme Inc”', { kind: 'won', amountCents: 500_000, account: 'Acme Inc' }],
    ['won 5k 3M', { kind: 'won', amountCents: 500_000, account: '3M' }],
    ['won USD 1,200 Acme', { kind: 'won', amountCents: 120_000, account: 'Acme', currency: 'USD' }],
    ['won 1200 EUR Corp', { kind: 'won', amountCents: 120_000, account: 'EUR Corp' }],
    ['won 5k AT&amp;T', { kind: 'won', amountCents: 500_000, account: 'AT&T' }],
    ['won 5k <https://acme.com|acme.com>', { kind: 'won', amountCents: 500_000, account: 'acme.com' }],
    ['won 5k <http://acme.com>', { kind: 'won', amountCents: 500_000, account: 'acme.com' }],
    ['won 5k 😀 Corp', { kind: 'won', amountCents: 500_000, account: '😀 Corp' }],
    ['won 5k Café Müller', { kind: 'won', amountCents: 500_000, account: 'Café Müller' }],
    ['opp 50k Globex', { kind: 'opp', amountCents: 5_000_000, account: 'Globex' }],
    ['opportunity 1.2m Initech Holdings', { kind: 'opp', amountCents: 120_000_000, account: 'Initech Holdings' }],
    ['Opportunity 50k Globex', { kind: 'opp', amountCents: 5_000_000, account: 'Globex' }],
  ])('%j records the deal', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });

  it.each<[text: string, name: CommandName, message: string]>([
    ['won', 'won', 'It needs an amount, like 120k or $120,000'],
    ['won Acme 5k', 'won', '‘Acme’ is not an amount'],
    ['won 24.5k', 'won', 'It needs an account name'],
    ['won 5k ""', 'won', 'It needs an account name'],
    ['won -5k Acme', 'won', 'Amounts must be positive'],
    ['won 999999999999999999999 Acme', 'won', 'Amounts can be at most 1 billion'],
    ['won 1.2345 Acme', 'won', '‘1.2345’ has more decimal places than cents'],
    ['won 😀 Acme', 'won', '‘😀’ is not an amount'],
    ['won USD banana', 'won', '‘USD banana’ is not an amount'],
    ['won $ -5k Acme', 'won', 'Amounts must be positive'],
    ['won 5k Acme\nCorp', 'won', 'Account names must fit on one line'],
    ['won 5k <@U123ABC>', 'won', 'Account names can’t contain @mentions, #channels or @here'],
    ['won 5k Acme <#C123|sales>', 'won', 'Account names can’t contain @mentions, #channels or @here'],
    ['won 5k <!channel>', 'won', 'Account names can’t contain @mentions, #channels or @here'],
    ['won 5k &lt;@U123ABC&gt;', 'won', 'Account names can’t contain @mentions, #channels or @here'],
    ['won 5k Acme\u0000', 'won', 'Account names can’t contain control characters'],
    [
      `won 5k ${'a'.repeat(81)}`,
      'won',
      `Account names stop at 80 characters (this one has 81): use a shorter form of ‘${'a'.repeat(39)}…’`,
    ],
    ['opp', 'opp', 'It needs an amount, like 120k or $120,000'],
    ['opp 50k', 'opp', 'It needs an account name'],
    ['opportunity banana Globex', 'opp', '‘banana’ is not an amount'],
  ])('%j is refused with the %s form: %s', (text, name, message) => {
    expect(refused(text, name)).toBe(message);
  });

  it('accepts an account name of exactly 80 characters, counting an emoji as one', () => {
    const name = `${'a'.repeat(79)}😀`;
    expect(parsed(`won 5k ${name}`)).toEqual({ kind: 'won', amountCents: 500_000, account: name });
  });
});

describe('lost', () => {
  it.each<[text: string, account: string]>([
    ['lost Acme Corp', 'Acme Corp'],
    ['LOST   acme   corp ', 'acme corp'],
    ["lost 'Initech'", 'Initech'],
    ['lost ‘Initech’', 'Initech'],
  ])('%j marks %j lost', (text, account) => {
    expect(parsed(text)).toEqual({ kind: 'lost', account });
  });

  it.each<[text: string, message: string]>([
    ['lost', 'It needs an account name'],
    ['lost    ', 'It needs an account name'],
    ['lost <@U123ABC|ann>', 'Account names can’t contain @mentions, #channels or @here'],
  ])('%j is refused: %s', (text, message) => {
    expect(refused(text, 'lost')).toBe(message);
  });
});

describe('log', () => {
  it.each<[text: string, command: Command]>([
    ['log call', { kind: 'log', activity: 'call', count: 1, account: null }],
    ['log calls', { kind: 'log', activity: 'call', count: 1, account: null }],
    ['LOG Email 2', { kind: 'log', activity: 'email', count: 2, account: null }],
    ['log meetings 3 Acme Corp', { kind: 'log', activity: 'meeting', count: 3, account: 'Acme Corp' }],
    ['log demo Globex', { kind: 'log', activity: 'demo', count: 1, account: 'Globex' }],
    ['log proposals 1 Initech', { kind: 'log', activity: 'proposal', count: 1, account: 'Initech' }],
    ['log call 3M', { kind: 'log', activity: 'call', count: 1, account: '3M' }],
    ['log call 3 3M', { kind: 'log', activity: 'call', count: 3, account: '3M' }],
    ['log call 7-Eleven', { kind: 'log', activity: 'call', count: 1, account: '7-Eleven' }],
    ['log emails 500', { kind: 'log', activity: 'email', count: 500, account: null }],
    ['log call 007', { kind: 'log', activity: 'call', count: 7, account: null }],
  ])('%j logs the activity', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });

  it.each<[text: string, message: string]>([
    ['log', 'It needs an activity: call, email, meeting, demo or proposal'],
    ['log lunch', '‘lunch’ isn’t an activity; use call, email, meeting, demo or proposal'],
    ['log 3 calls', '‘3’ isn’t an activity; use call, email, meeting, demo or proposal'],
    ['log call 0', 'The count must be a whole number from 1 to 500, not ‘0’'],
    ['log call 501', 'The count must be a whole number from 1 to 500, not ‘501’'],
    [
      'log call 99999999999999999999999',
      'The count must be a whole number from 1 to 500, not ‘99999999999999999999999’',
    ],
    ['log call 2 <@U123ABC>', 'Account names can’t contain @mentions, #channels or @here'],
  ])('%j is refused: %s', (text, message) => {
    expect(refused(text, 'log')).toBe(message);
  });
});

describe('target', () => {
  it.each<[text: string, command: Command]>([
    ['target meeting 8/week', { kind: 'target', activity: 'meeting', count: 8, per: 'week' }],
    ['target meetings 8 / week', { kind: 'target', activity: 'meeting', count: 8, per: 'week' }],
    ['target call 40 per week', { kind: 'target', activity: 'call', count: 40, per: 'week' }],
    ['target calls 40/wk', { kind: 'target', activity: 'call', count: 40, per: 'week' }],
    ['target demo 2/d', { kind: 'target', activity: 'demo', count: 2, per: 'day' }],
    ['TARGET Demo 2/Day', { kind: 'target', activity: 'demo', count: 2, per: 'day' }],
    ['target email 10 per day', { kind: 'target', activity: 'email', count: 10, per: 'day' }],
    ['target proposal 0/week', { kind: 'target', activity: 'proposal', count: 0, per: 'week' }],
    ['target call 1000/week', { kind: 'target', activity: 'call', count: 1000, per: 'week' }],
  ])('%j sets the target', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });

  it.each<[text: string, message: string]>([
    ['target lunch 1/day', '‘lunch’ isn’t an activity; use call, email, meeting, demo or proposal'],
    ['target meeting', 'It needs a count per day or week, like 8/week'],
    ['target meeting 8', '‘8’ isn’t a count per day or week, like 8/week or 2/day'],
    ['target meeting 8/month', '‘8/month’ isn’t a count per day or week, like 8/week or 2/day'],
    ['target meeting -1/week', '‘-1/week’ isn’t a count per day or week, like 8/week or 2/day'],
    ['target meeting 1.5/day', '‘1.5/day’ isn’t a count per day or week, like 8/week or 2/day'],
    ['target meeting 1001/week', 'Targets go from 0 (no target) to 1000, not ‘1001’'],
  ])('%j is refused: %s', (text, message) => {
    expect(refused(text, 'target')).toBe(message);
  });
});

describe('icp', () => {
  it.each<[text: string, command: Command]>([
    ['icp Acme Corp yes', { kind: 'icp', account: 'Acme Corp', fit: 'yes' }],
    ['icp Acme Corp no', { kind: 'icp', account: 'Acme Corp', fit: 'no' }],
    ['ICP globex Y', { kind: 'icp', account: 'globex', fit: 'yes' }],
    ['icp "No Name Ltd" n', { kind: 'icp', account: 'No Name Ltd', fit: 'no' }],
    ['icp Yes Inc YES  ', { kind: 'icp', account: 'Yes Inc', fit: 'yes' }],
  ])('%j sets the fit', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });

  it.each<[text: string, message: string]>([
    ['icp yes', 'It needs an account name'],
    ['icp Acme', 'End with yes or no (is the account a fit?), not ‘Acme’'],
    ['icp Acme maybe', 'End with yes or no (is the account a fit?), not ‘maybe’'],
    ['icp Acme true', 'End with yes or no (is the account a fit?), not ‘true’'],
    ['icp <@U123ABC> yes', 'Account names can’t contain @mentions, #channels or @here'],
  ])('%j is refused: %s', (text, message) => {
    expect(refused(text, 'icp')).toBe(message);
  });
});

describe('plan', () => {
  it.each<[text: string, items: string[]]>([
    ['plan Call Acme', ['Call Acme']],
    ['plan Call Acme; Demo Globex; Send Initech proposal', ['Call Acme', 'Demo Globex', 'Send Initech proposal']],
    ['plan Call Acme\nDemo Globex\r\nSend proposal', ['Call Acme', 'Demo Globex', 'Send proposal']],
    [
      'plan\n1. Call Acme\n2) Demo Globex\n- Send proposal\n* Follow up\n• Prep QBR',
      ['Call Acme', 'Demo Globex', 'Send proposal', 'Follow up', 'Prep QBR'],
    ],
    ['plan ;; Call Acme ;  ; ', ['Call Acme']],
    ['plan 1.5x pipeline review; 3M renewal', ['1.5x pipeline review', '3M renewal']],
    ['plan Call   Acme   about  renewal', ['Call Acme about renewal']],
    ['plan Sync with <@U123ABC|ann> on AT&amp;T', ['Sync with <@U123ABC|ann> on AT&amp;T']],
    ['plan Fix a &lt; b; R&amp;D review', ['Fix a &lt; b', 'R&amp;D review']],
    ['plan a;b;c;d;e;f;g;h;i;j', ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j']],
    [`plan ${'x'.repeat(200)}`, ['x'.repeat(200)]],
  ])('%j sets the plan', (text, items) => {
    expect(parsed(text)).toEqual({ kind: 'plan', items });
  });

  it.each<[text: string, message: string]>([
    ['plan ; ;\n - ', 'It needs at least one item; separate items with ;'],
    ['plan a;b;c;d;e;f;g;h;i;j;k', 'A plan has at most 10 items; that one has 11'],
    [`plan ok; ${'x'.repeat(201)}`, `Plan items are at most 200 characters; ‘${'x'.repeat(39)}…’ is longer`],
    ['plan Tell <!channel> we won', 'Plan items can’t contain @here, @channel or @everyone: ‘Tell <!channel> we won’'],
  ])('%j is refused: %s', (text, message) => {
    expect(refused(text, 'plan')).toBe(message);
  });
});

describe('team, settings, resume', () => {
  it.each<[text: string, kind: 'team' | 'settings' | 'resume']>([
    ['team', 'team'],
    ['TEAM  ', 'team'],
    ['settings', 'settings'],
    ['resume', 'resume'],
  ])('%j opens %s', (text, kind) => {
    expect(parsed(text)).toEqual({ kind });
  });

  it.each<[text: string, name: 'team' | 'settings' | 'resume', message: string]>([
    ['team now', 'team', 'Team takes nothing after it, not ‘now’'],
    ['settings please', 'settings', 'Settings takes nothing after it, not ‘please’'],
    ['resume 2026-12-01', 'resume', 'Resume takes nothing after it, not ‘2026-12-01’'],
  ])('%j is refused with the %s form', (text, name, message) => {
    expect(refused(text, name)).toBe(message);
  });
});

describe('pause', () => {
  it.each<[text: string, until: string]>([
    ['pause 2026-12-24', '2026-12-24'],
    ['PAUSE  2028-02-29 ', '2028-02-29'],
    ['pause 2000-02-29', '2000-02-29'],
    ['pause 2026-04-30', '2026-04-30'],
    ['pause 2026-01-31', '2026-01-31'],
  ])('%j pauses until %s', (text, until) => {
    expect(parsed(text)).toEqual({ kind: 'pause', until });
  });

  it.each<[text: string, message: string]>([
    ['pause', 'It needs the date to pause until, as YYYY-MM-DD'],
    ['pause 12/24/2026', 'Write the date as YYYY-MM-DD, not ‘12/24/2026’'],
    ['pause 2026-1-5', 'Write the date as YYYY-MM-DD, not ‘2026-1-5’'],
    ['pause tomorrow', 'Write the date as YYYY-MM-DD, not ‘tomorrow’'],
    ['pause 2026-12-24 2026-12-25', 'Write the date as YYYY-MM-DD, not ‘2026-12-24 2026-12-25’'],
    ['pause 2027-02-29', '‘2027-02-29’ isn’t a real date'],
    ['pause 2100-02-29', '‘2100-02-29’ isn’t a real date'],
    ['pause 2026-04-31', '‘2026-04-31’ isn’t a real date'],
    ['pause 2026-13-01', '‘2026-13-01’ isn’t a real date'],
    ['pause 2026-00-10', '‘2026-00-10’ isn’t a real date'],
    ['pause 2026-12-00', '‘2026-12-00’ isn’t a real date'],
  ])('%j is refused: %s', (text, message) => {
    expect(refused(text, 'pause')).toBe(message);
  });
});

describe('channel', () => {
  it.each<[text: string, channelId: string]>([
    ['channel <#C123ABC|sales>', 'C123ABC'],
    ['channel <#C123ABC>', 'C123ABC'],
    ['CHANNEL  <#G0PRIV8|deal-desk> ', 'G0PRIV8'],
    ['channel <#C123ABC|sales team>', 'C123ABC'],
  ])('%j picks %s', (text, channelId) => {
    expect(parsed(text)).toEqual({ kind: 'channel', channelId });
  });

  it.each<[text: string, message: string]>([
    ['channel', 'It needs a channel: pick one from Slack’s # menu'],
    ['channel #sales', '‘#sales’ isn’t a channel link: pick the channel from Slack’s # menu so it arrives as one'],
    ['channel sales', '‘sales’ isn’t a channel'],
    ['channel <@U123ABC>', '‘<@U123ABC>’ isn’t a channel'],
    ['channel <#D123ABC>', '‘<#D123ABC>’ isn’t a channel'],
    ['channel <#C123|sales> <#C456|ops>', 'Give one channel, then nothing else: ‘<#C123|sales> <#C456|ops>’'],
  ])('%j is refused: %s', (text, message) => {
    expect(refused(text, 'channel')).toBe(message);
  });
});

describe('unknown keywords and length', () => {
  const LIST = 'Try `/focus help` for the list.';
  it.each<[text: string, name: CommandName, message: string]>([
    // A slip of the keyboard or a longer form: the nearest command, with its own right form.
    ['quotas 120k', 'quota', 'There’s no /focus command ‘quotas’. Did you mean `/focus quota`?'],
    ['status', 'status', 'There’s no /focus command ‘status’. Did you mean `/focus`?'],
    // Far from every command: the way to the list.
    ['/focus won 5k Acme', 'help', `There’s no /focus command ‘/focus’. ${LIST}`],
    ['constructor', 'help', `There’s no /focus command ‘constructor’. ${LIST}`],
    ['__proto__', 'help', `There’s no /focus command ‘__proto__’. ${LIST}`],
    ['toString', 'help', `There’s no /focus command ‘toString’. ${LIST}`],
    [
      'supercalifragilisticexpialidocious-and-then-some',
      'help',
      `There’s no /focus command ‘supercalifragilisticexpialidocious-and-…’. ${LIST}`,
    ],
  ])('%j is refused with the %s form', (text, name, message) => {
    expect(refused(text, name)).toBe(message);
  });

  it('names the field at fault over 2,000 characters: a 3,000-character account name is refused for its own limit', () => {
    const message = refused(`won 5k ${'a'.repeat(3000)}`, 'won');
    expect(message).toBe(
      `Account names stop at 80 characters (this one has 3,000): use a shorter form of ‘${'a'.repeat(39)}…’`,
    );
  });

  it('refuses text over 2,000 characters that no field explains, showing the form of its keyword', () => {
    // Every part is within its limit; only the padding makes it long.
    const message = refused(`won 5k Acme${' '.repeat(1990)}`, 'won');
    expect(message).toBe('That’s too long: 2001 characters, and commands stop at 2000');
  });

  it('refuses text over 20,000 characters unread, showing the form of the keyword it starts with', () => {
    expect(refused(`won 5k ${'a'.repeat(20_000)}`, 'won')).toBe(
      'That’s too long: 20007 characters, and commands stop at 2000',
    );
  });

  it('refuses 5,000 characters of anything as too long, with the help form', () => {
    expect(refused('x'.repeat(5000), 'help')).toBe('That’s too long: 5000 characters, and commands stop at 2000');
  });

  it('parses text of exactly 2,000 characters', () => {
    const items = Array.from({ length: 10 }, () => 'x'.repeat(190));
    const text = `plan ${items.join(';')}`.padEnd(2000, ' ');
    expect(text).toHaveLength(2000);
    expect(parsed(text)).toEqual({ kind: 'plan', items });
  });
});

describe('hostile input', () => {
  const hostile: string[] = [
    "won 5k '; DROP TABLE deals; --",
    "'; DROP TABLE deals; --",
    'won 5k Robert"); DROP TABLE accounts;--',
    '"""',
    "lost '",
    'won 5k "',
    '😀😀😀',
    'log 😀 😀',
    'won 5k 👩‍👩‍👧‍👦 Family Co',
    'won \uD800 Acme',
    'lost \uDC00\uD800',
    'plan \uD83D',
    '\uD83D',
    'won 999999999999999999999 Acme',
    'quota -999999999999999999999',
    'quota 1e308',
    'quota Infinity',
    'quota NaN',
    'won 0x1F Acme',
    'log call 1e3',
    'target call 1e3/week',
    'target call 99999999999999999999999999/week',
    'quota 120k <@U123',
    'quota 120k <@U123ABC|<@U999>>',
    'channel <#C123|<#C456>>',
    'channel <#',
    'won 5k <<<<>>>>',
    'won 5k <https://x.test|<@U1>>',
    '<@U123ABC> won 5k',
    '<!channel>',
    'help <!everyone>',
    '\u2028\u2029\u00a0\u1680\u2000\u200a\u202f\u205f\u3000\ufeff',
    'won\u00a05k\u2003Acme',
    'pause 9999-99-99',
    'pause 0000-02-29',
    'icp \n yes',
    `plan ${';'.repeat(1990)}`,
    `won 5k ${'<'.repeat(1990)}`,
    `plan ${'- '.repeat(997)}`,
    'x'.repeat(5000),
    ' '.repeat(5000),
    '\u0000\u0001\u001b[31m',
  ];

  it.each(hostile.map((text) => [text.slice(0, 40), text]))('never throws on %j', (_label, text) => {
    let result: ParseResult | undefined;
    expect(() => {
      result = parseCommand(text);
    }).not.toThrow();
    expect(result).toBeDefined();
    if (result && !result.ok) {
      expect(result.error.message.length).toBeGreaterThan(0);
      expect(result.error.message.length).toBeLessThan(200);
      expect(result.error.usage).toMatch(/^\/focus/);
    }
  });

  it.each<[text: string, command: Command]>([
    ["won 5k '; DROP TABLE deals; --", { kind: 'won', amountCents: 500_000, account: "'; DROP TABLE deals; --" }],
    ['won\u00a05k\u2003Acme', { kind: 'won', amountCents: 500_000, account: 'Acme' }],
    ['won \u00a05k Acme\u200bCorp', { kind: 'won', amountCents: 500_000, account: 'Acme Corp' }],
    ['lost Acme\uD800', { kind: 'lost', account: 'Acme\uFFFD' }],
    ['log call 1e3', { kind: 'log', activity: 'call', count: 1, account: '1e3' }],
    ['won 5k 👩‍👩‍👧‍👦 Family Co', { kind: 'won', amountCents: 500_000, account: '👩‍👩‍👧‍👦 Family Co' }],
  ])('reads hostile-looking %j sensibly', (text, command) => {
    expect(parsed(text)).toEqual(command);
  });

  it.each<[text: string, name: CommandName]>([
    ['won 999999999999999999999 Acme', 'won'],
    ['quota -999999999999999999999', 'quota'],
    ['quota 1e308', 'quota'],
    ['quota Infinity', 'quota'],
    ['won 0x1F Acme', 'won'],
    ['quota 120k <@U123', 'quota'],
    ['channel <#', 'channel'],
    ['won 5k <https://x.test|<@U1>>', 'won'],
    ['<@U123ABC> won 5k', 'help'],
    ['pause 9999-99-99', 'pause'],
  ])('refuses hostile %j with the %s form', (text, name) => {
    expect(refused(text, name).length).toBeGreaterThan(0);
  });
});

describe('USAGE', () => {
  it.each(Object.entries(USAGE))('%s has a /focus usage and an example', (_name, { usage, example }) => {
    expect(usage).toMatch(/^\/focus/);
    expect(example).toMatch(/^\/focus/);
  });

  it('every example parses as its own subcommand', () => {
    for (const [name, { example }] of Object.entries(USAGE)) {
      const text = example.replace(/^\/focus ?/, '').replace('#sales-team', '<#C0SALES1|sales-team>');
      expect(parsed(text).kind).toBe(name);
    }
  });
});

describe('normaliseAccountName and accountKey', () => {
  it.each<[raw: string, name: string]>([
    ['Acme', 'Acme'],
    ['  Acme   Corp  ', 'Acme Corp'],
    ['Acme\tCorp\u00a0Ltd', 'Acme Corp Ltd'],
    ['"Acme Corp"', 'Acme Corp'],
    ["'Acme Corp'", 'Acme Corp'],
    ['“Acme Corp”', 'Acme Corp'],
    ['‘Acme Corp’', 'Acme Corp'],
    ['" Acme  Corp "', 'Acme Corp'],
    // every surrounding pair, so normalising twice changes nothing
    ['""Acme""', 'Acme'],
    ['“"Acme"”', 'Acme'],
    ['"Acme', '"Acme'],
    ["O'Reilly", "O'Reilly"],
    ['"Acme\'', '"Acme\''],
    ['"', '"'],
    ['""', ''],
    ['', ''],
  ])('normalises %j to %j', (raw, name) => {
    expect(normaliseAccountName(raw)).toBe(name);
  });

  it.each<[a: string, b: string]>([
    ['Acme', 'ACME '],
    ['acme corp', '  ACME   Corp'],
    ['"Acme"', 'acme'],
    ['Café', 'Cafe\u0301'],
    ['ＡＣＭＥ', 'acme'],
  ])('%j and %j are one account', (a, b) => {
    expect(accountKey(a)).toBe(accountKey(b));
  });

  it.each<[a: string, b: string]>([
    ['Acme', 'Acme Corp'],
    ['Acme', 'Acne'],
  ])('%j and %j are different accounts', (a, b) => {
    expect(accountKey(a)).not.toBe(accountKey(b));
  });

  it('lower-cases the normalised name', () => {
    expect(accountKey('  “ACME   Corp” ')).toBe('acme corp');
  });
});
