import type { KnownBlock } from '@slack/types';
import type { GapReport, Nudge, TargetStatus } from '../../domain/gap.js';
import { formatMoney } from '../../domain/money.js';
import type { Period } from '../../domain/period.js';
import { context, divider, fields, header, type Reply, section, stripMrkdwn } from './blocks.js';

export interface GapCardData {
  period: Period;
  report: GapReport;
  plan: readonly { text: string; done: boolean }[];
  currency: string;
  timezone: string;
}

const BAR_WIDTH = 20;

/** `████░░░░` for a share; full only at 100% and beyond. */
export function progressBar(share: number, width = BAR_WIDTH): string {
  const filled = Math.max(0, Math.min(width, Math.floor(share * width)));
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/** Whole percent; never "100%" while something is still missing. */
export function percent(share: number): string {
  const whole = Math.round(share * 100);
  return `${whole === 100 && share < 1 ? 99 : whole}%`;
}

/** Derived figures (pace, per day, expectations) are estimates: shown in whole currency units. */
export function formatEstimate(cents: number, currency: string): string {
  return formatMoney(Math.round(cents / 100) * 100, currency);
}

function multiple(value: number): string {
  return `${value.toFixed(1)}×`;
}

function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

const ACTIVITY_PLURALS: Record<string, string> = {
  call: 'calls',
  email: 'emails',
  meeting: 'meetings',
  demo: 'demos',
  proposal: 'proposals',
};

export function activityLabel(activity: string, count: number): string {
  return count === 1 ? activity : (ACTIVITY_PLURALS[activity] ?? `${activity}s`);
}

export function targetLine(target: TargetStatus): string {
  const when = target.per === 'day' ? 'today' : 'this week';
  const base = `${activityLabel(target.activity, target.count)}: ${target.done} of ${target.count} ${when}`;
  if (target.done >= target.count) return `✅ ${base}`;
  if (target.behindBy > 0) return `🔻 ${base} (pace says ${target.pace} by now, ${target.behindBy} behind)`;
  return `▫️ ${base} (on pace)`;
}

export function nudgeText(nudge: Nudge, currency: string): string {
  const money = (cents: number) => formatMoney(cents, currency);
  const estimate = (cents: number) => formatEstimate(cents, currency);
  switch (nudge.kind) {
    case 'no-quota':
      return 'Set your quota first, so everything else is measured against it: `/focus quota 120k quarter`';
    case 'quota-met':
      return nudge.overCents > 0
        ? `Quota met, ${money(nudge.overCents)} over. Keep filling the pipeline for next period.`
        : 'Quota met. Keep filling the pipeline for next period.';
    case 'pipeline-short': {
      const ask =
        nudge.oppsToCreate === null
          ? 'Add qualified opportunities with ICP accounts: `/focus opp 40k Globex`'
          : `Create ${plural(nudge.oppsToCreate, 'qualified opportunity', 'qualified opportunities')} with ICP accounts`;
      return `Your pipeline should bring about ${estimate(nudge.expectedCents)} of the ${money(nudge.gapCents)} gap. ${ask}.`;
    }
    case 'non-icp':
      return `${percent(nudge.share)} of this week's activity went to accounts outside your ICP. Put the next hours into ICP accounts.`;
    case 'target-behind': {
      const t = nudge.target;
      const when = t.per === 'day' ? 'today' : 'this week';
      return `Behind on ${activityLabel(t.activity, 2)}: ${t.done} of ${t.count} ${when}, pace says ${t.pace} by now.`;
    }
    case 'no-plan':
      return 'No plan for today yet. Pick your top priorities: `/focus plan Call Initech; Send Umbrella proposal`';
    case 'behind-pace':
      return `${estimate(nudge.behindCents)} behind pace, but your pipeline can cover it: push your largest open deals to close.`;
    case 'on-pace':
      return nudge.aheadCents > 0
        ? `On pace, ${estimate(nudge.aheadCents)} ahead. Work today's plan.`
        : "On pace. Work today's plan.";
  }
}

function planLines(plan: GapCardData['plan']): string {
  if (plan.length === 0) return "*Today's plan*\nNo plan yet: `/focus plan &lt;item&gt;; &lt;item&gt;`";
  // Plan items are kept as Slack sent them: already-escaped mrkdwn, mentions intact.
  const lines = plan.map((item) => `${item.done ? '✅' : '☐'} ${item.text}`);
  return `*Today's plan*\n${lines.join('\n')}`;
}

function mixLine(report: GapReport): string {
  const { mix } = report;
  if (mix.total === 0) return '*Focus this week*\nNo activity logged yet';
  return `*Focus this week*\nICP ${percent(mix.icpShare)} · non-ICP ${percent(mix.nonIcpShare)} · unassigned ${percent(mix.unassignedShare)}`;
}

function paceLine(report: GapReport, money: (cents: number) => string): string {
  const delta = Math.round(report.paceDeltaCents / 100) * 100;
  if (delta === 0) return '*Pace*\nOn pace';
  return `*Pace*\n${money(Math.abs(delta))} ${delta > 0 ? 'ahead' : 'behind'} (expected ${money(report.expectedByNowCents)} by now)`;
}

/**
 * The gap card: the rep's whole position in one message. The Home tab shows the plan as
 * checkboxes of its own, so it asks for the card without the plan's text section.
 */
export function gapCard(data: GapCardData, options: { withPlan?: boolean } = {}): Reply {
  const { period, report, currency } = data;
  const money = (cents: number) => formatMoney(cents, currency);
  const estimate = (cents: number) => formatEstimate(cents, currency);
  const daysLeft = plural(report.workingDaysLeft, 'working day');
  const blocks: KnownBlock[] = [header(`${period.label} · ${daysLeft} left`)];
  const nudge = nudgeText(report.nudge, currency);

  if (report.quotaCents === null || report.attainment === null) {
    blocks.push(section(`*No quota set for ${period.label} yet.*\n${nudge}`));
  } else {
    blocks.push(
      section(
        `*${money(report.gapCents)} to go* of your ${money(report.quotaCents)} quota\n` +
          `\`${progressBar(report.attainment)}\` ${percent(report.attainment)} · ${money(report.wonCents)} won`,
      ),
    );
    const perDay = report.perDayNeededCents === null ? 'No working days left' : estimate(report.perDayNeededCents);
    blocks.push(
      fields([
        `*Needed per working day*\n${report.gapCents === 0 ? 'Nothing: quota met' : perDay}`,
        paceLine(report, estimate),
      ]),
    );
  }

  const need = multiple(report.coverageNeeded);
  const coverage =
    report.coverage !== null
      ? `${multiple(report.coverage)} of the ${need} you need`
      : report.quotaCents === null
        ? `Set a quota to measure it (you need ${need} of your gap)`
        : 'No gap left to cover';
  const opps =
    report.quotaCents === null
      ? 'Set a quota first'
      : report.oppsToCreate === null
        ? 'Log an opportunity to size this'
        : String(report.oppsToCreate);
  blocks.push(
    fields([
      `*Open pipeline*\n${money(report.openCents)} in ${plural(report.openCount, 'deal')}`,
      `*Coverage*\n${coverage}`,
      `*Opportunities to create*\n${opps}`,
      mixLine(report),
    ]),
  );
  if (report.targets.length > 0) {
    blocks.push(section(`*Targets*\n${report.targets.map(targetLine).join('\n')}`));
  }
  if (options.withPlan !== false) blocks.push(section(planLines(data.plan)));
  blocks.push(divider());
  if (report.quotaCents !== null) blocks.push(section(`👉 ${nudge}`));
  const winRate = `win rate ${percent(report.winRate)} (${report.winRateSource === 'own' ? 'yours, last 12 months' : 'team default'})`;
  const avg = report.averageDealCents === null ? '' : ` · average deal ${estimate(report.averageDealCents)}`;
  blocks.push(context([`${period.range} · ${winRate}${avg} · times in ${data.timezone}`]));

  const summary =
    report.quotaCents === null || report.attainment === null
      ? `${period.label}: no quota set yet.`
      : `${period.label}: ${money(report.gapCents)} gap to your ${money(report.quotaCents)} quota (${percent(report.attainment)} won).`;
  return { text: stripMrkdwn(`${summary} ${nudge}`), blocks };
}
