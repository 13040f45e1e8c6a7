/**
 * The playground's stand-in behaving like Slack where it matters: a clock that ticks on after a jump
 * (one pass per minute crossed), files uploaded as filesUploadV2 does it, and a conversation that
 * survives a restart.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterAll, describe, expect, it } from 'vitest';
import { keepConversation } from '../../src/playground/saved.js';
import { PlaygroundClock } from '../../src/playground/ticker.js';
import { LocalWorkspace } from '../../src/playground/workspace.js';

const MINUTE = 60_000;

describe('the playground clock', () => {
  // Real time as the test sets it: no timers, nothing depends on how fast the machine is.
  let real = Date.UTC(2026, 11, 4, 18, 0, 30);
  const clock = new PlaygroundClock(() => real);

  it('keeps ticking at real speed after a jump', () => {
    const monday = Date.UTC(2026, 11, 7, 13, 35, 0); // Mon 7 Dec 08:35 in New York
    clock.jump(monday);
    expect(clock.now).toBe(monday);
    real += 90_000; // a minute and a half later, the playground reads 08:36:30
    expect(clock.now).toBe(monday + 90_000);
  });

  it('runs a pass for each minute crossed, once, and none for the minute jumped to', () => {
    // The jump was to 13:35:00 (its pass is the jump's); 90 s later the clock crossed 13:36 only.
    expect(clock.takeMinutes()).toEqual([Date.UTC(2026, 11, 7, 13, 36)]);
    expect(clock.takeMinutes()).toEqual([]);
    real += 2 * MINUTE + 29_000; // now 13:38:59: 13:37 and 13:38 were crossed
    expect(clock.takeMinutes()).toEqual([Date.UTC(2026, 11, 7, 13, 37), Date.UTC(2026, 11, 7, 13, 38)]);
  });

  it('catches up only the last 30 minutes after a long stall, and nothing after a jump back', () => {
    real += 3 * 60 * MINUTE; // three hours asleep: 16:38:59
    const minutes = clock.takeMinutes();
    expect(minutes).toHaveLength(30);
    expect(minutes[0]).toBe(Date.UTC(2026, 11, 7, 16, 9));
    expect(minutes.at(-1)).toBe(Date.UTC(2026, 11, 7, 16, 38));
    clock.jump(Date.UTC(2026, 11, 7, 9, 0));
    expect(clock.takeMinutes()).toEqual([]);
  });
});

describe('the workspace stand-in', () => {
  const dir = mkdtempSync(join(tmpdir(), 'focus-standin-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  // An 8-byte PNG signature and a few bytes: what matters is that the same bytes come back.
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 250]);

  it('takes a filesUploadV2 upload to a channel and shares it there as one message, the bytes served back', async () => {
    const workspace = await new LocalWorkspace().start();
    try {
      const client = new WebClient('xoxb-test', { slackApiUrl: workspace.apiUrl, retryConfig: { retries: 0 } });
      const result = await client.filesUploadV2({
        channel_id: 'C0SALES',
        file: png,
        filename: 'burnup.png',
        title: 'Team burn-up',
        alt_text: 'Won $45,000 of $120,000',
        initial_comment: 'This week’s chart',
      });
      expect(result.ok).toBe(true);
      const [posted] = workspace.conversations.get('C0SALES') ?? [];
      expect(posted?.text).toBe('This week’s chart');
      const fileId = posted?.files?.[0]?.id ?? '';
      expect(posted?.files?.[0]).toEqual({ id: fileId, title: 'Team burn-up', alt: 'Won $45,000 of $120,000' });
      const url = workspace.files.urls()[fileId] ?? '';
      const served = await fetch(url);
      expect(served.headers.get('content-type')).toBe('image/png');
      expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
      // A file never uploaded is refused, as Slack does.
      expect(
        (await fetch(`${workspace.apiUrl}files.completeUploadExternal`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ files: JSON.stringify([{ id: 'F0NOPE' }]) }).toString(),
        }).then((r) => r.json())) as unknown,
      ).toEqual({ ok: false, error: 'file_not_found' });
    } finally {
      await workspace.stop();
    }
  });

  it('keeps the DMs, channel posts, Homes and files across a restart, but no open modal', async () => {
    const path = join(dir, 'playground.db.conversation.json');
    const first = await new LocalWorkspace().start();
    const saved = keepConversation(first, path);
    first.post('DDEMO0001', { ts: '1.000001', user: 'UDEMO0001', text: 'won 12k Initech' });
    first.post('C0SALES', { ts: '1.000002', user: null, text: 'Team progress', blocks: [{ type: 'divider' }] });
    first.homes.set('UDEMO0001', { type: 'home', blocks: [] });
    first.onChange();
    first.modals.set('UDEMO0001', [{ id: 'V1', view: { type: 'modal' } }]);
    const { file_id } = first.files.reserve('chart.png', 'alt');
    first.files.receive(file_id, png);
    first.files.complete(file_id, 'Chart');
    saved.flush();
    await first.stop();

    const second = await new LocalWorkspace().start();
    keepConversation(second, path);
    expect(second.conversations.get('DDEMO0001')).toEqual([
      { ts: '1.000001', user: 'UDEMO0001', text: 'won 12k Initech' },
    ]);
    expect(second.conversations.get('C0SALES')?.[0]?.blocks).toEqual([{ type: 'divider' }]);
    expect(second.homes.get('UDEMO0001')).toEqual({ type: 'home', blocks: [] });
    expect(second.modals.size).toBe(0);
    const served = await fetch(second.files.urls()[file_id] ?? '');
    expect(Buffer.from(await served.arrayBuffer())).toEqual(png);
    // Reset demo clears the workspace: the saved conversation goes with it.
    second.clear();
    await new Promise((resolve) => setImmediate(resolve));
    expect(existsSync(path)).toBe(false);
    await second.stop();
  });

  it('starts empty from an unreadable saved file rather than not at all', async () => {
    const path = join(dir, 'torn.json');
    writeFileSync(path, '{"version":1,"conversations":[["D1",');
    const workspace = new LocalWorkspace();
    keepConversation(workspace, path);
    expect(workspace.conversations.size).toBe(0);
  });
});
