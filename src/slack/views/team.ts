import type { KnownBlock } from '@slack/types';
import type { RepProgress, TeamProgress } from '../../coach/team.js';
import { formatMoney } from '../../domain/money.js';
import { context, fields, header, LIMITS, type Reply, section, stripMrkdwn } from './blocks.js';
import { formatEstimate, percent, progressBar } from './gap-card.js';

/** Rep lines per thread message (and per section of the private view): well inside 3,000 characters. */
const LINES_PER_PART = 12;

export function repLine(progress: RepProgress, currency: string): string {
  const { report } = progress.status;
  const money = (cents: number) => formatMoney(cents, currency);
  const parts: string[] = [`<@${progress.userId}>`];
  if (report.quotaCents === null || report.attainment === null) {
    parts.push('no quota set');
  } else {
    parts.push(`${percent(report.attainment)} of ${money(report.quotaCents)}`);
    const pace = Math.round(report.paceDeltaCents / 100) * 100;
    parts.push(
      pace === 0 ? 'on pace' : `${formatEstimate(Math.abs(pace), currency)} ${pace > 0 ? 'ahead of' : 'behind'} pace`,
    );
    if (report.coverage !== null) {
      parts.push(`coverage ${report.coverage.toFixed(1)}× of ${report.coverageNeeded.toFixed(1)}×`);
    }
  }
  parts.push(progress.icpShare === null ? 'no activity logged' : `ICP ${percent(progress.icpShare)}`);
  const items = progress.itemsPlanned === 0 ? '' : `, ${progress.itemsDone}/${progress.itemsPlanned} items done`;
  parts.push(`plans ${progress.plannedDays}/${progress.workingDays} days${items}`);
  if (progress.streak > 0) parts.push(`🔥 ${progress.streak}-day streak`);
  return parts.join(' · ');
}

function summary(progress: TeamProgress): { text: string; blocks: KnownBlock[] } {
  const { totals, team } = progress;
  const money = (cents: number) => formatMoney(cents, team.currency);
  const blocks: KnownBlock[] = [header('Team progress toward quota')];
  if (totals.repsWithQuota === 0) {
    const text = 'No rep has a quota for the current period yet.';
    blocks.push(section(`${text} Reps set theirs with \`/focus quota 120k quarter\`.`));
    return { text, blocks };
  }
  const attainment = totals.quotaCents === 0 ? 0 : totals.wonCents / totals.quotaCents;
  const pace = Math.round((totals.wonCents - totals.expectedCents) / 100) * 100;
  const text = `Team: ${money(totals.gapCents)} to go of ${money(totals.quotaCents)} (${percent(attainment)}).`;
  blocks.push(
    section(
      `*${money(totals.gapCents)} to go* of the team’s ${money(totals.quotaCents)} quota\n` +
        `\`${progressBar(attainment)}\` ${percent(attainment)} · ${money(totals.wonCents)} won`,
    ),
  );
  const planned = progress.reps.reduce((sum, r) => sum + r.plannedDays, 0);
  const workdays = progress.reps.reduce((sum, r) => sum + r.workingDays, 0);
  blocks.push(
    fields([
      `*Pace*\n${pace === 0 ? 'On pace' : `${formatEstimate(Math.abs(pace), team.currency)} ${pace > 0 ? 'ahead' : 'behind'}`}`,
      `*Follow-through (last 7 days)*\n${workdays === 0 ? '—' : `plans on ${percent(planned / workdays)} of working days`}`,
    ]),
  );
  const best = progress.mostImproved;
  const notes = [`${progress.reps.length} reps · ${totals.repsWithQuota} with a quota`];
  if (best?.gainedPoints) {
    const points = best.gainedPoints < 10 ? best.gainedPoints.toFixed(1) : best.gainedPoints.toFixed(0);
    notes.push(`most improved: <@${best.userId}> (+${points} points of quota)`);
  }
  blocks.push(context(notes));
  return { text, blocks };
}

/** The weekly post: the top-level message, and the per-rep thread parts. */
export function weeklyPost(progress: TeamProgress): { top: Reply; thread: Reply[] } {
  const { text, blocks } = summary(progress);
  blocks.push(
    context(['Each rep’s detail is in the thread. Progress, not activity volume: attainment, pace, follow-through.']),
  );
  const lines = progress.reps.map((rep) => repLine(rep, progress.team.currency));
  const thread: Reply[] = [];
  for (let i = 0; i < lines.length; i += LINES_PER_PART) {
    const part = lines.slice(i, i + LINES_PER_PART).join('\n');
    thread.push({ text: stripMrkdwn(part), blocks: [section(part)] });
  }
  return { top: { text: stripMrkdwn(text), blocks }, thread };
}

/** Slack refuses a message whose blocks pass about 13,200 characters (msg_blocks_too_long); stay well inside. */
const MESSAGE_BLOCKS_BUDGET = 12_000;

/** `/focus team`: the same content in one private message, cut short (and saying so) for a very large team. */
export function teamView(progress: TeamProgress): Reply {
  const { text, blocks } = summary(progress);
  const lines = progress.reps.map((rep) => repLine(rep, progress.team.currency));
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
