import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
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

  it('jumps the clock to the morning and the check-in arrives in the DM', async () => {
    await page.click('#to-checkin');
    await page.click('#tab-dm');
    // The morning check-in; it asks for priorities, or shows the plan when the demo data has one for that day.
    await page.locator('#pane-dm .msg', { hasText: 'Good morning!' }).waitFor();
    expect(await page.locator('#clock').textContent()).toMatch(/08:3\d AM/);
  });

  it('shows a manager the weekly post in #sales with each rep in its thread, and the team on Home', async () => {
    await page.selectOption('#person', 'UMGR0001');
    await page.click('#to-weekly');
    await page.click('#tab-channel');
    // The morning jump above may already have brought this week's post; the weekly jump brings the next one.
    await page.locator('#pane-channel .msg', { hasText: 'Team progress toward quota' }).first().waitFor();
    await page.locator('#pane-channel .thread .msg', { hasText: 'Dana' }).first().waitFor();
    await page.click('#tab-home');
    await page.locator('#pane-home', { hasText: 'Your team' }).waitFor();
    expect(await page.locator('#pane-home [data-action-id="home_open_rep_quota"]').count()).toBe(1);
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
