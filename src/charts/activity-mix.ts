/**
 * A rep's activity by week over the last 8 weeks, stacked by the accounts' ICP fit: whether the work goes to the
 * accounts that close the gap. Pure: data in, a Vega-Lite spec and alt text out.
 */
import type { LocalDate } from '../domain/calendar.js';
import type { ActivityMix } from '../domain/gap.js';
import { percent, plural } from '../slack/views/format.js';
import { baseSpec, type Chart, COLORS, fitAlt, shortDate } from './theme.js';

/** The weeks the chart covers, this one included. */
export const MIX_WEEKS = 8;

export interface WeekMix {
  /** The week's first day (the rep's work week: see workWeek). */
  start: LocalDate;
  mix: ActivityMix;
}

export interface ActivityMixInput {
  /** Oldest first, as many as there are (the loader gives MIX_WEEKS). */
  weeks: readonly WeekMix[];
}

/** The stacks, bottom up; 'No account' only where some activity was logged without one. */
const CATEGORIES = [
  { key: 'icp', label: 'ICP', color: COLORS.icp },
  { key: 'nonIcp', label: 'Non-ICP', color: COLORS.nonIcp },
  { key: 'unclassified', label: 'Unclassified', color: COLORS.unclassified },
  { key: 'noAccount', label: 'No account', color: COLORS.noAccount },
] as const;

function totalOf(mix: ActivityMix): number {
  return mix.icp + mix.nonIcp + mix.unclassified + mix.noAccount;
}

/** "ICP 12, non-ICP 3, unclassified 1" (and "no account 2" when there is any). */
function mixWords(mix: ActivityMix): string {
  const parts = [`ICP ${mix.icp}`, `non-ICP ${mix.nonIcp}`, `unclassified ${mix.unclassified}`];
  if (mix.noAccount > 0) parts.push(`no account ${mix.noAccount}`);
  return parts.join(', ');
}

/** 'the last 8 weeks', 'the last week'. */
function lastWeeks(count: number): string {
  return count === 1 ? 'the last week' : `the last ${count} weeks`;
}

export function activityMixChart(input: ActivityMixInput): Chart {
  const shown = CATEGORIES.filter((c) => c.key !== 'noAccount' || input.weeks.some((w) => w.mix.noAccount > 0));
  const values = input.weeks.flatMap((week) =>
    shown.map((category, order) => ({
      weekLabel: shortDate(week.start),
      category: category.label,
      order,
      count: week.mix[category.key],
    })),
  );
  const spec = {
    ...baseSpec(`Activity by week and ICP fit · ${lastWeeks(input.weeks.length)}`),
    data: { values },
    mark: { type: 'bar' },
    encoding: {
      x: {
        field: 'weekLabel',
        type: 'ordinal',
        title: 'Week of',
        sort: input.weeks.map((week) => shortDate(week.start)),
        axis: { labelAngle: 0 },
      },
      y: { field: 'count', type: 'quantitative', title: 'Activities', stack: 'zero', axis: { tickMinStep: 1 } },
      color: {
        field: 'category',
        type: 'nominal',
        title: null,
        sort: shown.map((c) => c.label),
        scale: { domain: shown.map((c) => c.label), range: shown.map((c) => c.color) },
      },
      order: { field: 'order', type: 'quantitative' },
    },
  } as unknown as Chart['spec'];
  const total: ActivityMix = { icp: 0, nonIcp: 0, unclassified: 0, noAccount: 0 };
  for (const { mix } of input.weeks) for (const c of CATEGORIES) total[c.key] += mix[c.key];
  const all = totalOf(total);
  const summary =
    all === 0
      ? `No activity logged in ${lastWeeks(input.weeks.length)}`
      : `${plural(all, 'activity', 'activities')} logged in ${lastWeeks(input.weeks.length)}, ${percent(total.icp / all)} on ICP accounts (${mixWords(total)})`;
  const weeks = input.weeks.map((week) => `week of ${shortDate(week.start)}: ${mixWords(week.mix)}`);
  return { spec, alt: fitAlt(`Activity by ICP fit. ${summary}. By week, ${weeks.join('; ')}.`) };
}
