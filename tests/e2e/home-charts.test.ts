import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { CHART_URL_TTL_MS, ChartUrls } from '../../src/slack/chart-urls.js';
import { tempStorage } from '../support/db.js';
import { BOT_TOKEN, SIGNING_SECRET, startTestApp, TEAM } from '../support/harness.js';

/** Tuesday 2026-12-01, 09:00 in Los Angeles: Q4 (Oct–Dec) is under way. */
const NOW = Date.parse('2026-12-01T17:00:00Z');
const PUBLIC_URL = 'https://coach.example.com';

interface Image {
  type: 'image';
  image_url: string;
  alt_text: string;
  title?: { text: string };
}

describe('signed chart URLs', () => {
  const clock = { now: NOW };
  const urls = new ChartUrls({ publicUrl: `${PUBLIC_URL}/`, secret: SIGNING_SECRET, clock: () => clock.now });
  const fileOf = (url: string) => url.split('/').at(-1) ?? '';

  it('opens for the team and user it was made for, and for nothing altered', () => {
    const url = urls.urlFor('burn-up', { teamId: 'T1', userId: 'UREP1' });
    expect(url.startsWith(`${PUBLIC_URL}/charts/burn-up/`)).toBe(true);
    expect(url.endsWith('.png')).toBe(true);
    const file = fileOf(url);
    expect(urls.verify('burn-up', file)).toEqual({ teamId: 'T1', userId: 'UREP1' });
    // Another kind, another user, another team, a later expiry, a changed MAC: all refused.
    expect(urls.verify('mix', file)).toBeNull();
    expect(urls.verify('burn-up', file.replace('UREP1', 'UREP2'))).toBeNull();
    expect(urls.verify('burn-up', file.replace('T1.', 'T2.'))).toBeNull();
    const [team, user, expires, mac] = file.slice(0, -4).split('.') as [string, string, string, string];
    expect(urls.verify('burn-up', `${team}.${user}.${Number(expires) + 3600}.${mac}.png`)).toBeNull();
    const flipped = `${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`;
    expect(urls.verify('burn-up', `${team}.${user}.${expires}.${flipped}.png`)).toBeNull();
    expect(urls.verify('burn-up', 'nonsense.png')).toBeNull();
  });

  it('is refused once expired, and not by a key made from another secret', () => {
    const file = fileOf(urls.urlFor('mix', { teamId: 'T1', userId: 'UREP1' }));
    const other = new ChartUrls({ publicUrl: PUBLIC_URL, secret: 'another-secret', clock: () => clock.now });
    expect(other.verify('mix', file)).toBeNull();
    // NOW is on the hour, so the expiry (NOW + 24 h, rounded up to the hour) is NOW + 24 h exactly:
    // open a minute before it, shut from it on.
    clock.now = NOW + CHART_URL_TTL_MS - 60 * 1000;
    expect(urls.verify('mix', file)).not.toBeNull();
    clock.now = NOW + CHART_URL_TTL_MS;
    expect(urls.verify('mix', file)).toBeNull();
    clock.now = NOW;
  });
});

/** The real app in HTTP mode with PUBLIC_URL, and the Home view it last published for a person. */
async function startChartApp(managers: string[]) {
  const temp = tempStorage();
  temp.close();
  const app = await startTestApp({
    databasePath: temp.path,
    now: NOW,
    managers,
    defaultTimezone: 'America/Los_Angeles',
    publicUrl: PUBLIC_URL,
  });
  return {
    ...app,
    command: (text: string, user: string) => app.command(text, { user }),
    async publishedHome(user: string) {
      await app.home.publish(TEAM, user);
      const calls = app.stub.callsTo('views.publish').filter((c) => c.params.user_id === user);
      return calls.at(-1)?.params.view as { blocks: { type: string; text?: { text: string } }[] };
    },
    async stop() {
      await app.home.idle();
      await app.stop();
      temp.remove();
    },
  };
}

const imagesOf = (view: { blocks: { type: string }[] }) => view.blocks.filter((b) => b.type === 'image') as Image[];

/** A chart URL as published, fetched from the test server instead of PUBLIC_URL. */
const local = (base: string, imageUrl: string) => imageUrl.replace(PUBLIC_URL, base);

describe('Home charts with PUBLIC_URL', () => {
  let app: Awaited<ReturnType<typeof startChartApp>>;

  beforeEach(async () => {
    app = await startChartApp(['UMANAGER1']);
    await app.command('quota 100k quarter', 'UREP1');
    await app.command('won 30k Initech', 'UREP1');
  });
  afterEach(() => app.stop());

  it("shows the rep's burn-up and focus mix as images, and serves the burn-up as a 1600 × 800 PNG", async () => {
    const images = imagesOf(await app.publishedHome('UREP1'));
    expect(images.map((i) => i.image_url.split('/').slice(0, 5).join('/'))).toEqual([
      `${PUBLIC_URL}/charts/burn-up`,
      `${PUBLIC_URL}/charts/mix`,
    ]);
    // Won $30,000 of the $100,000 quarter quota: 30,000 / 100,000 = 30%.
    expect(images[0]?.alt_text).toContain('Won $30,000 of $100,000 (30%)');
    const burnUp = images[0] as Image;
    const res = await fetch(local(app.url, burnUp.image_url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toContain('max-age');
    const png = Buffer.from(await res.arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    // CHART_WIDTH × CHART_HEIGHT (800 × 400) at CHART_SCALE 2: the IHDR's width and height.
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 800]);
  });

  it('answers 404 for a tampered, expired or misplaced token, and refuses a POST', async () => {
    const [burnUp] = imagesOf(await app.publishedHome('UREP1')) as [Image];
    const url = local(app.url, burnUp.image_url);
    const tampered = url.replace('UREP1', 'UREP2');
    const wrongKind = url.replace('/burn-up/', '/attainment/');
    for (const bad of [tampered, wrongKind, `${app.url}/charts/burn-up/x.png`]) {
      const res = await fetch(bad);
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('Not found');
    }
    expect((await fetch(url, { method: 'POST', body: 'x' })).status).toBe(405);
    // Unsigned, so bounded in the guard: a chart URL is never this long.
    expect((await fetch(`${app.url}/charts/burn-up/${'A'.repeat(400)}.png`)).status).toBe(414);
    // NOW is on the hour: the URL's expiry is NOW + 24 h exactly.
    app.clock.now = NOW + CHART_URL_TTL_MS;
    expect((await fetch(url)).status).toBe(404);
  });

  it("puts the team burn-up and attainment by rep above a manager's rep rows", async () => {
    const view = await app.publishedHome('UMANAGER1');
    const images = imagesOf(view);
    expect(images.map((i) => i.image_url.split('/')[4])).toEqual(['team-burn-up', 'attainment']);
    // One rep counted: $30,000 won of $100,000, 30%.
    expect(images[0]?.alt_text).toContain('Won $30,000 of $100,000 (30%)');
    const firstImage = view.blocks.findIndex((b) => b.type === 'image');
    const firstRow = view.blocks.findIndex((b) => b.text?.text.includes('<@UREP1>'));
    expect(firstImage).toBeGreaterThan(0);
    expect(firstRow).toBeGreaterThan(firstImage);
    // The rep's own charts are not shown to the manager, who carries no quota.
    expect(images.some((i) => i.image_url.includes('/charts/burn-up/'))).toBe(false);
  });
});

describe('the PUBLIC_URL setting', () => {
  const env = { SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET };

  it('is optional, and refused with the right form when it is not an address', () => {
    expect(loadConfig(env).PUBLIC_URL).toBeUndefined();
    expect(loadConfig({ ...env, PUBLIC_URL: PUBLIC_URL }).PUBLIC_URL).toBe(PUBLIC_URL);
    expect(() => loadConfig({ ...env, PUBLIC_URL: 'coach.example.com' })).toThrow(
      /PUBLIC_URL should be the address Slack reaches this app at, such as https:\/\/coach\.example\.com/,
    );
  });
});

describe('Home charts without PUBLIC_URL', () => {
  it('keeps the text bars and shows no image', async () => {
    const temp = tempStorage();
    const app = await startTestApp({ databasePath: temp.path, now: NOW, managers: ['UMANAGER1'] });
    try {
      await app.command('quota 100k quarter', { user: 'UREP1' });
      await app.command('won 30k Initech', { user: 'UREP1' });
      for (const user of ['UREP1', 'UMANAGER1']) {
        await app.home.publish(TEAM, user);
        const view = app.stub.callsTo('views.publish').at(-1)?.params.view as { blocks: { type: string }[] };
        expect(imagesOf(view)).toEqual([]);
      }
      expect((await fetch(`${app.url}/charts/burn-up/T1.UREP1.1.x.png`)).status).toBe(404);
    } finally {
      await app.stop();
      temp.remove();
    }
  });
});
