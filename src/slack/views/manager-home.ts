/**
 * The manager's Home: the team first (totals for the team's period), then one compact row per rep, lowest
 * projected attainment first, each with its actions. Built from the team view (coach/team.ts) alone: no read
 * of its own, so a manager's Home costs what `/focus team` does.
 */
import type { KnownBlock } from '@slack/types';
import { type RepProgress, shownStatus, type TeamProgress } from '../../coach/team.js';
import { formatClock } from '../../domain/calendar.js';
import { roundToUnit } from '../../domain/money.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { actions, button, context, fields, header, section } from './blocks.js';
import { CRM_HOME_BLOCKS } from './crm.js';
import { WEEKDAY_NAMES } from './dates.js';
import { moneyIn, percent, plural, progressBar } from './format.js';

const KIND_ADJECTIVE = { month: 'monthly', quarter: 'quarterly', year: 'yearly' } as const;

/** Under this projected attainment a rep is at risk (the manager's digest uses the same line). */
export const AT_RISK_PROJECTION = 0.7;

/** Rep rows shown at most: two blocks each, inside Slack's 100 blocks with the manager's own card below. */
export const MAX_REP_ROWS = 30;

/** A rep's projected attainment as the team view shows them; null without a quota. */
const projectedOf = (rep: RepProgress): number | null => shownStatus(rep).report.projectedAttainment;

/**
 * Lowest projected attainment first: the reps a manager should talk to this week lead. Reps without a quota
 * cannot be ranked and come last; ties go to the lower attainment, then to the user ID (a stable order).
 */
export function repsByProjection(reps: readonly RepProgress[]): RepProgress[] {
  const rank = (rep: RepProgress) => projectedOf(rep) ?? Number.POSITIVE_INFINITY;
  const attained = (rep: RepProgress) => shownStatus(rep).report.attainment ?? Number.POSITIVE_INFINITY;
  return [...reps].sort(
    (a, b) =>
      rank(a) - rank(b) || attained(a) - attained(b) || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
  );
}

function marker(projected: number | null): string {
  if (projected === null) return '⚪';
  if (projected < AT_RISK_PROJECTION) return '🔴';
  return projected < 1 ? '🟡' : '🟢';
}

/** Share of this week's activity on ICP accounts: the rep's own card's "Focus this week", the same numbers. */
export function icpThisWeek(rep: RepProgress): string {
  const { mix } = rep.status.report;
  return mix.total === 0 ? 'no activity this week' : `ICP ${percent(mix.icpShare)} this week`;
}

/** Counted pipeline against what the gap needs at the rep's win rate (gap ÷ rate, the card's coverage need). */
function pipelineVsNeed(rep: RepProgress, money: (cents: number) => string): string {
  const { report } = shownStatus(rep);
  const counted = money(report.pipeline.counted.cents);
  if (report.gapCents === 0) return `pipeline ${counted} (quota met)`;
  return `pipeline ${counted} of ${money(report.gapCents / report.winRate.rate)} needed`;
}

/** One rep's two lines: who and where they will land; then pace, pipeline, focus and follow-through. */
export function repRowText(rep: RepProgress, currency: string, teamKind: TeamProgress['kind']): string {
  const shown = shownStatus(rep);
  const { report, period } = shown;
  const money = moneyIn(currency);
  const own =
    rep.teamStatus === null && period.kind !== teamKind ? ` (${KIND_ADJECTIVE[period.kind]}: ${period.label})` : '';
  const who = `${marker(report.projectedAttainment)} *<@${rep.userId}>*${own}`;
  const follow = `plans ${rep.plannedDays}/${rep.workingDays} days`;
  if (report.quotaCents === null || report.attainment === null || report.projectedAttainment === null) {
    return `${who} · no quota set\n${icpThisWeek(rep)} · ${follow}`;
  }
  const over = report.overCents > 0 ? ` (${money(report.overCents)} over)` : '';
  const pace = roundToUnit(report.paceDeltaCents);
  const paceText = pace === 0 ? 'on pace' : `${money(Math.abs(pace))} ${pace > 0 ? 'ahead of' : 'behind'} pace`;
  return (
    `${who} · projected *${percent(report.projectedAttainment)}* · ${percent(report.attainment)} of ${money(report.quotaCents)}${over}\n` +
    `${paceText} · ${pipelineVsNeed(rep, money)} · ${icpThisWeek(rep)} · ${follow}`
  );
}

/** A rep's row: the two lines, and the buttons that act on that rep (the user ID rides in the value). */
export function repRow(rep: RepProgress, currency: string, teamKind: TeamProgress['kind']): KnownBlock[] {
  const noQuota = shownStatus(rep).report.quotaCents === null;
  return [
    section(repRowText(rep, currency, teamKind)),
    actions(`${BLOCKS.homeRep}:${rep.userId}`, [
      button({ text: 'Open card', actionId: ACTIONS.openRepCard, value: rep.userId }),
      button({
        text: 'Set quota',
        actionId: ACTIONS.openRepQuotaFor,
        value: rep.userId,
        ...(noQuota ? { style: 'primary' as const } : {}),
      }),
    ]),
  ];
}

/** The team's totals for its period: the bar, then quota, won, gap, projection, pace and follow-through. */
export function teamTotalsBlocks(progress: TeamProgress, teamTimezone: string): KnownBlock[] {
  const { totals, team, period, kind } = progress;
  const money = moneyIn(team.currency);
  const blocks: KnownBlock[] = [header(`Your team · ${period.label}`)];
  if (totals.repsWithQuota === 0) {
    blocks.push(
      section(
        `No rep has a ${KIND_ADJECTIVE[kind]} quota for ${period.label} (${period.range}) yet. ` +
          `Set each rep's with the buttons below, or reps set their own with \`/focus quota 120k ${kind}\`.`,
      ),
    );
  } else {
    const attainment = totals.quotaCents === 0 ? 0 : totals.wonCents / totals.quotaCents;
    const projected = totals.quotaCents === 0 ? 0 : totals.projectedCents / totals.quotaCents;
    const planned = progress.reps.reduce((sum, r) => sum + r.plannedDays, 0);
    const workdays = progress.reps.reduce((sum, r) => sum + r.workingDays, 0);
    const pace = [`${totals.ahead} ahead`, `${totals.behind} behind`];
    if (totals.onPace > 0) pace.push(`${totals.onPace} on pace`);
    blocks.push(section(`\`${progressBar(attainment)}\` *${percent(attainment)}* of the team's quota won`));
    blocks.push(
      fields([
        `*Quota*\n${money(totals.quotaCents)} (${plural(totals.repsWithQuota, 'rep')})`,
        `*Won*\n${money(totals.wonCents)}`,
        `*Gap*\n${totals.gapCents === 0 ? `None: quota met${totals.wonCents > totals.quotaCents ? `, ${money(totals.wonCents - totals.quotaCents)} over` : ''}` : money(totals.gapCents)}`,
        `*Projected*\n${percent(projected)} (${money(totals.projectedCents)}: won + counted pipeline × win rate)`,
        `*Reps*\n${pace.join(' · ')}`,
        `*Follow-through*\n${workdays === 0 ? '—' : `plans on ${percent(planned / workdays)} of working days (last 7 days)`}`,
      ]),
    );
  }
  const notes = [
    `${period.range} · ${plural(progress.reps.length, 'rep')} · ${totals.repsWithQuota} with a ${KIND_ADJECTIVE[kind]} quota`,
  ];
  if (totals.otherKind > 0) notes.push(`${plural(totals.otherKind, 'rep')} on another period: listed, not added in`);
  const channel = team.channelId ? `<#${team.channelId}>` : 'no channel yet';
  const slot = `${WEEKDAY_NAMES[team.weeklyDay] ?? 'Monday'}s ${formatClock(team.weeklyMinutes)} (${teamTimezone})`;
  notes.push(
    `weekly post: ${channel}, ${slot} · currency ${team.currency} · default win rate ${Math.round(team.defaultWinRate * 100)}%`,
  );
  blocks.push(context(notes));
  blocks.push(
    actions(BLOCKS.homeManagerActions, [
      button({ text: "Set a rep's quota", actionId: ACTIONS.openRepQuota }),
      button({ text: 'Team settings', actionId: ACTIONS.openTeamSettings }),
    ]),
  );
  return blocks;
}

/** What each figure of a rep's row rests on, said once above the rows. */
const ROW_LEGEND =
  'Projected: won + counted pipeline × win rate. Pipeline: counted, against the gap ÷ win rate. ' +
  "ICP: share of this week's activity, as on the rep's card. Plans: working days with a plan, last 7 days. " +
  '🔴 projected under 70% · 🟡 under 100% · 🟢 on track · ⚪ no quota';

/**
 * The team, for a manager's Home: totals, then the rows lowest projection first, at most `maxRows` of them
 * (and saying how many more there are). Block count: the totals' (at most 5), the chart images given, the CRM
 * section given (at most CRM_HOME_BLOCKS), 2 more for the heading and legend, 2 per row shown, 1 for the note
 * when rows are left out.
 */
export function managerTeamBlocks(
  progress: TeamProgress,
  teamTimezone: string,
  maxRows: number,
  images: readonly KnownBlock[] = [],
  crm: readonly KnownBlock[] = [],
): KnownBlock[] {
  // The team's charts (when the app can serve them) sit between the totals and the rows, then the CRM's state.
  const blocks = [...teamTotalsBlocks(progress, teamTimezone), ...images, ...crm.slice(0, CRM_HOME_BLOCKS)];
  if (progress.reps.length === 0) {
    blocks.push(section('No rep has a quota or logged work yet.'));
    return blocks;
  }
  const sorted = repsByProjection(progress.reps);
  const shown = sorted.slice(0, Math.max(0, Math.min(maxRows, MAX_REP_ROWS)));
  blocks.push(section(`*Reps, lowest projected attainment first*: who needs you most is on top`));
  blocks.push(context([ROW_LEGEND]));
  for (const rep of shown) blocks.push(...repRow(rep, progress.team.currency, progress.kind));
  const more = sorted.length - shown.length;
  if (more > 0) {
    blocks.push(
      context([
        `${plural(more, 'more rep')} with higher projections ${more === 1 ? 'is' : 'are'} not shown here: \`/focus team\` lists every rep.`,
      ]),
    );
  }
  return blocks;
}

/** Blocks the team part takes around its rows: totals (5), the CRM section (2), heading and legend (2), the note (1). */
export const TEAM_FIXED_BLOCKS = 8 + CRM_HOME_BLOCKS;
