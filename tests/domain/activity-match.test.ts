import { describe, expect, it } from 'vitest';
import { type LoggedUnits, type RecordedUnits, uncoveredCounts } from '../../src/domain/activity-match.js';

const ACME = 1;
const INITECH = 2;

/** Slack rows' counts left after the CRM's records cover what they can, as [id, left] pairs. */
function left(recorded: RecordedUnits[], logged: LoggedUnits[]): [number, number][] {
  return [...uncoveredCounts(recorded, logged)].sort((a, b) => a[0] - b[0]);
}

describe('uncoveredCounts', () => {
  it('leaves Slack rows whole when the CRM has nothing that day', () => {
    expect(left([], [{ id: 1, accountId: ACME, logged: 3 }])).toEqual([[1, 3]]);
  });

  it('covers Slack units on the same account first: 3 logged on Acme, 2 from the CRM on Acme → 1 left', () => {
    expect(left([{ accountId: ACME, units: 2 }], [{ id: 1, accountId: ACME, logged: 3 }])).toEqual([[1, 1]]);
  });

  it('covers at most what was logged: 2 logged, 5 from the CRM → 0 left', () => {
    expect(left([{ accountId: ACME, units: 5 }], [{ id: 1, accountId: ACME, logged: 2 }])).toEqual([[1, 0]]);
  });

  it('matches rows without an account to each other in the first step', () => {
    expect(left([{ accountId: null, units: 1 }], [{ id: 1, accountId: null, logged: 4 }])).toEqual([[1, 3]]);
  });

  it('never lets a CRM record on one account cover a Slack row on another', () => {
    expect(left([{ accountId: INITECH, units: 2 }], [{ id: 1, accountId: ACME, logged: 2 }])).toEqual([[1, 2]]);
  });

  it('lets leftover CRM units without an account cover Slack rows with one', () => {
    // CRM: 1 on Acme + 2 with no account. Slack: 2 on Acme, 1 on Initech.
    // Step 1: Acme 1 covers 1 of Acme's 2 → Acme 1 left. Step 2: the 2 no-account units cover Acme's 1 and Initech's 1.
    const recorded = [
      { accountId: ACME, units: 1 },
      { accountId: null, units: 2 },
    ];
    const logged = [
      { id: 1, accountId: ACME, logged: 2 },
      { id: 2, accountId: INITECH, logged: 1 },
    ];
    expect(left(recorded, logged)).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('lets leftover CRM units on an account cover Slack rows without one', () => {
    // CRM: 3 on Acme. Slack: 1 on Acme, "2 calls" with no account → step 1 covers Acme's 1, step 2 the other 2.
    const logged = [
      { id: 1, accountId: ACME, logged: 1 },
      { id: 2, accountId: null, logged: 2 },
    ];
    expect(left([{ accountId: ACME, units: 3 }], logged)).toEqual([
      [1, 0],
      [2, 0],
    ]);
  });

  it('settles the oldest Slack row first when the CRM covers only part', () => {
    // CRM: 3 on Acme. Slack rows 7 (2 on Acme) and 9 (2 on Acme): row 7 is covered in full, row 9 by 1.
    const logged = [
      { id: 9, accountId: ACME, logged: 2 },
      { id: 7, accountId: ACME, logged: 2 },
    ];
    expect(left([{ accountId: ACME, units: 3 }], logged)).toEqual([
      [7, 0],
      [9, 1],
    ]);
  });

  it('adds up several CRM records on one account', () => {
    const recorded = [
      { accountId: ACME, units: 1 },
      { accountId: ACME, units: 1 },
    ];
    expect(left(recorded, [{ id: 1, accountId: ACME, logged: 5 }])).toEqual([[1, 3]]);
  });
});
