/**
 * Burn-ups: won to date by day against the pace line and the quota; for a rep, also the projection to the period's
 * end (won + counted pipeline × win rate, the card's figure). Pure: data in, a Vega-Lite spec and alt text out.
 */
import type { LocalDate } from '../domain/calendar.js';
import type { Period } from '../domain/period.js';
import { percent, wholeMoney } from '../slack/views/format.js';
import { type DatedAmount, type DayValue, type PaceShare, paceByNow, paceLine, quotaOf, wonLine } from './pace.js';
import { baseSpec, type Chart, COLORS, dateValue, fitAlt, MONEY_FORMAT, shortDate, unitsOf } from './theme.js';

export interface BurnUpInput {
  period: Period;
  /** The day the chart is drawn to (the team's today for the team, the rep's for a rep). */
  today: LocalDate;
  currency: string;
  /** The quotas paced (one for a rep; one per rep counted for the team). */
  shares: readonly PaceShare[];
  /** Wins dated in the period. */
  wins: readonly DatedAmount[];
}

export interface RepBurnUpInput extends BurnUpInput {
  /** Won + expected from counted pipeline, by the period's end (GapReport.projectedCents). */
  projectedCents: number;
}

/** What a burn-up shows, worked out once for the spec and the alt text alike. */
interface BurnUpFigures {
  quotaCents: number;
  won: DayValue[];
  wonCents: number;
  pace: DayValue[];
  paceNowCents: number;
}

function figuresOf(input: BurnUpInput): BurnUpFigures {
  const won = wonLine(input.period, input.today, input.wins);
  const quotaCents = quotaOf(input.shares);
  return {
    quotaCents,
    won,
    wonCents: won.at(-1)?.cents ?? 0,
    pace: quotaCents === 0 ? [] : paceLine(input.period, input.shares),
    paceNowCents: paceByNow(input.period, input.shares),
  };
}

const SERIES = ['Won', 'Pace', 'Projected'] as const;
type Series = (typeof SERIES)[number];

function points(series: Series, values: readonly DayValue[]) {
  return values.map((value) => ({ date: dateValue(value.date), units: unitsOf(value.cents), series }));
}

/** The layers every burn-up has: the lines, the quota, today, and where won and pace stand today. */
function burnUpSpec(title: string, input: BurnUpInput, figures: BurnUpFigures, projection: DayValue[]): Chart['spec'] {
  const money = (cents: number) => wholeMoney(cents, input.currency);
  const lines = [...points('Won', figures.won), ...points('Pace', figures.pace), ...points('Projected', projection)];
  const shown = SERIES.filter((series) => lines.some((point) => point.series === series));
  const todayMs = dateValue(input.today);
  const x = {
    field: 'date',
    type: 'temporal',
    title: null,
    scale: { type: 'utc', domain: [dateValue(input.period.start), dateValue(input.period.end)] },
    axis: { format: '%b %-d', labelOverlap: true },
  } as const;
  const y = {
    field: 'units',
    type: 'quantitative',
    title: null,
    scale: { zero: true },
    axis: { format: input.currency, formatType: MONEY_FORMAT, tickCount: 5 },
  } as const;
  const layers: unknown[] = [
    {
      data: { values: lines },
      mark: { type: 'line', strokeWidth: 2.5 },
      encoding: {
        x,
        y,
        color: {
          field: 'series',
          type: 'nominal',
          title: null,
          sort: shown,
          scale: {
            domain: shown,
            range: shown.map((s) => ({ Won: COLORS.won, Pace: COLORS.pace, Projected: COLORS.projection })[s]),
          },
        },
        strokeDash: {
          field: 'series',
          type: 'nominal',
          title: null,
          sort: shown,
          scale: { domain: shown, range: shown.map((s) => ({ Won: [1, 0], Pace: [6, 4], Projected: [2, 3] })[s]) },
        },
      },
    },
    {
      data: { values: [{ date: todayMs }] },
      mark: { type: 'rule', color: COLORS.today, strokeDash: [2, 2] },
      encoding: { x: { field: 'date', type: 'temporal' } },
    },
    {
      data: { values: [{ date: todayMs, label: `Today, ${shortDate(input.today)}` }] },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 4, dy: 2, color: COLORS.today, fontSize: 11 },
      encoding: { x: { field: 'date', type: 'temporal' }, y: { value: 0 }, text: { field: 'label' } },
    },
  ];
  if (figures.quotaCents > 0) {
    const quota = [{ units: unitsOf(figures.quotaCents), label: `Quota ${money(figures.quotaCents)}` }];
    layers.push(
      {
        data: { values: quota },
        mark: { type: 'rule', color: COLORS.quota },
        encoding: { y: { field: 'units', type: 'quantitative' } },
      },
      {
        data: { values: quota },
        mark: { type: 'text', align: 'right', baseline: 'bottom', dy: -3, color: COLORS.quota, fontSize: 12 },
        encoding: { y: { field: 'units', type: 'quantitative' }, x: { value: 'width' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ date: todayMs, units: unitsOf(figures.paceNowCents) }] },
        mark: { type: 'point', filled: true, size: 60, color: COLORS.pace },
        encoding: { x: { field: 'date', type: 'temporal' }, y: { field: 'units', type: 'quantitative' } },
      },
    );
  }
  layers.push({
    data: { values: [{ date: todayMs, units: unitsOf(figures.wonCents) }] },
    mark: { type: 'point', filled: true, size: 60, color: COLORS.won },
    encoding: { x: { field: 'date', type: 'temporal' }, y: { field: 'units', type: 'quantitative' } },
  });
  return { ...baseSpec(title), layer: layers } as unknown as Chart['spec'];
}

/** "Won $260,000 of $400,000 (65%); pace $280,000 by today (Nov 18), $20,000 behind". */
function progressSentence(input: BurnUpInput, figures: BurnUpFigures): string {
  const money = (cents: number) => wholeMoney(cents, input.currency);
  const { quotaCents, wonCents, paceNowCents } = figures;
  if (quotaCents === 0) return `Won ${money(wonCents)}; no quota set`;
  const delta = wonCents - paceNowCents;
  const standing = delta === 0 ? 'on pace' : `${money(Math.abs(delta))} ${delta > 0 ? 'ahead' : 'behind'}`;
  return (
    `Won ${money(wonCents)} of ${money(quotaCents)} (${percent(wonCents / quotaCents)}); ` +
    `pace ${money(paceNowCents)} by today (${shortDate(input.today)}), ${standing}`
  );
}

/** The team's burn-up for the period: won to date against the pace line and the quota. */
export function teamBurnUp(input: BurnUpInput): Chart {
  const figures = figuresOf(input);
  const title = `Team: won against pace · ${input.period.label}`;
  return {
    spec: burnUpSpec(title, input, figures, []),
    alt: fitAlt(`Team burn-up, ${input.period.label} (${input.period.range}). ${progressSentence(input, figures)}.`),
  };
}

/** A rep's burn-up: won to date, the pace line, the quota, and the projection from today to the period's end. */
export function repBurnUp(input: RepBurnUpInput): Chart {
  const figures = figuresOf(input);
  const lastWon = figures.won.at(-1);
  const projection: DayValue[] =
    lastWon === undefined || lastWon.date >= input.period.end
      ? []
      : [lastWon, { date: input.period.end, cents: input.projectedCents }];
  const money = (cents: number) => wholeMoney(cents, input.currency);
  const projected =
    projection.length === 0
      ? ''
      : figures.quotaCents > 0
        ? `; projected ${money(input.projectedCents)} (${percent(input.projectedCents / figures.quotaCents)}) by ${shortDate(input.period.end)}`
        : `; projected ${money(input.projectedCents)} by ${shortDate(input.period.end)}`;
  return {
    spec: burnUpSpec(`Won against pace · ${input.period.label}`, input, figures, projection),
    alt: fitAlt(
      `Burn-up, ${input.period.label} (${input.period.range}). ${progressSentence(input, figures)}${projected}.`,
    ),
  };
}
