import { expect, it } from 'vitest';
import { describeBackends } from './backends.js';

const T1 = 'T0001';
const ANN = 'U0ANN';
const NOW = Date.parse('2026-12-01T18:00:00Z');
const day = { teamId: T1, userId: ANN, localDate: '2026-12-01' };
const items = (...texts: string[]) => texts.map((text) => ({ text, done: false }));

describeBackends('check-ins', (use) => {
  it("replaces the day's plan, none done", async () => {
    const store = use();
    await store.checkins.setPlan({ ...day, items: ['Call Acme', 'Demo Globex'], now: NOW });
    expect(await store.checkins.setPlan({ ...day, items: ['Send proposal'], now: NOW + 1 })).toEqual(
      items('Send proposal'),
    );
    expect(await store.checkins.getCheckin(T1, ANN, day.localDate)).toEqual({
      ...day,
      planItems: items('Send proposal'),
      planSetAt: NOW + 1,
      reflection: null,
      reflectionAt: null,
    });
    expect(await store.checkins.getCheckin(T1, ANN, '2026-12-02')).toBeUndefined();
  });

  it('keeps the tick of an item typed again when the plan is re-sent with one more', async () => {
    const store = use();
    await store.checkins.setPlan({ ...day, items: ['Call Acme', 'Demo Globex'], now: NOW });
    await store.checkins.setPlanDone({ ...day, doneIndexes: [0] });
    // Case and spacing aside, "call acme" is the ticked item.
    expect(
      await store.checkins.setPlan({ ...day, items: ['call  acme', 'Demo Globex', 'Send proposal'], now: NOW + 1 }),
    ).toEqual([
      { text: 'call  acme', done: true },
      { text: 'Demo Globex', done: false },
      { text: 'Send proposal', done: false },
    ]);
  });

  it('marks done items by index and clears the rest, leaving items past those shown alone', async () => {
    const store = use();
    await store.checkins.setPlan({
      ...day,
      items: ['Call Initech', 'Send Umbrella proposal', 'Demo Globex'],
      now: NOW,
    });
    expect(await store.checkins.setPlanDone({ ...day, doneIndexes: [0, 2] })).toEqual([
      { text: 'Call Initech', done: true },
      { text: 'Send Umbrella proposal', done: false },
      { text: 'Demo Globex', done: true },
    ]);
    // unticking: a later call with fewer indexes; an index past the end is ignored
    expect(await store.checkins.setPlanDone({ ...day, doneIndexes: [1, 7] })).toEqual([
      { text: 'Call Initech', done: false },
      { text: 'Send Umbrella proposal', done: true },
      { text: 'Demo Globex', done: false },
    ]);
    // the group showed two items: the third keeps its state
    await store.checkins.setPlanDone({ ...day, doneIndexes: [2] });
    expect(await store.checkins.setPlanDone({ ...day, doneIndexes: [0], shown: 2 })).toEqual([
      { text: 'Call Initech', done: true },
      { text: 'Send Umbrella proposal', done: false },
      { text: 'Demo Globex', done: true },
    ]);
    expect((await store.checkins.getCheckin(T1, ANN, day.localDate))?.planItems.map((item) => item.done)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it('ignores ticks for a day without a plan, or another day, writing nothing', async () => {
    const store = use();
    expect(await store.checkins.setPlanDone({ ...day, doneIndexes: [0] })).toBeNull();
    expect(await store.checkins.getCheckin(T1, ANN, day.localDate)).toBeUndefined();
    await store.checkins.setPlan({ ...day, items: ['Call Initech'], now: NOW });
    expect(await store.checkins.setPlanDone({ ...day, localDate: '2026-11-30', doneIndexes: [0] })).toBeNull();
    expect((await store.checkins.getCheckin(T1, ANN, day.localDate))?.planItems).toEqual(items('Call Initech'));
  });

  it('stores a reflection on a day without a plan, and keeps plan and reflection apart', async () => {
    const store = use();
    await store.checkins.setReflection({ ...day, text: 'First thoughts', now: NOW });
    expect(await store.checkins.getCheckin(T1, ANN, day.localDate)).toEqual({
      ...day,
      planItems: [],
      planSetAt: null,
      reflection: 'First thoughts',
      reflectionAt: NOW,
    });
    expect(await store.checkins.setPlanDone({ ...day, doneIndexes: [0] })).toBeNull();
    await store.checkins.setPlan({ ...day, items: ['Call Initech'], now: NOW + 1 });
    await store.checkins.setReflection({ ...day, text: 'Second thoughts', now: NOW + 2 });
    expect(await store.checkins.getCheckin(T1, ANN, day.localDate)).toMatchObject({
      planItems: items('Call Initech'),
      planSetAt: NOW + 1,
      reflection: 'Second thoughts',
      reflectionAt: NOW + 2,
    });
  });

  it('appends carried items once, up to ten, leaving the plan unset until the rep answers', async () => {
    const store = use();
    const first = await store.checkins.appendToPlan({ ...day, items: ['Call Acme', 'Demo Globex'] });
    expect(first).toEqual({
      added: ['Call Acme', 'Demo Globex'],
      alreadyIn: [],
      noRoom: [],
      plan: items('Call Acme', 'Demo Globex'),
    });
    expect(await store.checkins.getCheckin(T1, ANN, day.localDate)).toMatchObject({ planSetAt: null });
    const eight = Array.from({ length: 8 }, (_, i) => `Item ${i + 1}`);
    const second = await store.checkins.appendToPlan({ ...day, items: ['call acme', ...eight, 'One too many'] });
    expect(second.added).toEqual(eight);
    expect(second.alreadyIn).toEqual(['call acme']);
    expect(second.noRoom).toEqual(['One too many']);
    expect(second.plan).toHaveLength(10);
    // nothing to add: nothing written
    expect(await store.checkins.appendToPlan({ ...day, items: ['Item 1'] })).toMatchObject({
      added: [],
      alreadyIn: ['Item 1'],
    });

    // The rep's answer joins the carried items (carried first), dropping a carried item they typed again, and
    // past ten items their own win.
    const answer = await store.checkins.setPlan({ ...day, items: ['Demo globex', 'New one'], now: NOW });
    expect(answer).toEqual(items('Call Acme', ...eight, 'Demo globex', 'New one').filter((_, i) => i !== 8));
    expect(answer).toHaveLength(10);
    // once set, a new answer replaces the plan outright
    expect(await store.checkins.setPlan({ ...day, items: ['Only this'], now: NOW + 1 })).toEqual(items('Only this'));
  });

  it('lists the check-ins between two dates, oldest first', async () => {
    const store = use();
    for (const localDate of ['2026-12-03', '2026-11-30', '2026-12-01', '2026-12-05']) {
      await store.checkins.setReflection({ ...day, localDate, text: localDate, now: NOW });
    }
    await store.checkins.setReflection({ ...day, userId: 'U0BOB', text: 'Bob', now: NOW });
    const between = await store.checkins.checkinsBetween(T1, ANN, '2026-12-01', '2026-12-04');
    expect(between.map((c) => c.localDate)).toEqual(['2026-12-01', '2026-12-03']);
  });

  it('keeps both of two plan edits made at once', async () => {
    const store = use();
    await store.checkins.setPlan({ ...day, items: ['Call Acme', 'Demo Globex'], now: NOW });
    // two reads at once first: a pooled back end then has two connections open, so the two edits run side by side
    await Promise.all([
      store.checkins.getCheckin(T1, ANN, day.localDate),
      store.checkins.getCheckin(T1, ANN, day.localDate),
    ]);
    await Promise.all([
      store.checkins.appendToPlan({ ...day, items: ['Send proposal'] }),
      store.checkins.setPlanDone({ ...day, doneIndexes: [1], shown: 2 }),
    ]);
    expect((await store.checkins.getCheckin(T1, ANN, day.localDate))?.planItems).toEqual([
      { text: 'Call Acme', done: false },
      { text: 'Demo Globex', done: true },
      { text: 'Send proposal', done: false },
    ]);
  });
});
