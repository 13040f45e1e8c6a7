import type { KnownBlock } from '@slack/types';
import { type RepProgress, shownStatus, type TeamProgress } from '../../coach/team.js';
import type { WeeklyLookBack } from '../../coach/weekly-recap.js';
import type { PeriodKind } from '../../domain/command.js';
import { roundToUnit } from '../../domain/money.js';
import { chartImageBlock, type UploadedChart } from '../charts-upload.js';
import { context, divider, fields, header, LIMITS, type Reply, section, stripMrkdwn } from './blocks.js';
import { coverageMultiple, moneyIn, needMultiple, percent, plural, progressBar } from './format.js';
import { teamRecapLine, winsSince } from './recap.js';

/** Rep lines per thread message (and per section of the private view): well inside 3,000 characters. */
const LINES_PER_PART = 12;

const KIND_ADJECTIVE = { month: 'monthly', quarter: 'quarterly', year: 'yearly' } as const;

export function repLine(progress: RepProgress, currency: string, teamKind?: PeriodKind): string {
  // The figures the team totals add for this rep; a rep not counted in them shows their own period.
  const { report, period } = shownStatus(progress);
  const money = moneyIn(currency);
  const ownPeriod = progress.teamStatus === null && teamKind !== undefined && period.kind !== teamKind;
  const parts: string[] = [
    `<@${progress.userId}>${ownPeriod ? ` (${KIND_ADJECTIVE[period.kind]}: ${period.label})` : ''}`,
  ];
  if (report.quotaCents === null || report.attainment === null) {
    parts.push('no quota set');
  } else {
    const over = report.overCents > 0 ? ` (${money(report.overCents)} over)` : '';
    parts.push(`${percent(report.attainment)} of ${money(report.quotaCents)}${over}`);
    const pace = roundToUnit(report.paceDeltaCents);
    parts.push(pace === 0 ? 'on pace' : `${money(Math.abs(pace))} ${pace > 0 ? 'ahead of' : 'behind'} pace`);
    if (report.projectedAttainment !== null) parts.push(`projected ${percent(report.projectedAttainment)}`);
    if (report.coverage !== null) {
      parts.push(`coverage ${coverageMultiple(report.coverage)} of ${needMultiple(report.coverageNeeded)}`);
    }
  }
  parts.push(progress.icpShare === null ? 'no activity in 7 days' : `ICP ${percent(progress.icpShare)}`);
  const items = progress.itemsPlanned === 0 ? '' : `, ${progress.itemsDone}/${progress.itemsPlanned} items done`;
  parts.push(`plans ${progress.plannedDays}/${progress.workingDays} working days${items}`);
  if (progress.streak > 0) parts.push(`🔥 ${progress.streak}-day streak`);
  return parts.join(' · ');
}

function summary(progress: TeamProgress): { text: string; blocks: KnownBlock[] } {
  const { totals, team, period } = progress;
  const money = moneyIn(team.currency);
  const blocks: KnownBlock[] = [header(`Team progress toward quota · ${period.label}`)];
  const notes = [
    `${plural(progress.reps.length, 'rep')} · ${totals.repsWithQuota} with a ${KIND_ADJECTIVE[progress.kind]} quota`,
  ];
  if (totals.otherKind > 0) {
    notes.push(
      `${plural(totals.otherKind, 'rep')} on another period ${totals.otherKind === 1 ? 'is' : 'are'} listed with ${totals.otherKind === 1 ? 'their' : 'their'} own, not added in`,
    );
  }
  if (totals.repsWithQuota === 0) {
    const text = `No rep has a ${KIND_ADJECTIVE[progress.kind]} quota for ${period.label} yet.`;
    blocks.push(section(`${text} Reps set theirs with \`/focus quota 120k ${progress.kind}\`.`));
    blocks.push(context(notes));
    return { text, blocks };
  }
  const attainment = totals.quotaCents === 0 ? 0 : totals.wonCents / totals.quotaCents;
  const over = totals.wonCents - totals.quotaCents;
  const headline =
    totals.gapCents === 0
      ? `*Team quota met: ${percent(attainment)}*${over > 0 ? `, ${money(over)} over` : ''} the team’s ${money(totals.quotaCents)}`
      : `*${money(totals.gapCents)} to go* of the team’s ${money(totals.quotaCents)} quota`;
  const text =
    totals.gapCents === 0
      ? `Team: quota met, ${percent(attainment)} of ${money(totals.quotaCents)}.`
      : `Team: ${money(totals.gapCents)} to go of ${money(totals.quotaCents)} (${percent(attainment)}).`;
  blocks.push(
    section(`${headline}\n\`${progressBar(attainment)}\` ${percent(attainment)} · ${money(totals.wonCents)} won`),
  );
  const planned = progress.reps.reduce((sum, r) => sum + r.plannedDays, 0);
  const workdays = progress.reps.reduce((sum, r) => sum + r.workingDays, 0);
  const paceParts = [`${totals.ahead} ahead`, `${totals.behind} behind`];
  if (totals.onPace > 0) paceParts.push(`${totals.onPace} on pace`);
  const projected = totals.quotaCents === 0 ? 0 : totals.projectedCents / totals.quotaCents;
  blocks.push(
    fields([
      `*Pace (reps)*\n${paceParts.join(' · ')}`,
      `*Projected*\n${percent(projected)} of quota (won + expected from counted pipeline)`,
      `*Follow-through (last 7 days)*\n${workdays === 0 ? '—' : `plans on ${percent(planned / workdays)} of working days`}`,
    ]),
  );
  const best = progress.mostImproved;
  if (best?.projectedRise) {
    const points = best.projectedRise < 10 ? best.projectedRise.toFixed(1) : best.projectedRise.toFixed(0);
    notes.push(`most improved: <@${best.userId}> (projected attainment +${points} points this week)`);
  }
  blocks.push(context(notes));
  return { text, blocks };
}

/**
 * The weekly post: the top-level message, and the per-rep thread parts. With what it looks back on
 * (coach/weekly-recap.ts): the recap of a team period that ended since the last post, right under the
 * header, and every win since the last post (those the post has no room for, in the thread). With `charts`
 * uploaded (scheduler/weekly-charts.ts), an image block for each under the totals.
 */
export function weeklyPost(
  progress: TeamProgress,
  lookBack?: WeeklyLookBack,
  charts: readonly UploadedChart[] = [],
): { top: Reply; thread: Reply[] } {
  const { text, blocks } = summary(progress);
  // The charts under the totals they draw (the text bars stay: they are what a failed upload leaves).
  blocks.push(...charts.map(chartImageBlock));
  const currency = progress.team.currency;
  let said = text;
  const wins = lookBack ? winsSince(lookBack, currency) : null;
  if (lookBack?.recap) {
    const recap = teamRecapLine(lookBack.recap, currency);
    blocks.splice(1, 0, section(recap), divider());
    said = `${recap}. ${text}`;
  }
  if (wins) blocks.push(wins.block);
  blocks.push(
    context(['Each rep’s detail is in the thread. Progress, not activity volume: attainment, pace, follow-through.']),
  );
  const lines = progress.reps.map((rep) => repLine(rep, currency, progress.kind));
  const thread: Reply[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_PART) {
    const part = lines.slice(i, i + LINES_PER_PART).join('\n');
    thread.push({ text: stripMrkdwn(part), blocks: [section(part)] });
  }
  thread.push(...(wins?.thread ?? []));
  return { top: { text: stripMrkdwn(said), blocks }, thread };
}

/** Slack refuses a message whose blocks pass about 13,200 characters (msg_blocks_too_long); stay well inside. */
const MESSAGE_BLOCKS_BUDGET = 12_000;

/** `/focus team`: the same content in one private message, cut short (and saying so) for a very large team. */
export function teamView(progress: TeamProgress): Reply {
  const { text, blocks } = summary(progress);
  const lines = progress.reps.map((rep) => repLine(rep, progress.team.currency, progress.kind));
  let size = JSON.stringify(blocks).length;
  let shown = 0;
  while (shown < lines.length && blocks.length < LIMITS.messageBlocks - 1) {
    const part = section(lines.slice(shown, shown + LINES_PER_PART).join('\n'));
    const partSize = JSON.stringify(part).length + 1;
    if (size + partSize > MESSAGE_BLOCKS_BUDGET) break;
    blocks.push(part);
    size += partSize;
    shown = Math.min(lines.length, shown + LINES_PER_PART);
  }
  if (shown < lines.length) {
    blocks.push(context([`Showing ${shown} of ${lines.length} reps; the weekly post's thread lists everyone.`]));
  }
  return { text: stripMrkdwn(text), blocks };
}
