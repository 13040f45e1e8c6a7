import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { carryItems, loadYesterday } from '../../src/coach/yesterday.js';
import { getCheckin, setPlan, setPlanDone, setReflection } from '../../src/db/checkins.js';
import { tempStorage } from '../support/db.js';

const TEAM = 'T0001';
const ANN = 'U0ANN';
/** Tuesday; Monday is yesterday. */
const TODAY = '2026-12-01';
const MONDAY = '2026-11-30';
const MONDAY_PLAN = ['Call Initech', 'Send Umbrella proposal', 'Prep QBR'];

let store: ReturnType<typeof tempStorage>;
beforeEach(() => {
  store = tempStorage();
});
afterEach(() => {
  store.remove();
});

const plan = (localDate: string, items: readonly string[]) =>
  setPlan(store.db, { teamId: TEAM, userId: ANN, localDate, items, now: 1 });
const done = (localDate: string, doneIndexes: number[], shown?: number) =>
  setPlanDone(store.db, { teamId: TEAM, userId: ANN, localDate, doneIndexes, ...(shown ? { shown } : {}) });
const reflect = (localDate: string, text: string) =>
  setReflection(store.db, { teamId: TEAM, userId: ANN, localDate, text, now: 1 });
const todayPlan = () => getCheckin(store.db, TEAM, ANN, TODAY);
const carry = (which: 'all' | number, from = MONDAY) =>
  carryItems(store.store, { teamId: TEAM, userId: ANN, from, today: TODAY, which });

describe('yesterday, as the check-in sees it', () => {
  it('quotes yesterday’s answer and offers its unfinished items', async () => {
    plan(MONDAY, MONDAY_PLAN);
    done(MONDAY, [0]);
    reflect(MONDAY, '  Block the first hour for calls  ');
    expect(await loadYesterday(store.store, TEAM, ANN, TODAY)).toEqual({
      lesson: { date: MONDAY, text: 'Block the first hour for calls' },
      unfinished: {
        date: MONDAY,
        remaining: [
          { index: 1, text: 'Send Umbrella proposal' },
          { index: 2, text: 'Prep QBR' },
        ],
        carried: [],
        awaitingPlan: false,
      },
    });
  });

  it('looks back a week at most: the 24th is 7 days before the 1st, the 23rd is 8', async () => {
    reflect('2026-11-23', 'Too old');
    plan('2026-11-23', ['Too old']);
    expect(await loadYesterday(store.store, TEAM, ANN, TODAY)).toEqual({ lesson: null, unfinished: null });
    reflect('2026-11-24', 'A week ago');
    plan('2026-11-27', ['Friday item']);
    const found = await loadYesterday(store.store, TEAM, ANN, TODAY);
    expect(found.lesson).toEqual({ date: '2026-11-24', text: 'A week ago' });
    expect(found.unfinished?.date).toBe('2026-11-27');
    // nothing from today itself
    reflect(TODAY, 'Not yet');
    expect((await loadYesterday(store.store, TEAM, ANN, TODAY)).lesson?.date).toBe('2026-11-24');
  });

  it('offers nothing when the last planned day was all done, even if an earlier one was not', async () => {
    plan('2026-11-27', ['Left over from Friday']);
    plan(MONDAY, ['Call Initech']);
    done(MONDAY, [0]);
    expect((await loadYesterday(store.store, TEAM, ANN, TODAY)).unfinished).toBeNull();
  });

  it('counts an item already in today’s plan (any case or spacing) as carried', async () => {
    plan(MONDAY, MONDAY_PLAN);
    plan(TODAY, ['prep  qbr']);
    const { unfinished } = await loadYesterday(store.store, TEAM, ANN, TODAY);
    expect(unfinished?.remaining.map((item) => item.index)).toEqual([0, 1]);
    expect(unfinished?.carried).toEqual([{ index: 2, text: 'Prep QBR' }]);
  });
});

describe('carrying items into today', () => {
  beforeEach(() => {
    plan(MONDAY, MONDAY_PLAN);
    done(MONDAY, [0]);
  });

  it('carries all the unfinished items into an empty day, which still waits for the rep’s own plan', async () => {
    const outcome = await carry('all');
    expect(outcome).toMatchObject({
      kind: 'carried',
      appended: { added: ['Send Umbrella proposal', 'Prep QBR'], alreadyIn: [], noRoom: [] },
    });
    expect(todayPlan()?.planItems).toEqual([
      { text: 'Send Umbrella proposal', done: false },
      { text: 'Prep QBR', done: false },
    ]);
    expect(todayPlan()?.planSetAt).toBeNull();
    expect((await loadYesterday(store.store, TEAM, ANN, TODAY)).unfinished).toMatchObject({
      remaining: [],
      awaitingPlan: true,
    });
  });

  it('never adds an item twice', async () => {
    await carry(2);
    expect(await carry(2)).toMatchObject({ kind: 'carried', appended: { added: [], alreadyIn: ['Prep QBR'] } });
    expect(await carry('all')).toMatchObject({
      appended: { added: ['Send Umbrella proposal'], alreadyIn: ['Prep QBR'] },
    });
    expect(todayPlan()?.planItems.map((item) => item.text)).toEqual(['Prep QBR', 'Send Umbrella proposal']);
  });

  it('stops at ten items and says which were left out', async () => {
    plan(
      TODAY,
      Array.from({ length: 9 }, (_, i) => `Item ${i + 1}`),
    );
    expect(await carry('all')).toMatchObject({
      appended: { added: ['Send Umbrella proposal'], noRoom: ['Prep QBR'] },
    });
    expect(todayPlan()?.planItems).toHaveLength(10);
  });

  it('carries nothing for an item ticked done since, or one that is gone', async () => {
    expect(await carry(0)).toEqual({ kind: 'done', text: 'Call Initech' });
    expect(await carry(7)).toEqual({ kind: 'gone' });
    expect(todayPlan()).toBeUndefined();
  });

  it('keeps carried items when the rep then answers with a plan, and replaces a plan the rep set', async () => {
    await carry('all');
    // 'prep qbr' is typed again: it is the rep's own now, once
    expect(plan(TODAY, ['Call Globex', 'prep qbr']).map((item) => item.text)).toEqual([
      'Send Umbrella proposal',
      'Call Globex',
      'prep qbr',
    ]);
    expect(todayPlan()?.planSetAt).toBe(1);
    // the plan is the rep's own now: setting it again replaces it all
    expect(plan(TODAY, ['Only this']).map((item) => item.text)).toEqual(['Only this']);
  });

  it('gives the rep’s own items the room when carried and typed together pass ten', async () => {
    await carry('all');
    const typed = Array.from({ length: 9 }, (_, i) => `Typed ${i + 1}`);
    // 10 − 9 typed = room for 1 carried item, the first
    expect(plan(TODAY, typed).map((item) => item.text)).toEqual(['Send Umbrella proposal', ...typed]);
  });
});

describe('ticks on the shown items', () => {
  it('apply the whole selection to the first ten, and leave an eleventh item as it was', () => {
    // 12 items, past the 10 a checkbox group shows (only storage allows it; the parser stops at 10)
    plan(
      TODAY,
      Array.from({ length: 12 }, (_, i) => `Item ${i + 1}`),
    );
    done(TODAY, [3, 11]);
    done(TODAY, [0], 10);
    const state = todayPlan()?.planItems.map((item) => item.done);
    expect(state?.map((d, i) => (d ? i : -1)).filter((i) => i >= 0)).toEqual([0, 11]);
  });
});
