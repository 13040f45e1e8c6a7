import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Playground, startPlayground } from '../../src/playground/server.js';

/** Debian's Chromium (.ci/run installs it when missing); npm's browser downloads cannot reach the internet here. */
const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The one browser call the style check needs (the tests compile without the DOM's types). */
interface StyleWindow {
  getComputedStyle(element: unknown): { backgroundColor: string };
}

/**
 * SCREENSHOTS=1 saves the docs' pictures: the page made tall enough for the whole element first, as an element
 * taller than the scrolling pane comes out cut.
 */
async function screenshot(element: Locator, path: string): Promise<void> {
  if (!process.env.SCREENSHOTS) return;
  const page = element.page();
  const before = page.viewportSize();
  await page.setViewportSize({ width: 1000, height: 3000 });
  await element.screenshot({ path });
  if (before) await page.setViewportSize(before);
}

describe.skipIf(!existsSync(CHROMIUM))('the playground in a browser', () => {
  let dir: string;
  let playground: Playground;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'focus-playground-'));
    playground = await startPlayground({ port: 0, databasePath: join(dir, 'playground.db'), log: false });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
    page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${playground.url}?user=UDEMO0001`);
    expect(errors).toEqual([]);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await playground?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /focus with the gap card', async () => {
    await page.fill('#message', '/focus');
    await page.press('#message', 'Enter');
    await page.locator('#pane-dm', { hasText: 'working days left' }).waitFor();
    const card = await page.locator('#pane-dm').textContent();
    expect(card).toContain('to go');
    expect(card).toContain('Only visible to you');
  });

  it('answers the ICP question with its button, redrawing that reply without the buttons', async () => {
    await page.fill('#message', '/focus log call 2 Quasar Analytics');
    await page.press('#message', 'Enter');
    const reply = page.locator('#pane-dm .msg', { hasText: 'Logged 2 calls with Quasar Analytics' });
    await reply.waitFor();
    await reply.locator('[data-action-id="icp_fits"]').click();
    await page.locator('#pane-dm .msg', { hasText: 'Quasar Analytics fits your ICP' }).waitFor();
    expect(
      await page.locator('#pane-dm .msg', { hasText: 'Logged 2 calls with Quasar Analytics' }).textContent(),
    ).not.toContain('Outside our ICP');
  });

  it('logs a call on a new account from the Home tab through its modal, and the Home tab changes', async () => {
    await page.click('#tab-home');
    await page.locator('#pane-home [data-action-id="home_open_log"]').waitFor();
    expect(await page.locator('#pane-home').textContent()).not.toContain('Zenith Robotics');
    await page.click('#pane-home [data-action-id="home_open_log"]');
    await page.locator('#modal .sheet h2', { hasText: 'Log activity' }).waitFor();
    await page.fill('#modal [name="in_count::in_count"]', '3');
    await page.fill('#modal .bk-external-query', 'Zenith Robotics');
    await page.click('#modal .bk-suggestion:has-text("Add “Zenith Robotics”")');
    await page.check('#modal input[name="in_account_fit::in_account_fit"][value="yes"]');
    await page.click('#modal button[type="submit"]');
    await page.locator('#modal').waitFor({ state: 'hidden' });
    await page.locator('#pane-home', { hasText: '3 calls · Zenith Robotics' }).waitFor();
  });

  it('shows the rep’s charts on Home, served by the app at its signed addresses', async () => {
    const burnUp = page.locator('#pane-home img[alt^="Burn-up"]').first();
    await burnUp.waitFor();
    expect(await burnUp.getAttribute('alt')).toMatch(/Won \$[\d,]+ of \$[\d,]+ \(\d+%\)/);
    // Loaded, not a broken image: the app drew the PNG (1600 × 800).
    await expect
      .poll(() => burnUp.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBe(1600);
  });

  it('shows a form’s problem inside the modal, on its field', async () => {
    await page.click('#pane-home [data-action-id="home_open_win"]');
    await page.locator('#modal .sheet h2', { hasText: 'Record a win' }).waitFor();
    await page.fill('#modal [name="in_amount::in_amount"]', 'banana');
    await page.fill('#modal .bk-external-query', 'Zenith');
    await page.click('#modal .bk-suggestion:has-text("Zenith Robotics")');
    await page.click('#modal button[type="submit"]');
    await page.locator('#modal .bk-error', { hasText: 'banana' }).waitFor();
    await page.click('#modal [data-close]');
    await page.locator('#modal').waitFor({ state: 'hidden' });
  });

  it('shows Slack’s inline error on an empty required field, without asking the app, under a green primary submit', async () => {
    await page.click('#pane-home [data-action-id="home_open_win"]');
    await page.locator('#modal .sheet h2', { hasText: 'Record a win' }).waitFor();
    const submit = page.locator('#modal button[type="submit"]');
    // Slack's primary green, #007a5a.
    expect(
      await submit.evaluate((b) => (globalThis as unknown as StyleWindow).getComputedStyle(b).backgroundColor),
    ).toBe('rgb(0, 122, 90)');
    expect(await page.locator('#modal [required]').count()).toBe(0);
    await submit.click();
    const amount = page.locator('#modal .bk-input[data-block-id="in_amount"]');
    await amount.locator('.bk-error', { hasText: 'Please complete this required field.' }).waitFor();
    // The account picker was left empty too; the modal is still the same one, nothing was submitted.
    expect(await page.locator('#modal .bk-error').count()).toBeGreaterThanOrEqual(2);
    await page.click('#modal [data-close]');
    await page.locator('#modal').waitFor({ state: 'hidden' });
  });

  it('offers people after @ and channels after #, inserting what Slack’s composer sends', async () => {
    await page.click('#tab-dm');
    await page.fill('#message', '');
    await page.type('#message', 'Ask @pr');
    await page.locator('#mention-picker button', { hasText: '@Priya' }).waitFor();
    await page.press('#message', 'Enter');
    await page.type('#message', 'in #sa');
    await page.locator('#mention-picker button', { hasText: '#sales' }).click();
    expect(await page.inputValue('#message')).toBe('Ask <@UDEMO0002> in <#C0SALES|sales> ');
    await page.locator('#mention-picker').waitFor({ state: 'hidden' });
    await page.fill('#message', '');
  });

  it('keeps the clock ticking at real speed, and serves its favicon', async () => {
    const read = () =>
      page.evaluate(async () => ((await (await fetch('/api/state?user=UDEMO0001')).json()) as { now: number }).now);
    const first = await read();
    await page.waitForFunction(
      async (before) => ((await (await fetch('/api/state?user=UDEMO0001')).json()) as { now: number }).now > before,
      first,
    );
    expect(await read()).toBeGreaterThan(first);
    expect(await page.locator('link[rel="icon"]').getAttribute('href')).toBe('favicon.svg');
    const icon = await page.request.get(`${playground.url}favicon.ico`);
    expect(icon.headers()['content-type']).toBe('image/svg+xml');
  });

  it('jumps the clock to the morning and the check-in arrives in the DM', async () => {
    await page.click('#to-checkin');
    await page.click('#tab-dm');
    // The morning check-in; it asks for priorities, or shows the plan when the demo data has one for that day.
    await page.locator('#pane-dm .msg', { hasText: 'Good morning!' }).waitFor();
    expect(await page.locator('#clock').textContent()).toMatch(/08:3\d AM/);
  });

  it('brings the 2-hour reminder on a day with no plan yet', async () => {
    // Past today's local date, where the demo data may hold a plan: the next check-in is always plan-free.
    const today = new Date().toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
    for (let i = 0; i < 3; i++) {
      const localDay = new Date(
        await page.evaluate(
          async () => ((await (await fetch('/api/state?user=UDEMO0001')).json()) as { now: number }).now,
        ),
      ).toLocaleDateString('en-CA', { timeZone: 'America/Los_Angeles' });
      if (localDay > today) break;
      await page.click('#to-checkin');
      await page.locator('#pane-dm .msg', { hasText: 'Good morning!' }).first().waitFor();
    }
    await page.click('#to-reminder');
    await page.locator('#pane-dm .msg', { hasText: 'Still time to plan today' }).waitFor();
    // Dana's check-in is at 08:30, sent at 08:35: the reminder comes two hours and a few minutes later.
    expect(await page.locator('#clock').textContent()).toMatch(/10:3\d AM/);
  });

  it('shows a manager the weekly post in #sales with each rep in its thread, and the team on Home', async () => {
    await page.selectOption('#person', 'UMGR0001');
    // The jump answers once its pass has posted (charts rendered and uploaded first).
    const jumped = page.waitForResponse((r) => r.url().endsWith('/api/clock'));
    await page.click('#to-weekly');
    await jumped;
    await page.click('#tab-channel');
    // The morning jump above may already have brought this week's post; the weekly jump brings the next one:
    // wait until the page shows as many posts as the stand-in holds.
    const posts = await page.evaluate(async () => {
      const state = (await (await fetch('/api/state?user=UMGR0001')).json()) as {
        channel: { messages: { threadTs?: string; files?: unknown[] }[] };
      };
      // The posts, not their threads nor the messages sharing the chart files.
      return state.channel.messages.filter((m) => !m.threadTs && !m.files?.length).length;
    });
    expect(posts).toBeGreaterThanOrEqual(1);
    await page
      .locator('#pane-channel .msg', { hasText: 'Team progress toward quota' })
      .nth(posts - 1)
      .waitFor();
    await page.locator('#pane-channel .thread .msg', { hasText: 'Dana' }).first().waitFor();
    await page.click('#tab-home');
    await page.locator('#pane-home', { hasText: 'Your team' }).waitFor();
    expect(await page.locator('#pane-home [data-action-id="home_open_rep_quota"]').count()).toBe(1);
    await screenshot(page.locator('#pane-home'), 'docs/manager-home.png');
    await page.click('#tab-channel');
    // The post itself (its charts are image blocks of the files uploaded to the channel just before it).
    const post = page.locator('#pane-channel .msg', { hasText: 'Team progress toward quota' }).last();
    await screenshot(post, 'docs/weekly-post.png');
  });

  it('keeps the conversation across a restart, and does not reopen a modal the restart closed', async () => {
    await page.click('#tab-home');
    await page.click('#pane-home [data-action-id="home_open_rep_quota"]');
    await page.locator('#modal .sheet').waitFor();
    // A reload while the stand-in still holds the modal open for this person shows it again, as it was.
    await page.reload();
    await page.locator('#modal .sheet').waitFor();
    await playground.stop();
    expect(readFileSync(join(dir, 'playground.db.conversation.json'), 'utf8')).toContain('Team progress toward quota');
    playground = await startPlayground({ port: 0, databasePath: join(dir, 'playground.db'), log: false });
    await page.goto(`${playground.url}?user=UMGR0001`);
    await page.click('#tab-channel');
    await page.locator('#pane-channel .msg', { hasText: 'Team progress toward quota' }).first().waitFor();
    expect(await page.locator('#modal').isHidden()).toBe(true);
  });

  it('starts the demo over with Reset, on fresh demo data', async () => {
    page.once('dialog', (dialog) => void dialog.accept());
    await page.click('#reset');
    await page.click('#tab-dm');
    await page.locator('#pane-dm .empty').waitFor();
    await page.click('#tab-channel');
    await page.locator('#pane-channel .empty').waitFor();
    await page.click('#tab-home');
    // The manager (picked in the test before) carries no quota: their Home is the team's, first and only.
    await page.locator('#pane-home [data-action-id="home_open_rep_quota"]').waitFor();
    expect(await page.locator('#pane-home').textContent()).not.toContain('Zenith Robotics');
  });
});
