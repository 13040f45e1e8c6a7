import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../src/slack/ids.js';
import { ICP_LIST_AT_ONCE, icpListReply, planReply, targetsReply } from '../../src/slack/views/current.js';
import { allText, buttonsOf, expectWithinMessageSize } from '../support/blockkit.js';

const accounts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: i + 1, name: `Account ${i + 1}` }));

describe('the accounts waiting for an ICP answer', () => {
  it('asks about ten at a time and counts the rest: 12 waiting → 10 asked, 2 more', () => {
    const reply = icpListReply({ accounts: accounts(12), capped: false });
    expectWithinMessageSize(reply);
    expect(buttonsOf(reply).filter((b) => b.action_id === ACTIONS.icpListFits)).toHaveLength(ICP_LIST_AT_ONCE);
    expect(allText(reply)).toContain('12 accounts are waiting for an ICP answer');
    expect(allText(reply)).toContain('2 more after these');
  });

  it('says "at least" when the read stopped at its limit, and gives no count it cannot vouch for', () => {
    const text = allText(icpListReply({ accounts: accounts(20), capped: true }));
    expect(text).toContain('At least 20 accounts are waiting');
    expect(text).toContain('More after these');
    expect(text).not.toContain('10 more');
  });

  it('leads with the answer after a press, and says when none is left', () => {
    const text = allText(icpListReply({ accounts: [], capped: false }, '✅ *Acme* fits your ICP.'));
    expect(text).toContain('✅ *Acme* fits your ICP.');
    expect(text).toContain('That was the last one waiting.');
  });
});

describe('every message here starts with a capital', () => {
  it.each([
    ['no targets', targetsReply([])],
    ['no plan', planReply('2026-12-04', [])],
    ['a plan', planReply('2026-12-04', [{ text: 'call Acme', done: true }])],
    ['no accounts', icpListReply({ accounts: [], capped: false })],
    ['one account', icpListReply({ accounts: accounts(1), capped: false })],
  ])('%s', (_name, reply) => {
    expect(reply.text).toMatch(/^\p{Lu}/u);
  });
});
