/** The modals behind the Home tab's buttons: pure builders, data in, view out. */
import type { KnownBlock, ModalView } from '@slack/types';
import type { PickableDeal } from '../../db/deals.js';
import type { RepRow } from '../../db/reps.js';
import type { Target } from '../../db/targets.js';
import { ACTIVITY_KINDS, PERIOD_KINDS } from '../../domain/command.js';
import { MAX_BACKDATE_DAYS } from '../../domain/past-date.js';
import { INPUTS, VIEWS } from '../ids.js';
import { context, section, truncate } from './blocks.js';
import { shortDate } from './dates.js';
import { wholeMoney } from './format.js';
import { activityLabel } from './gap-card.js';
import { input, modal, option, plain, radio, staticSelect } from './inputs.js';

/** A lost-picker option's value: the deal, `deal:42`. */
export function dealOptionValue(dealId: number): string {
  return `deal:${dealId}`;
}

export function dealOfOption(value: string | undefined): number | null {
  const match = /^deal:(\d{1,15})$/.exec(value ?? '');
  return match ? Number(match[1]) : null;
}

const capitalised = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

function activitySelect(initial = 'call'): KnownBlock {
  return input(
    INPUTS.activity,
    'Activity',
    staticSelect(
      ACTIVITY_KINDS.map((kind) => option(capitalised(kind), kind)),
      initial,
    ),
  );
}

function accountPicker(optional: boolean): KnownBlock[] {
  return [
    input(
      INPUTS.account,
      'Account',
      { type: 'external_select', min_query_length: 0, placeholder: plain('Type to find or add an account') },
      { optional, hint: 'Pick a known account, or type a new name and choose “Add …”.' },
    ),
    input(
      INPUTS.accountFit,
      'Does it fit your ideal customer profile?',
      radio([option('Fits our ICP', 'yes'), option('Outside our ICP', 'no')]),
      {
        optional: true,
        hint: 'Used for a new account, or one whose fit isn’t set yet.',
      },
    ),
  ];
}

function amountInput(label: string, placeholder: string): KnownBlock {
  return input(
    INPUTS.amount,
    label,
    { type: 'plain_text_input', placeholder: plain(placeholder), max_length: 40 },
    { hint: 'Like 30k, $45,000 or 1.2m.' },
  );
}

function periodRadio(initial: string): KnownBlock {
  return input(
    INPUTS.period,
    'Period',
    radio(
      PERIOD_KINDS.map((kind) => option(`This ${kind}`, kind)),
      initial,
    ),
  );
}

export function logModal(): ModalView {
  return modal(
    VIEWS.log,
    'Log activity',
    [
      activitySelect(),
      input(INPUTS.count, 'How many', {
        type: 'number_input',
        is_decimal_allowed: false,
        min_value: '1',
        max_value: '500',
        initial_value: '1',
      }),
      ...accountPicker(true),
    ],
    'Log it',
  );
}

/** `today`: the rep's local date, the win date's default (a win may be dated up to 45 days back). */
export function winModal(today?: string): ModalView {
  return modal(
    VIEWS.win,
    'Record a win',
    [
      amountInput('Amount won', '30k'),
      ...accountPicker(false),
      input(
        INPUTS.wonOn,
        'Date won',
        { type: 'datepicker', placeholder: plain('Today'), ...(today ? { initial_date: today } : {}) },
        {
          optional: true,
          hint: `Signed on an earlier day? Pick it (up to ${MAX_BACKDATE_DAYS} days back): the win counts in that day's period.`,
        },
      ),
    ],
    'Record win',
  );
}

/** `periodEnd`: the default close date (the rep's current period's last day). */
export function opportunityModal(periodEnd: string): ModalView {
  return modal(
    VIEWS.opp,
    'Add an opportunity',
    [
      amountInput('Amount', '45k'),
      ...accountPicker(false),
      input(
        INPUTS.closeDate,
        'Expected close date',
        { type: 'datepicker', placeholder: plain('Pick a date') },
        {
          optional: true,
          hint:
            `Leave it empty and a new opportunity closes at your period's end (${periodEnd}), while an open one ` +
            'keeps its date. Deals closing after this period are shown apart, for the period they close in.',
        },
      ),
      context(['Qualified opportunities only: one open deal per account (a second one updates it).']),
    ],
    'Add to pipeline',
  );
}

/** The lost picker: one option per open deal, keyed by the deal (an account may hold two). */
export function lostModal(openDeals: readonly PickableDeal[], currency: string, today?: string): ModalView {
  if (openDeals.length === 0) {
    return modal(
      VIEWS.lost,
      'Mark lost',
      [section('You have no open opportunities, so there is nothing to mark lost.')],
      null,
    );
  }
  const label = (deal: PickableDeal) => `${deal.account} · ${wholeMoney(deal.amountCents, currency)}`;
  const labels = openDeals.map(label);
  const options = openDeals.map((deal, index) => {
    // Two deals that read alike (one account, one amount) are told apart by their close dates.
    const alike = labels.filter((text) => text === labels[index]).length > 1;
    if (!alike || !deal.closeOn) return option(label(deal), dealOptionValue(deal.id));
    const name = truncate(deal.account, 40);
    const text = `${name} · ${wholeMoney(deal.amountCents, currency)} · closing ${shortDate(deal.closeOn, today)}`;
    return option(text, dealOptionValue(deal.id));
  });
  return modal(
    VIEWS.lost,
    'Mark lost',
    [input(INPUTS.openDeal, 'Which opportunity was lost?', staticSelect(options))],
    'Mark lost',
  );
}

export function quotaModal(rep: Pick<RepRow, 'quotaPeriod'>): ModalView {
  return modal(
    VIEWS.quota,
    'Set your quota',
    [amountInput('Quota', '120k'), periodRadio(rep.quotaPeriod)],
    'Set quota',
  );
}

/** Slack's user picker lists everyone (bots, deactivated members, the manager): the pick is checked on submit. */
export function repQuotaModal(): ModalView {
  return modal(
    VIEWS.repQuota,
    "Set a rep's quota",
    [
      input(
        INPUTS.rep,
        'Rep',
        { type: 'users_select', placeholder: plain('Pick a rep') },
        {
          hint: 'A person on your team (bots and deactivated members can’t carry a quota); they get a DM with the change.',
        },
      ),
      amountInput('Quota', '150k'),
      periodRadio('quarter'),
    ],
    'Set quota',
  );
}

export function targetsModal(targets: readonly Target[]): ModalView {
  const current =
    targets.length === 0
      ? 'No targets yet.'
      : targets.map((t) => `• ${t.count} ${activityLabel(t.activity, t.count)} a ${t.per}`).join('\n');
  return modal(
    VIEWS.targets,
    'Targets',
    [
      section(`*Your targets*\n${current}`),
      activitySelect('meeting'),
      input(
        INPUTS.count,
        'How many',
        {
          type: 'number_input',
          is_decimal_allowed: false,
          min_value: '0',
          max_value: '1000',
          initial_value: '8',
        },
        { hint: '0 removes the target.' },
      ),
      input(INPUTS.per, 'Per', radio([option('Day', 'day'), option('Week', 'week')], 'week')),
    ],
    'Save target',
  );
}
