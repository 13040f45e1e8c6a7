import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addCompanyDay, setRepHolidayCountry, setTeamHolidayCountry } from '../../src/db/holidays.js';
import { setQuota } from '../../src/db/quotas.js';
import { saveRepProfile } from '../../src/db/reps.js';
import { periodContaining } from '../../src/domain/period.js';
import type { SendOutcome } from '../../src/scheduler/pass.js';
import { tempStorage } from '../support/db.js';
import { passAgainst } from '../support/pass.js';
import { SlackStub } from '../support/slack-stub.js';

/** 09:00 in New York (EST, UTC−5) on a date of December 2026: inside the 08:30 check-in's window. */
const nineAm = (date: string) => Date.parse(`${date}T14:00:00Z`);
/** 18:00 in New York: inside the 17:30 reflection's window. */
const sixPm = (date: string) => Date.parse(`${date}T23:00:00Z`);

describe('the scheduler pass on holidays', () => {
  let store: ReturnType<typeof tempStorage>;
  let stub: SlackStub;
  let pass: (now: number) => Promise<SendOutcome[]>;

  beforeEach(async () => {
    store = tempStorage();
    stub = await new SlackStub().start();
    pass = passAgainst(stub, store.store);
    saveRepProfile(store.db, 'T1', 'UREP1', { slackTimezone: 'America/New_York', isSlackAdmin: false, fetchedAt: 0 });
    setQuota(store.db, {
      teamId: 'T1',
      userId: 'UREP1',
      period: periodContaining('quarter', '2026-12-01', 1),
      amountCents: 12_000_000,
      setBy: 'UREP1',
      now: 0,
    });
  });
  afterEach(async () => {
    await stub.stop();
    store.remove();
  });

  const kinds = (outcomes: SendOutcome[]) => outcomes.map((o) => `${o.kind} ${o.period} ${o.status}`);

  it('sends no check-in and no reflection on Christmas Day (Fri 2026-12-25) to a rep of a US team', async () => {
    setTeamHolidayCountry(store.db, 'T1', 'US', null);
    expect(await pass(nineAm('2026-12-25'))).toEqual([]);
    expect(await pass(sixPm('2026-12-25'))).toEqual([]);
    expect(stub.callsTo('chat.postMessage')).toHaveLength(0);
    // The working days either side are as usual.
    expect(kinds(await pass(nineAm('2026-12-24')))).toEqual(['checkin 2026-12-24 sent']);
    expect(kinds(await pass(nineAm('2026-12-28')))).toEqual(['checkin 2026-12-28 sent']);
  });

  it('without a calendar the 25th is a working day like any Friday', async () => {
    expect(kinds(await pass(nineAm('2026-12-25')))).toEqual(['checkin 2026-12-25 sent']);
  });

  it('a company day off is quiet too, and a rep on another country’s calendar follows theirs', async () => {
    addCompanyDay(store.db, 'T1', { date: '2026-12-24', name: 'Christmas Eve' });
    expect(await pass(nineAm('2026-12-24'))).toEqual([]);
    // Germany keeps Good Friday (2027-03-26); the US does not.
    setTeamHolidayCountry(store.db, 'T1', 'US', null);
    setRepHolidayCountry(store.db, 'T1', 'UREP1', 'DE', null);
    expect(await pass(nineAm('2026-12-25'))).toEqual([]);
    // 09:00 EDT (UTC−4 from March 14, 2027).
    const goodFriday = Date.parse('2027-03-26T13:00:00Z');
    expect(await pass(goodFriday)).toEqual([]);
    setRepHolidayCountry(store.db, 'T1', 'UREP1', null, null);
    expect(kinds(await pass(goodFriday))).toEqual(['checkin 2027-03-26 sent']);
  });
});
