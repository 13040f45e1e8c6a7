/**
 * The confirmation pushed over the team settings when the currency would change while amounts are recorded:
 * amounts are stored as plain numbers, so a new currency relabels every one of them and converts nothing.
 * Pure builders, data in, view out.
 */
import type { ModalView } from '@slack/types';
import type { RecordedAmounts } from '../../db/history.js';
import { VIEWS } from '../ids.js';
import { context, section } from './blocks.js';
import { wholeMoney } from './format.js';
import { modal, plain } from './inputs.js';

const counted = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** '12 quotas and 340 deals', '1 deal': what is recorded, naming only kinds there are. */
function amountsRecorded(amounts: Pick<RecordedAmounts, 'quotas' | 'deals'>): string {
  const parts = [
    ...(amounts.quotas > 0 ? [counted(amounts.quotas, 'quota', 'quotas')] : []),
    ...(amounts.deals > 0 ? [counted(amounts.deals, 'deal', 'deals')] : []),
  ];
  return parts.join(' and ');
}

/**
 * '12 quotas and 340 deals recorded in USD will read as EUR: $120,000 becomes €120,000. Nothing is converted.'
 * The example is the largest amount recorded, the one a manager is likeliest to recognise.
 */
export function relabelSentence(from: string, to: string, amounts: RecordedAmounts): string {
  const example =
    amounts.largestCents === null
      ? ''
      : `: ${wholeMoney(amounts.largestCents, from)} becomes ${wholeMoney(amounts.largestCents, to)}`;
  return `${amountsRecorded(amounts)} recorded in ${from} will read as ${to}${example}. Nothing is converted.`;
}

/** `pending`: the whole form's change, carried in private_metadata until Confirm writes it. */
export function currencyConfirmModal(input: {
  from: string;
  to: string;
  amounts: RecordedAmounts;
  pending: string;
}): ModalView {
  const { from, to } = input;
  const view = modal(
    VIEWS.currencyConfirm,
    'Change the currency?',
    [
      section(`*${relabelSentence(from, to, input.amounts)}*`),
      section(
        `Confirm if these amounts were in ${to} all along. If they are in ${from}, cancel and keep ${from}: ` +
          'a new label converts nothing, so every figure would be off by the exchange rate.',
      ),
      context([
        'Confirm saves the rest of the team settings too, and records the change in the team’s history. ' +
          'Cancel goes back to the settings; nothing is saved.',
      ]),
    ],
    'Confirm',
  );
  return { ...view, private_metadata: input.pending };
}

/** Shown in place of the confirmation when Confirm could not save: says why, and that nothing changed. */
export function currencyNoticeModal(text: string): ModalView {
  return { ...modal(VIEWS.currencyConfirm, 'Team settings', [section(text)], null), close: plain('Close', 24) };
}
