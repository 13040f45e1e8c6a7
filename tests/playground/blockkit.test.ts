/**
 * The playground's Block Kit renderer, on the app's real views: seeded through the real db functions
 * and loaders on a temp database, built by the real builders, rendered to HTML and checked as a string.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDayReview } from '../../src/coach/daily.js';
import { type HomeData, loadHome } from '../../src/coach/home.js';
import { timezoneOf } from '../../src/coach/rep-context.js';
import { loadStatus, type Status } from '../../src/coach/status.js';
import { loadTeamProgress } from '../../src/coach/team.js';
import { logActivity } from '../../src/db/activities.js';
import { setPlan, setPlanDone } from '../../src/db/checkins.js';
import { addOpportunity, openDeals, recordWin } from '../../src/db/deals.js';
import { setCompanyDays, setRepHolidayCountry, setTeamHolidayCountry } from '../../src/db/holidays.js';
import { setQuota } from '../../src/db/quotas.js';
import { ensureRep, pauseRep, saveRepProfile, updateRepSettings } from '../../src/db/reps.js';
import { seedTeam } from '../../src/db/seed.js';
import { listTargets, setTarget } from '../../src/db/targets.js';
import { ensureTeam, setTeamChannel, updateTeamSettings } from '../../src/db/teams.js';
import { USAGE } from '../../src/domain/command.js';
import { periodContaining } from '../../src/domain/period.js';
import {
  collectState,
  escapeHtml,
  pickSuggestion,
  type RenderContext,
  renderBlocks,
  renderMrkdwn,
  renderPlainText,
  renderSuggestions,
  type StateValues,
} from '../../src/playground/public/blockkit.js';
import { ACTIONS, BLOCKS, INPUTS, planDoneBlockId } from '../../src/slack/ids.js';
import { checkinMessage, reminderMessage } from '../../src/slack/views/checkin.js';
import { cardDataOf, gapCard } from '../../src/slack/views/gap-card.js';
import { helpReply } from '../../src/slack/views/help.js';
import { homeView } from '../../src/slack/views/home.js';
import {
  logModal,
  lostModal,
  opportunityModal,
  quotaModal,
  repQuotaModal,
  targetsModal,
  winModal,
} from '../../src/slack/views/modals.js';
import { staleDealQuestion } from '../../src/slack/views/questions.js';
import { reflectionMessage } from '../../src/slack/views/reflection.js';
import { confirmation, errorReply, icpQuestion } from '../../src/slack/views/replies.js';
import { settingsModal, teamSettingsModal } from '../../src/slack/views/settings-modals.js';
import { teamView, weeklyPost } from '../../src/slack/views/team.js';
import { tempStorage } from '../support/db.js';

// --- A stand-in for the few DOM calls collectState and pickSuggestion make -----------------------------

const decodeAttr = (value: string): string =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attrsOf(source: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const match of source.matchAll(/([\w:-]+)(?:="([^"]*)")?/g)) {
    attrs.set(match[1] ?? '', decodeAttr(match[2] ?? ''));
  }
  return attrs;
}

/** A form control as the browser exposes it: attributes, value, checked, and a select's options. */
class FakeControl {
  value = '';
  checked = false;
  options: FakeControl[] = [];
  selectedIndex = -1;
  constructor(
    readonly tag: string,
    readonly attrs: Map<string, string>,
    readonly textContent = '',
  ) {}
  getAttribute(name: string): string | null {
    return this.attrs.get(name) ?? null;
  }
  setAttribute(name: string, value: string): void {
    this.attrs.set(name, value);
  }
  /** A user's choice in a select, by option value. */
  choose(value: string): void {
    this.selectedIndex = this.options.findIndex((option) => option.getAttribute('value') === value);
    this.value = this.selectedIndex === -1 ? '' : value;
  }
}

/** The inputs, textareas and selects of rendered HTML, in document order, as the browser would hold them. */
function fakeForm(html: string) {
  const controls: FakeControl[] = [];
  const tags = /<input\b([^>]*)>|<textarea\b([^>]*)>([^<]*)<\/textarea>|<select\b([^>]*)>([\s\S]*?)<\/select>/g;
  for (const match of html.matchAll(tags)) {
    if (match[1] !== undefined) {
      const control = new FakeControl('input', attrsOf(match[1]));
      control.value = control.getAttribute('value') ?? '';
      control.checked = control.attrs.has('checked');
      controls.push(control);
    } else if (match[2] !== undefined) {
      const control = new FakeControl('textarea', attrsOf(match[2]));
      control.value = decodeAttr(match[3] ?? '');
      controls.push(control);
    } else {
      const control = new FakeControl('select', attrsOf(match[4] ?? ''));
      for (const option of (match[5] ?? '').matchAll(/<option\b([^>]*)>([^<]*)<\/option>/g)) {
        control.options.push(new FakeControl('option', attrsOf(option[1] ?? ''), decodeAttr(option[2] ?? '')));
      }
      const selected = control.options.findIndex((option) => option.attrs.has('selected'));
      control.selectedIndex = control.options.length === 0 ? -1 : Math.max(0, selected);
      control.value = control.options[control.selectedIndex]?.getAttribute('value') ?? '';
      controls.push(control);
    }
  }
  return {
    controls,
    querySelectorAll(selectors: string): FakeControl[] {
      expect(selectors).toBe('[name][data-element-type]');
      return controls.filter((c) => c.attrs.has('name') && c.attrs.has('data-element-type'));
    },
    named(name: string): FakeControl[] {
      return controls.filter((c) => c.getAttribute('name') === name);
    },
    one(name: string): FakeControl {
      const [control] = controls.filter((c) => c.getAttribute('name') === name);
      if (!control) throw new Error(`no control ${name}`);
      return control;
    },
  };
}

// --- Checking the markup ----------------------------------------------------------------------------

const TAGS = new Set([
  'a',
  'br',
  'button',
  'code',
  'del',
  'div',
  'em',
  'h2',
  'hr',
  'img',
  'input',
  'label',
  'li',
  'optgroup',
  'option',
  'pre',
  'select',
  'span',
  'strong',
  'textarea',
  'ul',
]);
const ATTRIBUTES =
  /^(class|type|name|value|placeholder|role|href|target|rel|checked|selected|src|alt|title|loading|step|min|max|maxlength|minlength|rows|autocomplete|label|aria-label|data-[a-z-]+)$/;

/**
 * Every tag is one of ours, with known attributes, each value double-quoted and whole: text that
 * broke out of a value or content would show up as an unknown tag or attribute, or a tag that fails to parse.
 */
function expectOnlyOurMarkup(html: string): void {
  for (const match of html.matchAll(/<[^>]*>?/g)) {
    const tag = match[0];
    const parsed = /^<\/?([a-z][a-z0-9]*)((?:\s+[a-z][a-z-]*(?:="[^"<>]*")?)*)\s*>$/.exec(tag);
    expect(parsed, tag).not.toBeNull();
    expect(TAGS.has(parsed?.[1] ?? ''), tag).toBe(true);
    for (const attribute of (parsed?.[2] ?? '').matchAll(/([a-z][a-z-]*)(?:="([^"]*)")?/g)) {
      expect(attribute[1], tag).toMatch(ATTRIBUTES);
      if (attribute[1] === 'href') expect(attribute[2], tag).toMatch(/^(https?:\/\/|mailto:)/);
    }
  }
  // Text between tags holds no raw quotes or ampersands other than entities
  const text = html.replace(/<[^>]*>/g, '');
  expect(text).not.toMatch(/["]|&(?!amp;|lt;|gt;|quot;|#39;)/);
}

/** The opening tag of the first element with this attribute and value. */
function tagWith(html: string, name: string, value: string): string {
  const tag = new RegExp(`<[a-z]+\\b[^>]*\\s${name}="${escapeRegExp(escapeHtml(value))}"[^>]*>`).exec(html)?.[0];
  if (!tag) throw new Error(`no tag with ${name}="${value}"`);
  return tag;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The text of the whole HTML, tags dropped and entities decoded. */
function textOf(html: string): string {
  return decodeAttr(html.replace(/<br>/g, '\n').replace(/<[^>]*>/g, ''));
}

function blockTypes(blocks: readonly unknown[]): string[] {
  return (blocks as { type: string }[]).map((block) => block.type);
}

// --- Seeding ----------------------------------------------------------------------------------------

const TEAM = 'T0PLAY';
const ANN = 'U0ANN';
const BOB = 'U0BOB';
const NEW_REP = 'U0NEW';
const DEFAULT_TZ = 'America/New_York';
const TODAY = '2026-11-30';
const Q4 = periodContaining('quarter', TODAY, 1);
/** Monday 2026-11-30 08:45 in Los Angeles. */
const MONDAY_0845_PACIFIC = Date.parse('2026-11-30T16:45:00Z');
const earlier = (minutes: number) => Date.parse('2026-11-30T14:00:00Z') + minutes * 60_000;

/** An account name as a rep might type it: entities, angle brackets and quotes. */
const HOSTILE_ACCOUNT = 'Initech & Sons <script>alert(1)</script> "Q4"';
/** Plan items as Slack sends typed text: &, < and > escaped. */
const PLAN = [
  'Call Initech about the renewal',
  'Prep R&amp;D demo for &lt;script&gt;alert(1)&lt;/script&gt; "now"',
  'Send <@U0BOB> the Umbrella proposal',
];

const DIRECTORY = {
  users: [
    { id: ANN, name: 'ann' },
    { id: BOB, name: 'bob' },
  ],
  channels: [
    { id: 'C0SALES', name: 'sales' },
    { id: 'C0GENERAL', name: 'general' },
  ],
};

let store: ReturnType<typeof tempStorage>;
let ann: Status;
let annHome: HomeData;
let managerHome: HomeData;
let newHome: HomeData;

function seed(): void {
  const db = store.db;
  for (const [userId, zone] of [
    [ANN, 'America/Los_Angeles'],
    [BOB, 'America/New_York'],
  ] as const) {
    saveRepProfile(db, TEAM, userId, { slackTimezone: zone, isSlackAdmin: false, fetchedAt: 0 });
    setQuota(db, { teamId: TEAM, userId, period: Q4, amountCents: 12_000_000, setBy: userId, now: 0 });
  }
  saveRepProfile(db, TEAM, NEW_REP, { slackTimezone: 'America/Chicago', isSlackAdmin: false, fetchedAt: 0 });
  setTeamChannel(db, TEAM, 'C0SALES');
  setTarget(db, { teamId: TEAM, userId: ANN, activity: 'call', per: 'day', count: 10, now: 0 });
  setPlan(db, { teamId: TEAM, userId: ANN, localDate: TODAY, items: PLAN, now: earlier(0) });
  setPlanDone(db, { teamId: TEAM, userId: ANN, localDate: TODAY, doneIndexes: [1] });
  const deal = { teamId: TEAM, userId: ANN, today: TODAY };
  addOpportunity(db, { ...deal, account: 'Globex', amountCents: 4_500_000, now: earlier(10) });
  addOpportunity(db, { ...deal, account: HOSTILE_ACCOUNT, amountCents: 2_000_000, now: earlier(20) });
  recordWin(db, { ...deal, account: 'Acme', amountCents: 3_000_000, now: earlier(30) });
  logActivity(db, { ...deal, kind: 'call', count: 3, account: HOSTILE_ACCOUNT, now: earlier(40) });
}

beforeAll(async () => {
  store = tempStorage();
  seed();
  const at = { teamId: TEAM, now: MONDAY_0845_PACIFIC, defaultTimezone: DEFAULT_TZ };
  ann = await loadStatus(store.store, { ...at, userId: ANN });
  annHome = await loadHome(store.store, { ...at, userId: ANN, isManager: false });
  managerHome = await loadHome(store.store, { ...at, userId: ANN, isManager: true });
  newHome = await loadHome(store.store, { ...at, userId: NEW_REP, isManager: false });
});
afterAll(() => {
  store.remove();
});

const message: RenderContext = { surface: 'message', directory: DIRECTORY };
const home: RenderContext = { surface: 'home', viewId: 'V0HOME', directory: DIRECTORY };
const modal: RenderContext = { surface: 'modal', viewId: 'V0MODAL', directory: DIRECTORY };

function annCard() {
  return gapCard(cardDataOf(ann));
}

// --- mrkdwn -----------------------------------------------------------------------------------------

describe('renderMrkdwn', () => {
  it.each([
    ['bold', '*$90,000 to go* of your quota', '<strong>$90,000 to go</strong> of your quota'],
    ['italic', 'an _ideal_ customer', 'an <em>ideal</em> customer'],
    ['strike', 'was ~$10k~ now', 'was <del>$10k</del> now'],
    ['nested bold and italic', '*_both_*', '<strong><em>both</em></strong>'],
    ['markers inside words stay', 'snake_case_name and 2 * 3 * 4', 'snake_case_name and 2 * 3 * 4'],
    ['inline code', 'type `/focus quota 120k`', 'type <code class="bk-code">/focus quota 120k</code>'],
    ['no formatting inside code', '`*not bold*`', '<code class="bk-code">*not bold*</code>'],
    ['code block', '```line one\n*line* <two>```', '<pre class="bk-pre">line one\n*line* &lt;two&gt;</pre>'],
    [
      'entities inside code',
      '`/focus plan &lt;item&gt;; &lt;item&gt;`',
      '<code class="bk-code">/focus plan &lt;item&gt;; &lt;item&gt;</code>',
    ],
    [
      'link with a label',
      '<https://example.com/a?b=1&amp;c=2|the docs>',
      '<a class="bk-link" href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer">the docs</a>',
    ],
    [
      'bare link',
      '<https://example.com>',
      '<a class="bk-link" href="https://example.com" target="_blank" rel="noopener noreferrer">https://example.com</a>',
    ],
    [
      'mailto link',
      '<mailto:ann@example.com>',
      '<a class="bk-link" href="mailto:ann@example.com" target="_blank" rel="noopener noreferrer">ann@example.com</a>',
    ],
    ['user mention', '<@U123>', '<span class="bk-mention bk-mention-user" data-user-id="U123">@U123</span>'],
    [
      'user mention with a name',
      '<@U123|dana>',
      '<span class="bk-mention bk-mention-user" data-user-id="U123">@dana</span>',
    ],
    [
      'channel mention',
      '<#C123|sales>',
      '<span class="bk-mention bk-mention-channel" data-channel-id="C123">#sales</span>',
    ],
    [
      'bare channel mention',
      '<#C123>',
      '<span class="bk-mention bk-mention-channel" data-channel-id="C123">#C123</span>',
    ],
    ['here', '<!here>', '<span class="bk-mention bk-mention-special">@here</span>'],
    ['user group', '<!subteam^S1|@sales-team>', '<span class="bk-mention bk-mention-special">@sales-team</span>'],
    [
      'bold mention',
      '*<@U1>*',
      '<strong><span class="bk-mention bk-mention-user" data-user-id="U1">@U1</span></strong>',
    ],
    ['line breaks', 'one\ntwo', 'one<br>two'],
    [
      'bullet lines',
      '*Recently logged*\n• 3 calls · Acme\n- won $30,000\nafter',
      '<strong>Recently logged</strong><ul class="bk-list"><li>3 calls · Acme</li><li>won $30,000</li></ul>after',
    ],
    ['Slack entities', 'R&amp;D &lt;Labs&gt;', 'R&amp;D &lt;Labs&gt;'],
    ['entities decode once', '&amp;lt;b&amp;gt;', '&amp;lt;b&amp;gt;'],
    ['a raw ampersand', 'Q&A', 'Q&amp;A'],
    ['empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(renderMrkdwn(input)).toBe(expected);
  });

  it('names mentions from the directory when the text has no name', () => {
    const html = renderMrkdwn('<@U0BOB> posts in <#C0SALES>; <@U0GONE> left', { directory: DIRECTORY });
    expect(html).toBe(
      '<span class="bk-mention bk-mention-user" data-user-id="U0BOB">@bob</span> posts in ' +
        '<span class="bk-mention bk-mention-channel" data-channel-id="C0SALES">#sales</span>; ' +
        '<span class="bk-mention bk-mention-user" data-user-id="U0GONE">@U0GONE</span> left',
    );
  });

  it.each([
    ['a script tag', '<script>alert(1)</script>', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['an escaped script tag', '&lt;script&gt;alert(1)&lt;/script&gt;', '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['quotes', `say "hi" and 'bye'`, 'say &quot;hi&quot; and &#39;bye&#39;'],
    ['an image with a handler', '<img src=x onerror=alert(1)>', '&lt;img src=x onerror=alert(1)&gt;'],
    ['a javascript: link', '<javascript:alert(1)|click me>', '&lt;javascript:alert(1)|click me&gt;'],
    ['a data: link', '<data:text/html,<b>x</b>|x>', '&lt;data:text/html,&lt;b&gt;x&lt;/b&gt;|x&gt;'],
    [
      'a link breaking out of href',
      '<https://x.test/" onclick="alert(1)|label>',
      '<a class="bk-link" href="https://x.test/&quot; onclick=&quot;alert(1)" target="_blank" rel="noopener noreferrer">label</a>',
    ],
    ['markup in a link label', '<https://x.test|<b>bold</b>>', '&lt;https://x.test|&lt;b&gt;bold&lt;/b&gt;&gt;'],
    [
      'markup in a mention name',
      '<@U1|"><script>x</script>>',
      '<span class="bk-mention bk-mention-user" data-user-id="U1">@&quot;</span>&lt;script&gt;x&lt;/script&gt;&gt;',
    ],
    ['the placeholder characters', '\uE0000\uE001 *x*', '\uFFFD0\uFFFD <strong>x</strong>'],
  ])('escapes %s', (_name, input, expected) => {
    const html = renderMrkdwn(input);
    expectOnlyOurMarkup(html);
    expect(html).not.toMatch(/<script|<img|<b>|href="(?!https?:)/);
    expect(html).toBe(expected);
  });

  it('never lets text make markup of its own (property)', () => {
    const pieces = fc.constantFrom(
      '<',
      '>',
      '&',
      '"',
      "'",
      '*',
      '_',
      '~',
      '`',
      '```',
      '|',
      '@',
      '#',
      '!',
      '\n',
      '• ',
      '- ',
      ' ',
      'a',
      'https://x.test',
      'javascript:',
      '&amp;',
      '&lt;',
      '&gt;',
      'script',
      'onerror=',
      '\uE000',
      '\uE001',
      '0',
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 40 }), (parts) => {
        expectOnlyOurMarkup(renderMrkdwn(parts.join('')));
      }),
      { numRuns: 500 },
    );
  });
});

describe('renderPlainText', () => {
  it.each([
    ['a text object', { type: 'plain_text' as const, text: 'Log activity', emoji: true }, 'Log activity'],
    [
      'markup',
      { type: 'plain_text' as const, text: '<script>alert("x")</script>' },
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;',
    ],
    ['no mrkdwn', { type: 'plain_text' as const, text: '*not bold* & _not italic_' }, '*not bold* &amp; _not italic_'],
    ['entities as typed', { type: 'plain_text' as const, text: 'R&amp;D' }, 'R&amp;amp;D'],
    ['a string', "Ann's", 'Ann&#39;s'],
    ['nothing', undefined, ''],
    ['null', null, ''],
  ])('%s', (_name, input, expected) => {
    expect(renderPlainText(input)).toBe(expected);
  });
});

// --- Blocks of the app's real messages ---------------------------------------------------------------

describe('the gap card', () => {
  it('renders the header, sections, fields, divider and context', () => {
    const card = annCard();
    expect(blockTypes(card.blocks)).toEqual([
      'header',
      'section',
      'section',
      'section',
      'section',
      'section',
      'divider',
      'section',
      'context',
    ]);
    const html = renderBlocks(card.blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toMatch(/^<div class="bk-blocks bk-surface-message" data-surface="message">/);
    expect(html).toContain(`<h2 class="bk-header-text">${escapeHtml(ann.period.label)} · `);
    expect(html).toContain('<strong>$90,000 to go</strong> of your $120,000 quota');
    expect(html).toContain('<code class="bk-code">████');
    expect(html.match(/<div class="bk-fields">/g)).toHaveLength(2);
    expect(html).toContain('<div class="bk-field"><strong>Needed per working day</strong><br>');
    // Globex $45,000 and Initech $20,000, neither classified yet, so both counted
    expect(html).toContain(
      '<div class="bk-field"><strong>Counted pipeline</strong><br>$65,000 in 2 deals closing in Q4 2026</div>',
    );
    // the nudge's line beneath the lead, the hostile account name escaped inside it
    expect(html).toContain(
      '<ul class="bk-list"><li>2 accounts not classified yet (Globex and Initech &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; &quot;Q4&quot;)',
    );
    expect(html).toContain('<hr class="bk-block bk-divider"');
    expect(html).toMatch(
      /<div class="bk-block bk-context"[^>]*><span class="bk-context-item">[^<]*times in America\/Los_Angeles/,
    );
    expect(html).not.toContain('bk-unknown');
  });

  it('shows the plan as typed: entities decoded once, markup escaped, mentions named', () => {
    const html = renderBlocks(annCard().blocks, message);
    expect(html).toContain('<strong>Today&#39;s plan</strong><br>☐ Call Initech about the renewal<br>');
    expect(html).toContain('✅ Prep R&amp;D demo for &lt;script&gt;alert(1)&lt;/script&gt; &quot;now&quot;');
    expect(html).toContain('☐ Send <span class="bk-mention bk-mention-user" data-user-id="U0BOB">@bob</span> the');
    expect(html).not.toContain('<script');
    expect(textOf(html)).toContain('Prep R&D demo for <script>alert(1)</script> "now"');
  });
});

describe('the Home tab', () => {
  it('renders the work buttons with their action, block and view IDs, the first primary', () => {
    const view = homeView(annHome);
    const html = renderBlocks(view.blocks, home);
    expectOnlyOurMarkup(html);
    expect(html).toMatch(/^<div class="bk-blocks bk-surface-home" data-surface="home" data-view-id="V0HOME">/);
    const buttons = [...html.matchAll(/<button [^>]*>[^<]*<\/button>/g)]
      .map((m) => m[0])
      .filter((button) => button.includes(`data-block-id="${BLOCKS.homeActions}"`));
    expect(buttons).toEqual([
      `<button type="button" class="bk-button bk-button-primary" data-kind="button" data-action-id="${ACTIONS.openLog}" data-block-id="${BLOCKS.homeActions}" data-view-id="V0HOME">Log activity</button>`,
      ...[
        ['Record a win', ACTIONS.openWin],
        ['Add an opportunity', ACTIONS.openOpp],
        ['Mark lost', ACTIONS.openLost],
        ['Set quota', ACTIONS.openQuota],
        ['Targets', ACTIONS.openTargets],
        ['Settings', ACTIONS.openSettings],
      ].map(
        ([text, id]) =>
          `<button type="button" class="bk-button" data-kind="button" data-action-id="${id}" data-block-id="${BLOCKS.homeActions}" data-view-id="V0HOME">${text}</button>`,
      ),
    ]);
  });

  it('renders the plan as a checkbox group, the done item checked, plain text escaped', () => {
    const html = renderBlocks(homeView(annHome).blocks, home);
    const group = tagWith(html, 'data-block-id', planDoneBlockId(TODAY));
    expect(group).toBe(`<div class="bk-block bk-actions" data-block-id="${planDoneBlockId(TODAY)}">`);
    expect(html).toContain(
      `<div class="bk-checkboxes" role="group" data-kind="checkboxes" data-action-id="${ACTIONS.planDone}" data-block-id="${planDoneBlockId(TODAY)}" data-view-id="V0HOME">`,
    );
    const boxes = [...html.matchAll(/<input type="checkbox"([^>]*)>/g)].map((m) => attrsOf(m[1] ?? ''));
    expect(boxes.map((box) => [box.get('value'), box.has('checked'), box.has('name')])).toEqual([
      ['0', false, false],
      ['1', true, false],
      ['2', false, false],
    ]);
    expect(JSON.parse(boxes[1]?.get('data-option') ?? '')).toEqual({
      text: { type: 'plain_text', text: 'Prep R&D demo for <script>alert(1)</script> "now"', emoji: true },
      value: '1',
    });
    expect(html).toContain(
      '<span class="bk-option-text">Prep R&amp;D demo for &lt;script&gt;alert(1)&lt;/script&gt; &quot;now&quot;</span>',
    );
    // plain text shows the mention as typed: only mrkdwn makes mentions
    expect(html).toContain('<span class="bk-option-text">Send &lt;@U0BOB&gt; the Umbrella proposal</span>');
  });

  it('lists recent work with hostile account names escaped', () => {
    const html = renderBlocks(homeView(annHome).blocks, home);
    expect(html).toContain(
      '<strong>Recently logged</strong><ul class="bk-list"><li>3 calls · Initech &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; &quot;Q4&quot;</li>',
    );
    expect(html).not.toContain('<script');
  });

  it('leads a manager’s Home with the team: totals, then a row per rep with its buttons, reps named', () => {
    const view = homeView(managerHome);
    const html = renderBlocks(view.blocks, home);
    expectOnlyOurMarkup(html);
    expect(html).toMatch(/^<div [^>]*><div class="bk-block bk-header"[^>]*><h2 class="bk-header-text">Your team · /);
    for (const id of [ACTIONS.openRepQuota, ACTIONS.openTeamSettings]) {
      expect(tagWith(html, 'data-action-id', id)).toContain(`data-block-id="${BLOCKS.homeManagerActions}"`);
    }
    expect(html).toContain(
      'weekly post: <span class="bk-mention bk-mention-channel" data-channel-id="C0SALES">#sales</span>, Mondays 09:00',
    );
    // Bob projects 0%, Ann more: Bob's row first, each row's buttons carrying the rep
    const bob = html.indexOf(
      '<strong><span class="bk-mention bk-mention-user" data-user-id="U0BOB">@bob</span></strong>',
    );
    const ann = html.indexOf(
      '<strong><span class="bk-mention bk-mention-user" data-user-id="U0ANN">@ann</span></strong>',
    );
    expect(bob).toBeGreaterThan(0);
    expect(ann).toBeGreaterThan(bob);
    expect(tagWith(html, 'data-block-id', 'home_rep:U0ANN')).toBe(
      '<div class="bk-block bk-actions" data-block-id="home_rep:U0ANN">',
    );
    // Ann carries a quota: her own card follows the team
    expect(html.indexOf('<h2 class="bk-header-text">Your own quota</h2>')).toBeGreaterThan(ann);
  });

  it('walks a new rep through the first steps', () => {
    expect(newHome.isNew).toBe(true);
    const html = renderBlocks(homeView(newHome).blocks, home);
    expectOnlyOurMarkup(html);
    expect(html).toContain('<strong>Welcome to Focus Coach.</strong> Busy is not the goal');
    expect(tagWith(html, 'data-action-id', ACTIONS.openQuota)).toContain('bk-button-primary');
    expect(html).toContain('Prefer typing? <code class="bk-code">/focus help</code> lists every command.');
  });
});

describe('the prompts and posts', () => {
  it('renders the morning check-in: fields, the plan, and the context hint', () => {
    const reply = checkinMessage(ann);
    const html = renderBlocks(reply.blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toContain('Good morning! Q4 2026: <strong>$90,000 to go of your $120,000 quota (25% won)</strong>.');
    expect(html).toContain('<div class="bk-field"><strong>Needed per working day</strong><br>$3,750</div>');
    expect(html).toContain('<strong>Today’s plan</strong><br>☐ Call Initech');
    expect(html).toContain('To change it, reply <code class="bk-code">plan &lt;item&gt;; &lt;item&gt;</code>.');
    // neither account with an open deal is classified yet: each is asked, its name escaped, its buttons routed
    expect(html).toContain(
      'Does <strong>Initech &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; &quot;Q4&quot;</strong> fit your ideal customer profile?',
    );
    const globex = ann.report.unclassifiedAccounts.find((account) => account.name === 'Globex')?.id;
    expect(attrsOf(tagWith(html, 'data-block-id', `classify:${globex}`)).get('class')).toBe('bk-block bk-actions');
    expect(
      [...html.matchAll(/data-action-id="(classify_[a-z]+)" data-block-id="classify:(\d+)"/g)].map((m) => m[1]),
    ).toEqual(['classify_fits', 'classify_outside', 'classify_fits', 'classify_outside']);
  });

  it('renders a stale deal’s question: a date input, still on for its date, and lost behind a confirmation', () => {
    const blocks = staleDealQuestion(
      {
        id: 9,
        accountId: 3,
        account: HOSTILE_ACCOUNT,
        icp: 'yes',
        amountCents: 2_000_000,
        closeOn: '2026-12-18',
        lastTouchedOn: '2026-10-01',
        reason: 'idle',
        // Oct 1 → Nov 30: 30 + 30 days
        idleDays: 60,
      },
      TODAY,
      'USD',
    );
    const html = renderBlocks(blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).not.toContain('bk-unknown');
    expect(html).toContain(
      '<strong>Initech &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; &quot;Q4&quot;</strong> · $20,000: no change and no activity on the account for 60 days. Still real?',
    );
    expect(tagWith(html, 'data-action-id', ACTIONS.staleNewDate)).toBe(
      '<input type="date" class="bk-date" data-kind="datepicker" data-action-id="stale_new_date" data-block-id="stale_deal:9" value="2026-12-18">',
    );
    expect(html).toContain(
      'data-action-id="stale_still_on" data-block-id="stale_deal:9" data-value="9">Still on for Dec 18</button>',
    );
    const lost = attrsOf(tagWith(html, 'data-action-id', ACTIONS.staleLost));
    expect(lost.get('class')).toBe('bk-button bk-button-danger');
    expect(JSON.parse(lost.get('data-confirm') ?? '')).toMatchObject({
      title: { text: 'Mark it lost?' },
      text: {
        type: 'mrkdwn',
        text: 'Your $20,000 opportunity with *Initech &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; "Q4"* will be marked lost.',
      },
      style: 'danger',
    });
  });

  it('renders the reminder', () => {
    const html = renderBlocks(reminderMessage().blocks, message);
    expect(html).toContain('Still time to plan today: what are your top priorities?<br>Reply here:');
  });

  it('renders the evening reflection with its dated checkbox group', async () => {
    const review = await loadDayReview(store.store, {
      teamId: TEAM,
      userId: ANN,
      date: TODAY,
      now: Date.parse('2026-12-01T01:45:00Z'),
      defaultTimezone: DEFAULT_TZ,
    });
    const html = renderBlocks(reflectionMessage(review).blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toContain('<h2 class="bk-header-text">Evening reflection · Monday, Nov 30</h2>');
    expect(html).toContain(
      `data-kind="checkboxes" data-action-id="${ACTIONS.planDone}" data-block-id="plan_done:${TODAY}"`,
    );
    expect(html.match(/<input type="checkbox"[^>]* checked>/g)).toHaveLength(1);
    expect(html).toContain('<strong>Logged today</strong><br>3 calls · won $30,000 with Acme');
    expect(html).not.toContain('data-view-id');
  });

  it('renders the weekly post, its thread and /focus team', async () => {
    const progress = await loadTeamProgress(store.store, {
      teamId: TEAM,
      now: MONDAY_0845_PACIFIC,
      defaultTimezone: DEFAULT_TZ,
    });
    const { top, thread } = weeklyPost(progress);
    const html = renderBlocks(top.blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toContain('<h2 class="bk-header-text">Team progress toward quota · Q4 2026</h2>');
    expect(html).toContain('<strong>$210,000 to go</strong> of the team’s $240,000 quota');
    expect(html).toContain('<div class="bk-field"><strong>Follow-through (last 7 days)</strong><br>');
    const threadHtml = thread.map((part) => renderBlocks(part.blocks, message)).join('');
    expect(threadHtml).toContain('<span class="bk-mention bk-mention-user" data-user-id="U0BOB">@bob</span>');
    expect(renderBlocks(teamView(progress).blocks, message)).toContain('@ann</span> · 25% of $120,000');
  });

  it('renders help with its command lists', () => {
    const html = renderBlocks(helpReply().blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toContain('<strong>Log your work</strong><br><code class="bk-code">/focus won &lt;amount&gt;');
  });

  it('renders the ICP question: buttons carry their JSON value, escaped in the attribute', () => {
    const blocks = icpQuestion({ id: 7, name: HOSTILE_ACCOUNT }, { text: 'Logged 3 calls with *Initech*' });
    const html = renderBlocks(blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toContain(
      'Does <strong>Initech &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; &quot;Q4&quot;</strong> fit your ideal customer profile?',
    );
    const fits = attrsOf(tagWith(html, 'data-action-id', ACTIONS.icpFits));
    expect(fits.get('data-kind')).toBe('button');
    expect(fits.get('data-block-id')).toBe(BLOCKS.icpQuestion);
    expect(fits.get('class')).toBe('bk-button bk-button-primary');
    expect(JSON.parse(fits.get('data-value') ?? '')).toEqual({ accountId: 7, text: 'Logged 3 calls with *Initech*' });
    expect(attrsOf(tagWith(html, 'data-action-id', ACTIONS.icpOutside)).get('class')).toBe('bk-button');
  });

  it('renders a confirmation with its position, and an error with usage placeholders', () => {
    const ok = confirmation({ text: '🎉 Won *$30,000* with Acme.', position: 'Gap now $90,000' });
    expect(renderBlocks(ok.blocks, message)).toContain('🎉 Won <strong>$30,000</strong> with Acme.');
    const error = errorReply({ message: 'I could not read “&lt;abc&gt;” as an amount.', ...USAGE.won });
    const html = renderBlocks(error.blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toContain('⚠️ I could not read “&lt;abc&gt;” as an amount.');
    expect(html).toContain('Right form: <code class="bk-code">/focus won &lt;amount&gt;');
  });

  it('renders every message the seeded demo team gets without a placeholder', async () => {
    const demo = tempStorage();
    try {
      const seeded = seedTeam(demo.sqlite, { teamId: 'T0DEMO', reps: 4, days: 20, now: MONDAY_0845_PACIFIC, seed: 7 });
      const at = { teamId: 'T0DEMO', now: MONDAY_0845_PACIFIC, defaultTimezone: DEFAULT_TZ };
      const all: unknown[] = [];
      for (const userId of seeded.userIds) {
        const data = await loadHome(demo.store, { ...at, userId, isManager: userId === seeded.userIds[0] });
        all.push(...homeView(data).blocks, ...checkinMessage(data.status).blocks);
      }
      const progress = await loadTeamProgress(demo.store, at);
      all.push(...weeklyPost(progress).top.blocks, ...teamView(progress).blocks);
      const html = renderBlocks(all, home);
      expectOnlyOurMarkup(html);
      expect(html).not.toContain('bk-unknown');
      expect(html.match(/class="bk-block /g)).toHaveLength(all.length);
    } finally {
      demo.remove();
    }
  });
});

// --- Modals -----------------------------------------------------------------------------------------

describe('the modals', () => {
  it('renders the log modal: select with its initial option, number input, account picker, radio buttons', () => {
    const html = renderBlocks(logModal().blocks, modal);
    expectOnlyOurMarkup(html);
    expect(html).toContain(
      `<div class="bk-block bk-input" data-block-id="${INPUTS.activity}"><div class="bk-label">Activity</div>`,
    );
    const activity = tagWith(html, 'name', `${INPUTS.activity}::${INPUTS.activity}`);
    expect(activity).toMatch(
      /^<select class="bk-select" name="in_activity::in_activity" data-element-type="static_select"/,
    );
    expect(html).toContain('<option value="call" data-option="');
    expect(html).toMatch(/<option value="call" [^>]* selected>Call<\/option>/);
    expect(tagWith(html, 'name', `${INPUTS.count}::${INPUTS.count}`)).toBe(
      '<input type="number" class="bk-number-input" name="in_count::in_count" data-element-type="number_input" aria-label="How many" data-required step="1" min="1" max="500" value="1">',
    );
    // the account picker: the named text box, and the suggestions container the page fills
    expect(html).toContain(
      '<div class="bk-external-select" data-action-id="in_account" data-block-id="in_account" data-min-query-length="0">',
    );
    expect(tagWith(html, 'name', `${INPUTS.account}::${INPUTS.account}`)).toBe(
      '<input type="text" class="bk-text-input bk-external-query" autocomplete="off" role="combobox" name="in_account::in_account" data-element-type="external_select" aria-label="Account" placeholder="Type to find or add an account">',
    );
    expect(html).toContain(
      '<div class="bk-suggestions" role="listbox" data-suggestions-for="in_account::in_account"></div>',
    );
    expect(html).toContain('Account <span class="bk-optional">(optional)</span>');
    expect(html).toContain('<div class="bk-hint">Pick a known account, or type a new name and choose “Add …”.</div>');
    const fit = fakeForm(html).named(`${INPUTS.accountFit}::${INPUTS.accountFit}`);
    expect(fit.map((radio) => [radio.getAttribute('type'), radio.getAttribute('value'), radio.checked])).toEqual([
      ['radio', 'yes', false],
      ['radio', 'no', false],
    ]);
  });

  it('reads the log modal back in Slack’s shapes, defaults first, then the user’s choices', () => {
    const form = fakeForm(renderBlocks(logModal().blocks, modal));
    expect(collectState(form)).toEqual({
      in_activity: {
        in_activity: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Call', emoji: true }, value: 'call' },
        },
      },
      in_count: { in_count: { type: 'number_input', value: '1' } },
      in_account: { in_account: { type: 'external_select', selected_option: null } },
      in_account_fit: { in_account_fit: { type: 'radio_buttons', selected_option: null } },
    });
    form.one('in_activity::in_activity').choose('demo');
    form.one('in_count::in_count').value = '4';
    const [, outside] = form.named('in_account_fit::in_account_fit');
    if (outside) outside.checked = true;
    const state = collectState(form);
    expect(state.in_activity?.in_activity).toEqual({
      type: 'static_select',
      selected_option: { text: { type: 'plain_text', text: 'Demo', emoji: true }, value: 'demo' },
    });
    expect(state.in_count?.in_count).toEqual({ type: 'number_input', value: '4' });
    expect(state.in_account_fit?.in_account_fit).toMatchObject({ selected_option: { value: 'no' } });
  });

  it('puts a picked suggestion into the account picker', () => {
    const suggestions = renderSuggestions([
      { text: { type: 'plain_text', text: 'Acme · ICP' }, value: 'id:1' },
      { text: { type: 'plain_text', text: `Add “${HOSTILE_ACCOUNT}”` }, value: `new:${HOSTILE_ACCOUNT}` },
    ]);
    expectOnlyOurMarkup(suggestions);
    expect(suggestions).toContain('class="bk-suggestion" role="option" data-value="id:1"');
    expect(suggestions).toContain(
      '>Add “Initech &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; &quot;Q4&quot;”</button>',
    );

    const form = fakeForm(renderBlocks(logModal().blocks, modal));
    const box = form.one('in_account::in_account');
    box.value = 'Init';
    // typed, nothing picked: no selection, as in Slack
    expect(collectState(form).in_account?.in_account).toEqual({ type: 'external_select', selected_option: null });
    const list = { innerHTML: suggestions };
    const picker = {
      querySelector: (selector: string) =>
        selector === '[data-element-type="external_select"]' ? box : selector === '.bk-suggestions' ? list : null,
    };
    const chosen = /<button [^>]*>/.exec(suggestions.split('</button>')[1] ?? '')?.[0] ?? '';
    const button = { closest: () => picker, getAttribute: (name: string) => attrsOf(chosen).get(name) ?? null };
    expect(pickSuggestion(button)).toBe(true);
    expect(box.value).toBe(`Add “${HOSTILE_ACCOUNT}”`);
    expect(box.getAttribute('data-value')).toBe(`new:${HOSTILE_ACCOUNT}`);
    expect(list.innerHTML).toBe('');
    expect(collectState(form).in_account?.in_account).toEqual({
      type: 'external_select',
      selected_option: {
        text: { type: 'plain_text', text: `Add “${HOSTILE_ACCOUNT}”` },
        value: `new:${HOSTILE_ACCOUNT}`,
      },
    });
    // editing the text after the pick drops the pick
    box.value = 'Initech';
    expect(collectState(form).in_account?.in_account).toEqual({ type: 'external_select', selected_option: null });
    expect(pickSuggestion({ closest: () => null, getAttribute: () => null })).toBe(false);
  });

  it('takes a value the page put in data-value without an option', () => {
    const form = fakeForm(renderBlocks(logModal().blocks, modal));
    const box = form.one('in_account::in_account');
    box.value = 'Acme · ICP';
    box.setAttribute('data-value', 'id:1');
    expect(collectState(form).in_account?.in_account).toEqual({
      type: 'external_select',
      selected_option: { text: { type: 'plain_text', text: 'Acme · ICP' }, value: 'id:1' },
    });
  });

  it('shows a picked account again when the page passes the view’s state', () => {
    const state: StateValues = {
      in_account: {
        in_account: {
          type: 'external_select',
          selected_option: { text: { type: 'plain_text', text: 'Acme · ICP' }, value: 'id:1' },
        },
      },
      in_amount: { in_amount: { type: 'plain_text_input', value: '30k' } },
    };
    const html = renderBlocks(winModal().blocks, { ...modal, state: { values: state } });
    expect(html).toContain(
      'aria-label="Account" placeholder="Type to find or add an account" data-required value="Acme · ICP" data-value="id:1" data-option="',
    );
    expect(collectState(fakeForm(html))).toMatchObject(state);
  });

  it.each([
    ['win', winModal('2026-12-01'), ['in_amount', 'in_account', 'in_account_fit', 'in_won_on']],
    ['opportunity', opportunityModal(Q4.end), ['in_amount', 'in_account', 'in_account_fit', 'in_close_date']],
    ['quota', quotaModal({ quotaPeriod: 'quarter' }), ['in_amount', 'in_period']],
    ['rep quota', repQuotaModal(), ['in_rep', 'in_amount', 'in_period']],
    ['targets', targetsModal([]), ['in_activity', 'in_count', 'in_per']],
  ])('renders the %s modal’s inputs as named controls', (_name, view, ids) => {
    const html = renderBlocks(view.blocks, modal);
    expectOnlyOurMarkup(html);
    expect(html).not.toContain('bk-unknown');
    expect(Object.keys(collectState(fakeForm(html)))).toEqual(ids);
  });

  it('renders the amount input with its limit, placeholder and hint', () => {
    const html = renderBlocks(winModal().blocks, modal);
    expect(tagWith(html, 'name', 'in_amount::in_amount')).toBe(
      '<input type="text" class="bk-text-input" name="in_amount::in_amount" data-element-type="plain_text_input" aria-label="Amount won" placeholder="30k" data-required maxlength="40">',
    );
    expect(html).toContain('<div class="bk-hint">Like 30k, $45,000 or 1.2m.</div>');
  });

  it('renders the quota modal’s period radio with the rep’s period chosen', () => {
    const form = fakeForm(renderBlocks(quotaModal({ quotaPeriod: 'month' }).blocks, modal));
    expect(form.named('in_period::in_period').map((r) => [r.getAttribute('value'), r.checked])).toEqual([
      ['month', true],
      ['quarter', false],
      ['year', false],
    ]);
  });

  it('renders the rep picker from the directory', () => {
    const html = renderBlocks(repQuotaModal().blocks, modal);
    expect(html).toContain(
      '<select class="bk-select" name="in_rep::in_rep" data-element-type="users_select" aria-label="Rep" placeholder="Pick a rep" data-required><option value="">Pick a rep</option><option value="U0ANN">ann</option><option value="U0BOB">bob</option></select>',
    );
    const form = fakeForm(html);
    expect(collectState(form).in_rep?.in_rep).toEqual({ type: 'users_select', selected_user: null });
    form.one('in_rep::in_rep').choose('U0BOB');
    expect(collectState(form).in_rep?.in_rep).toEqual({ type: 'users_select', selected_user: 'U0BOB' });
  });

  it('renders the lost modal’s open deals as options, escaped, and its empty state', () => {
    const deals = openDeals(store.db, TEAM, ANN);
    const html = renderBlocks(lostModal(deals, 'USD').blocks, modal);
    expectOnlyOurMarkup(html);
    expect(html).toContain(
      '>Initech &amp; Sons &lt;script&gt;alert(1)&lt;/script&gt; &quot;Q4&quot; · $20,000</option>',
    );
    expect(html).toContain('>Globex · $45,000</option>');
    const empty = renderBlocks(lostModal([], 'USD').blocks, modal);
    expect(empty).toContain('You have no open opportunities, so there is nothing to mark lost.');
    expect(empty).not.toContain('<input');
  });

  it('renders the targets modal with its current targets, initial values and hint', () => {
    setTarget(store.db, { teamId: TEAM, userId: BOB, activity: 'call', per: 'day', count: 10, now: 0 });
    setTarget(store.db, { teamId: TEAM, userId: BOB, activity: 'meeting', per: 'week', count: 1, now: 0 });
    const html = renderBlocks(targetsModal(listTargets(store.db, TEAM, BOB)).blocks, modal);
    expect(html).toContain(
      '<strong>Your targets</strong><ul class="bk-list"><li>10 calls a day</li><li>1 meeting a week</li></ul>',
    );
    expect(collectState(fakeForm(html))).toEqual({
      in_activity: {
        in_activity: {
          type: 'static_select',
          selected_option: { text: { type: 'plain_text', text: 'Meeting', emoji: true }, value: 'meeting' },
        },
      },
      in_count: { in_count: { type: 'number_input', value: '8' } },
      in_per: {
        in_per: {
          type: 'radio_buttons',
          selected_option: { text: { type: 'plain_text', text: 'Week', emoji: true }, value: 'week' },
        },
      },
    });
    expect(html).toContain('<div class="bk-hint">0 removes the target.</div>');
  });
});

describe('the settings modals', () => {
  const option = (text: string, value: string) => ({ text: { type: 'plain_text', text, emoji: true }, value });

  it('renders every input of the rep’s settings with its initial value', () => {
    const teamId = 'T0SETTINGS';
    saveRepProfile(store.db, teamId, 'U0CUSTOM', {
      slackTimezone: 'America/Los_Angeles',
      isSlackAdmin: false,
      fetchedAt: 0,
    });
    updateRepSettings(store.db, teamId, 'U0CUSTOM', {
      checkinMinutes: 7 * 60 + 45,
      reflectionMinutes: 18 * 60,
      workingDays: [1, 2, 3, 4],
      timezoneOverride: 'Europe/London',
      remindersEnabled: false,
    });
    pauseRep(store.db, { teamId, userId: 'U0CUSTOM', today: TODAY, until: '2026-12-24' });
    setRepHolidayCountry(store.db, teamId, 'U0CUSTOM', 'DE', 'BY');
    const rep = ensureRep(store.db, teamId, 'U0CUSTOM');
    const view = settingsModal(rep, timezoneOf(rep, ensureTeam(store.db, teamId), DEFAULT_TZ), TODAY);
    const html = renderBlocks(view.blocks, modal);
    expectOnlyOurMarkup(html);
    expect(html).not.toContain('bk-unknown');
    expect(tagWith(html, 'name', 'in_checkin_time::in_checkin_time')).toBe(
      '<input type="time" class="bk-time" name="in_checkin_time::in_checkin_time" data-element-type="timepicker" aria-label="Morning check-in" data-required value="07:45">',
    );
    expect(tagWith(html, 'name', 'in_paused_until::in_paused_until')).toBe(
      '<input type="date" class="bk-date" name="in_paused_until::in_paused_until" data-element-type="datepicker" aria-label="Pause prompts until" value="2026-12-24">',
    );
    expect(tagWith(html, 'name', 'in_timezone::in_timezone')).toContain(
      'placeholder="America/Los_Angeles" maxlength="64" value="Europe/London">',
    );
    expect(html).toContain(
      '<div class="bk-hint">Leave empty to follow Slack&#39;s (America/Los_Angeles). Or an IANA name such as Europe/London.</div>',
    );
    expect(collectState(fakeForm(html))).toEqual({
      in_checkin_time: { in_checkin_time: { type: 'timepicker', selected_time: '07:45' } },
      in_reflection_time: { in_reflection_time: { type: 'timepicker', selected_time: '18:00' } },
      in_working_days: {
        in_working_days: {
          type: 'checkboxes',
          selected_options: [
            option('Monday', '1'),
            option('Tuesday', '2'),
            option('Wednesday', '3'),
            option('Thursday', '4'),
          ],
        },
      },
      in_timezone: { in_timezone: { type: 'plain_text_input', value: 'Europe/London' } },
      in_reminders: { in_reminders: { type: 'radio_buttons', selected_option: option('Off', 'off') } },
      in_paused_until: { in_paused_until: { type: 'datepicker', selected_date: '2026-12-24' } },
      in_my_holiday_country: { in_my_holiday_country: { type: 'plain_text_input', value: 'DE BY' } },
    });
  });

  it('reads a new rep’s settings: defaults, an empty optional zone and no pause as null', () => {
    const rep = ensureRep(store.db, TEAM, NEW_REP);
    const html = renderBlocks(settingsModal(rep, 'America/Chicago', TODAY).blocks, modal);
    const form = fakeForm(html);
    const state = collectState(form);
    expect(state.in_timezone?.in_timezone).toEqual({ type: 'plain_text_input', value: null });
    expect(state.in_paused_until?.in_paused_until).toEqual({ type: 'datepicker', selected_date: null });
    expect(state.in_reminders?.in_reminders).toEqual({ type: 'radio_buttons', selected_option: option('On', 'on') });
    // unticking every working day gives an empty list, not a missing entry
    for (const box of form.named('in_working_days::in_working_days')) box.checked = false;
    expect(collectState(form).in_working_days?.in_working_days).toEqual({ type: 'checkboxes', selected_options: [] });
  });

  it('renders every input of the team settings with its initial value', () => {
    const teamId = 'T0TEAMSET';
    updateTeamSettings(store.db, teamId, {
      channelId: 'C0SALES',
      weeklyDay: 5,
      weeklyMinutes: 16 * 60 + 30,
      fiscalYearStartMonth: 2,
      currency: 'EUR',
      defaultWinRate: 0.3,
      timezone: 'America/Chicago',
      periodKind: 'month',
    });
    setTeamHolidayCountry(store.db, teamId, 'US', 'CA');
    setCompanyDays(store.db, teamId, [
      { date: '2026-12-31', name: 'New Year’s Eve' },
      { date: '2026-12-24', name: 'Christmas Eve' },
    ]);
    const html = renderBlocks(teamSettingsModal(ensureTeam(store.db, teamId), DEFAULT_TZ).blocks, modal);
    expectOnlyOurMarkup(html);
    expect(html).not.toContain('bk-unknown');
    expect(html).toContain(
      '<select class="bk-select" name="in_channel::in_channel" data-element-type="conversations_select" aria-label="Weekly progress post goes to"><option value="">Select a channel</option><option value="C0SALES" selected>#sales</option><option value="C0GENERAL">#general</option></select>',
    );
    expect(tagWith(html, 'name', 'in_currency::in_currency')).toBe(
      '<input type="text" class="bk-text-input" name="in_currency::in_currency" data-element-type="plain_text_input" aria-label="Currency" data-required maxlength="3" minlength="3" value="EUR">',
    );
    expect(tagWith(html, 'name', 'in_win_rate::in_win_rate')).toContain('min="1" max="100" value="30">');
    expect(collectState(fakeForm(html))).toEqual({
      in_channel: { in_channel: { type: 'conversations_select', selected_conversation: 'C0SALES' } },
      in_weekly_day: { in_weekly_day: { type: 'static_select', selected_option: option('Friday', '5') } },
      in_weekly_time: { in_weekly_time: { type: 'timepicker', selected_time: '16:30' } },
      in_team_timezone: { in_team_timezone: { type: 'plain_text_input', value: 'America/Chicago' } },
      in_team_period: { in_team_period: { type: 'radio_buttons', selected_option: option('Month', 'month') } },
      in_fiscal_start: { in_fiscal_start: { type: 'static_select', selected_option: option('February', '2') } },
      in_currency: { in_currency: { type: 'plain_text_input', value: 'EUR' } },
      in_win_rate: { in_win_rate: { type: 'number_input', value: '30' } },
      in_holiday_country: { in_holiday_country: { type: 'plain_text_input', value: 'US CA' } },
      // One a line, by date.
      in_company_days_off: {
        in_company_days_off: { type: 'plain_text_input', value: '2026-12-24 Christmas Eve\n2026-12-31 New Year’s Eve' },
      },
    });
  });

  it('keeps a channel the directory does not know, and no channel reads as null', () => {
    const teamId = 'T0UNKNOWNCHANNEL';
    setTeamChannel(store.db, teamId, 'C0ELSEWHERE');
    const html = renderBlocks(teamSettingsModal(ensureTeam(store.db, teamId), DEFAULT_TZ).blocks, modal);
    expect(html).toContain('<option value="C0ELSEWHERE" selected>#C0ELSEWHERE</option>');
    const none = renderBlocks(teamSettingsModal(ensureTeam(store.db, 'T0NOCHANNEL'), DEFAULT_TZ).blocks, {
      surface: 'modal',
    });
    expect(none).toContain('<option value="">Select a channel</option></select>');
    expect(collectState(fakeForm(none)).in_channel?.in_channel).toEqual({
      type: 'conversations_select',
      selected_conversation: null,
    });
  });

  it('shows the app’s validation errors under their inputs', () => {
    const html = renderBlocks(teamSettingsModal(ensureTeam(store.db, 'T0ERRORS'), DEFAULT_TZ).blocks, {
      ...modal,
      errors: { [INPUTS.currency]: 'Use a three-letter code like <USD> & "EUR".' },
    });
    expectOnlyOurMarkup(html);
    expect(html).toContain('<div class="bk-block bk-input bk-has-error" data-block-id="in_currency">');
    expect(html).toContain(
      '<div class="bk-error" role="alert">Use a three-letter code like &lt;USD&gt; &amp; &quot;EUR&quot;.</div>',
    );
    expect(html.match(/bk-error/g)).toHaveLength(1);
  });
});

// --- Element types the app does not emit yet, unknown types, and empty input ---------------------------------

describe('other elements and shapes', () => {
  it('renders a multiline input, option groups, accessory buttons and plain_text context', () => {
    const blocks = [
      {
        type: 'input',
        block_id: 'notes',
        label: { type: 'plain_text', text: 'Notes' },
        optional: true,
        element: {
          type: 'plain_text_input',
          action_id: 'n',
          multiline: true,
          initial_value: '</textarea><script>x</script>',
        },
      },
      {
        type: 'input',
        block_id: 'pick',
        label: { type: 'plain_text', text: 'Pick' },
        element: {
          type: 'static_select',
          action_id: 'p',
          option_groups: [
            {
              label: { type: 'plain_text', text: 'A & B' },
              options: [{ text: { type: 'plain_text', text: 'One' }, value: '1' }],
            },
          ],
          initial_option: { text: { type: 'plain_text', text: 'One' }, value: '1' },
        },
      },
      {
        type: 'section',
        text: { type: 'plain_text', text: '*plain*' },
        accessory: {
          type: 'button',
          action_id: 'more',
          text: { type: 'plain_text', text: 'More' },
          value: 'v"1',
          style: 'danger',
        },
      },
      {
        type: 'context',
        elements: [
          { type: 'plain_text', text: '<b>hi</b>' },
          { type: 'image', image_url: 'x', alt_text: 'x' },
        ],
      },
      {
        type: 'actions',
        elements: [
          {
            type: 'static_select',
            action_id: 'sort',
            options: [{ text: { type: 'plain_text', text: 'Newest' }, value: 'new' }],
          },
          { type: 'users_select', action_id: 'who', initial_user: 'U0ANN' },
          {
            type: 'radio_buttons',
            action_id: 'when',
            options: [
              { text: { type: 'mrkdwn', text: '*Today*' }, value: 'today' },
              { text: { type: 'plain_text', text: 'Tomorrow' }, value: 'tomorrow' },
            ],
            initial_option: { text: { type: 'plain_text', text: 'Tomorrow' }, value: 'tomorrow' },
          },
          { type: 'datepicker', action_id: 'day', initial_date: '2026-12-01' },
        ],
      },
    ];
    const html = renderBlocks(blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toContain(
      '<textarea class="bk-textarea" rows="4" name="notes::n" data-element-type="plain_text_input" aria-label="Notes">&lt;/textarea&gt;&lt;script&gt;x&lt;/script&gt;</textarea>',
    );
    expect(html).toContain('<optgroup label="A &amp; B"><option value="1" data-option="');
    expect(html).toContain('<div class="bk-text">*plain*</div>');
    expect(html).toContain(
      '<div class="bk-accessory"><button type="button" class="bk-button bk-button-danger" data-kind="button" data-action-id="more" data-block-id="bk-block-2" data-value="v&quot;1">More</button></div>',
    );
    expect(html).toContain(
      // An image that is not a web address shows its alt text instead.
      '<span class="bk-context-item">&lt;b&gt;hi&lt;/b&gt;</span><span class="bk-context-item">x</span>',
    );
    expect(html).toContain(
      '<select class="bk-select" data-kind="static_select" data-action-id="sort" data-block-id="bk-block-4">',
    );
    expect(html).toContain(
      'data-kind="users_select" data-action-id="who" data-block-id="bk-block-4"><option value="">Select a person</option><option value="U0ANN" selected>ann</option>',
    );
    expect(html).toContain(
      '<div class="bk-radio-buttons" role="group" data-kind="radio_buttons" data-action-id="when" data-block-id="bk-block-4">',
    );
    expect(html).toContain('name="bk-radio::bk-block-4::when" value="today"');
    expect(html).toContain('<span class="bk-option-text"><strong>Today</strong></span>');
    expect(html).toMatch(/value="tomorrow" [^>]* checked>/);
    expect(html).toContain(
      '<input type="date" class="bk-date" data-kind="datepicker" data-action-id="day" data-block-id="bk-block-4" value="2026-12-01">',
    );
    // interactive elements outside input blocks are not form state
    expect(Object.keys(collectState(fakeForm(html)))).toEqual(['notes', 'pick']);
    expect(collectState(fakeForm(html)).notes?.n).toEqual({
      type: 'plain_text_input',
      value: '</textarea><script>x</script>',
    });
  });

  it.each([
    ['an unknown block', [{ type: 'rich_text', elements: [] }], 'rich_text'],
    ['a hostile block type', [{ type: '<script>alert(1)</script>' }], '&lt;script&gt;alert(1)&lt;/script&gt;'],
    ['a block without a type', [{ text: 'x' }], 'unknown'],
    ['a null block', [null], 'unknown'],
    ['a string block', ['divider'], 'unknown'],
    [
      'an unknown actions element',
      [{ type: 'actions', elements: [{ type: 'overflow', action_id: 'o', options: [] }] }],
      'overflow',
    ],
    [
      'an unknown input element',
      [
        {
          type: 'input',
          block_id: 'b',
          label: { type: 'plain_text', text: 'L' },
          element: { type: 'rich_text_input', action_id: 'r' },
        },
      ],
      'rich_text_input',
    ],
    [
      'an input without an element',
      [{ type: 'input', block_id: 'b', label: { type: 'plain_text', text: 'L' } }],
      'unknown',
    ],
    [
      'a section accessory image',
      [{ type: 'section', text: { type: 'mrkdwn', text: 'x' }, accessory: { type: 'image' } }],
      'image',
    ],
  ])('renders %s as a visible placeholder', (_name, blocks, type) => {
    const html = renderBlocks(blocks, message);
    expectOnlyOurMarkup(html);
    expect(html).toContain(`<div class="bk-unknown">unsupported: ${type}</div>`);
  });

  it.each([
    ['no blocks', []],
    ['null', null],
    ['undefined', undefined],
  ])('renders %s as an empty wrapper', (_name, blocks) => {
    expect(renderBlocks(blocks, { surface: 'modal', viewId: 'V1' })).toBe(
      '<div class="bk-blocks bk-surface-modal" data-surface="modal" data-view-id="V1"></div>',
    );
  });

  it.each([
    ['a section without text or fields', { type: 'section' }, '<div class="bk-section-body"></div>'],
    ['a section with empty fields', { type: 'section', fields: [] }, '<div class="bk-section-body"></div>'],
    [
      'a context without elements',
      { type: 'context', elements: [] },
      '<div class="bk-block bk-context" data-block-id="bk-block-0"></div>',
    ],
    [
      'an actions block without elements',
      { type: 'actions', block_id: 'a', elements: [] },
      '<div class="bk-block bk-actions" data-block-id="a"></div>',
    ],
    ['a header without text', { type: 'header' }, '<h2 class="bk-header-text"></h2>'],
    ['an empty mrkdwn text', { type: 'section', text: { type: 'mrkdwn', text: '' } }, '<div class="bk-text"></div>'],
  ])('renders %s without throwing', (_name, block, expected) => {
    expect(renderBlocks([block], message)).toContain(expected);
  });

  it('takes a whole view or message as well as its blocks', () => {
    const view = logModal();
    expect(renderBlocks(view, modal)).toBe(renderBlocks(view.blocks, modal));
    expect(renderBlocks(helpReply(), message)).toBe(renderBlocks(helpReply().blocks, message));
  });

  it('reads nothing from a container without controls, or from no container', () => {
    expect(collectState(fakeForm(renderBlocks(annCard().blocks, message)))).toEqual({});
    expect(collectState(null)).toEqual({});
  });
});

describe('images', () => {
  it('renders an image block from image_url with its title and alt text', () => {
    const html = renderBlocks(
      [
        {
          type: 'image',
          block_id: 'burnup',
          image_url: 'https://charts.test/a.png?x=1&y=2',
          alt_text: 'Won $45,000 of $120,000 "quota"',
          title: { type: 'plain_text', text: 'Team <burn-up>' },
        },
      ],
      message,
    );
    expectOnlyOurMarkup(html);
    expect(html).toContain(
      '<div class="bk-block bk-image" data-block-id="burnup"><div class="bk-image-title">Team &lt;burn-up&gt;</div>' +
        '<img class="bk-image-img" src="https://charts.test/a.png?x=1&amp;y=2" alt="Won $45,000 of $120,000 &quot;quota&quot;" ' +
        'title="Won $45,000 of $120,000 &quot;quota&quot;" loading="lazy"></div>',
    );
  });

  it('renders a slack_file by URL, and by ID from the files the workspace holds', () => {
    const byUrl = renderBlocks(
      [{ type: 'image', slack_file: { url: 'https://files.test/F1.png' }, alt_text: 'by url' }],
      message,
    );
    expect(byUrl).toContain('src="https://files.test/F1.png" alt="by url"');
    const blocks = [{ type: 'image', slack_file: { id: 'F0CHART' }, alt_text: 'Attainment by rep' }];
    const known = renderBlocks(blocks, { ...message, files: { F0CHART: 'http://127.0.0.1:9/files/F0CHART' } });
    expect(known).toContain('src="http://127.0.0.1:9/files/F0CHART" alt="Attainment by rep"');
    // A file the workspace does not hold (yet): its alt text stands in, as when Slack cannot load it.
    expect(renderBlocks(blocks, message)).toContain('<div class="bk-image-missing">Attainment by rep</div>');
  });

  it('never puts a script address in an image', () => {
    const html = renderBlocks(
      [{ type: 'image', image_url: 'javascript:alert(1)', alt_text: '<b>a</b>' }, { type: 'image' }],
      message,
    );
    expectOnlyOurMarkup(html);
    expect(html).not.toContain('javascript');
    expect(html).toContain('<div class="bk-image-missing">&lt;b&gt;a&lt;/b&gt;</div>');
  });
});

describe('required fields', () => {
  it('marks required controls with data-required (checked by the page, no browser tooltip), optional ones not', () => {
    const html = renderBlocks(
      [
        {
          type: 'input',
          block_id: 'a',
          label: { type: 'plain_text', text: 'A' },
          element: { type: 'plain_text_input', action_id: 'a' },
        },
        {
          type: 'input',
          block_id: 'b',
          optional: true,
          label: { type: 'plain_text', text: 'B' },
          element: { type: 'plain_text_input', action_id: 'b' },
        },
      ],
      modal,
    );
    expect(html).not.toMatch(/\srequired[\s>]/);
    expect(tagWith(html, 'name', 'a::a')).toContain(' data-required');
    expect(tagWith(html, 'name', 'b::b')).not.toContain('data-required');
  });
});
