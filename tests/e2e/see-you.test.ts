import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCompanyDay } from '../../src/db/holidays.js';
import { updateRepSettings } from '../../src/db/reps.js';
import type { Weekday } from '../../src/domain/calendar.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { tempStorage } from '../support/db.js';
import { startTestApp, TEAM, type TestApp } from '../support/harness.js';
import { passAgainst } from '../support/pass.js';

/** 17:45 in Los Angeles (PST, UTC−8) on each local date: the evening reflection is due. */
const evening = (date: string) => Date.parse(`${date}T17:45:00-08:00`);

/** The thanks for the evening reflection names the rep's next working day, by their own working days. */
describe('the reflection’s farewell', () => {
  let app: TestApp;
  let temp: ReturnType<typeof tempStorage>;
  let pass: (now: number) => Promise<SendOutcome[]>;

  beforeEach(async () => {
    temp = tempStorage();
    temp.close();
    app = await startTestApp({ databasePath: temp.path, now: evening('2026-12-01') });
    app.stub.users.set('UREP1', { tz: 'America/Los_Angeles' });
    pass = passAgainst(app.stub, app.store);
    await app.command('quota 120k quarter');
  });
  afterEach(async () => {
    await app.stop();
    temp.remove();
  });

  function workDays(days: Weekday[]): void {
    updateRepSettings(app.storage.db, TEAM, 'UREP1', {
      checkinMinutes: 8 * 60 + 30,
      reflectionMinutes: 17 * 60 + 30,
      workingDays: days,
      timezoneOverride: null,
      remindersEnabled: true,
    });
  }

  /** The reflection goes out at the evening of `date`; `between` runs before the rep answers; the bot's reply. */
  async function answerReflection(date: string, between: () => Promise<unknown> = async () => {}): Promise<string> {
    app.clock.now = evening(date);
    expect((await pass(app.clock.now)).map((o) => o.kind)).toEqual(['reflection']);
    await between();
    const before = app.stub.callsTo('chat.postMessage').length;
    const res = await app.event({
      type: 'message',
      channel: 'DUREP1',
      user: 'UREP1',
      text: 'Call before email',
      ts: `${Math.floor(app.clock.now / 1000)}.000100`,
      channel_type: 'im',
    });
    expect(res.status).toBe(200);
    await app.stub.waitFor((calls) => calls.filter((c) => c.method === 'chat.postMessage').length > before);
    return String(app.stub.callsTo('chat.postMessage').at(-1)?.params.text);
  }

  it('says "see you Monday" on a Friday (Monday to Friday)', async () => {
    expect(await answerReflection('2026-12-04')).toContain(
      'Saved as your reflection for Friday, Dec 4. Thanks, see you Monday.',
    );
  });

  it('says "see you tomorrow" on a Thursday (Monday to Friday)', async () => {
    expect(await answerReflection('2026-12-03')).toContain(
      'Saved as your reflection for Thursday, Dec 3. Thanks, see you tomorrow.',
    );
  });

  it('says "see you Sunday" on a Thursday to a rep working Sunday to Thursday', async () => {
    workDays([0, 1, 2, 3, 4]);
    expect(await answerReflection('2026-12-03')).toContain(
      'Saved as your reflection for Thursday, Dec 3. Thanks, see you Sunday.',
    );
  });

  it('skips the team’s days off: with Friday Dec 4 off, Thursday Dec 3 says "see you Monday"', async () => {
    addCompanyDay(app.storage.db, TEAM, { date: '2026-12-04', name: 'Company offsite' });
    expect(await answerReflection('2026-12-03')).toContain(
      'Saved as your reflection for Thursday, Dec 3. Thanks, see you Monday.',
    );
  });

  it('skips paused days: paused through Tuesday Dec 8, Friday Dec 4 says "see you Wednesday"', async () => {
    // `pause 2026-12-09`: no prompts before Wednesday Dec 9, so Monday and Tuesday are not worked.
    const reply = await answerReflection('2026-12-04', () => app.command('pause 2026-12-09'));
    expect(reply).toContain('Saved as your reflection for Friday, Dec 4. Thanks, see you Wednesday.');
  });
});
