import { describe, expect, it } from 'vitest';
import { VIEWS } from '../../src/slack/ids.js';
import { currencyConfirmModal, currencyNoticeModal, relabelSentence } from '../../src/slack/views/currency-confirm.js';
import { allText, expectValidView } from '../support/blockkit.js';

describe('the currency confirmation', () => {
  it.each([
    // The brief's example: 12,000,000 cents is 120,000 whole units in either currency.
    [
      { quotas: 12, deals: 340, largestCents: 12_000_000 },
      'USD',
      'EUR',
      '12 quotas and 340 deals recorded in USD will read as EUR: $120,000 becomes €120,000. Nothing is converted.',
    ],
    // One of a kind is singular; a kind with none is not named. 2,450,040 cents = 24,500.40, shown whole: 24,500.
    [
      { quotas: 0, deals: 1, largestCents: 2_450_040 },
      'USD',
      'GBP',
      '1 deal recorded in USD will read as GBP: $24,500 becomes £24,500. Nothing is converted.',
    ],
    [
      { quotas: 1, deals: 0, largestCents: 1_234_500_000 },
      'EUR',
      'JPY',
      '1 quota recorded in EUR will read as JPY: €12,345,000 becomes ¥12,345,000. Nothing is converted.',
    ],
    [
      { quotas: 1_200, deals: 0, largestCents: 100 },
      'USD',
      'CAD',
      '1,200 quotas recorded in USD will read as CAD: $1 becomes CA$1. Nothing is converted.',
    ],
  ])('says what is relabelled: %o %s → %s', (amounts, from, to, sentence) => {
    expect(relabelSentence(from, to, amounts)).toBe(sentence);
  });

  it('is a valid modal with Confirm and Cancel that carries the change in its metadata', () => {
    const view = currencyConfirmModal({
      from: 'USD',
      to: 'EUR',
      amounts: { quotas: 2, deals: 3, largestCents: 500_000 },
      pending: '{"from":"USD"}',
    });
    expectValidView(view);
    expect(view.callback_id).toBe(VIEWS.currencyConfirm);
    expect([view.title.text, view.submit?.text, view.close?.text]).toEqual([
      'Change the currency?',
      'Confirm',
      'Cancel',
    ]);
    expect(view.private_metadata).toBe('{"from":"USD"}');
    // Cancel must pop back to the settings form: Slack does so only without notify_on_close.
    expect(view.notify_on_close).toBeUndefined();
    const text = allText(view);
    expect(text).toContain('2 quotas and 3 deals recorded in USD will read as EUR: $5,000 becomes €5,000.');
    expect(text).toContain('Confirm saves the rest of the team settings too');
    expect(text).toContain('Cancel goes back to the settings; nothing is saved.');
  });

  it('a notice has no submit button, only Close', () => {
    const view = currencyNoticeModal('Only managers can change team settings. Nothing was changed.');
    expectValidView(view);
    expect(view.submit).toBeUndefined();
    expect(view.close?.text).toBe('Close');
  });
});
