import type { HomeView, KnownBlock } from '@slack/types';
import type { HomeData } from '../../coach/home.js';
import type { RecentItem } from '../../db/recent.js';
import { formatClock } from '../../domain/calendar.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { actions, button, context, divider, header, LIMITS, plainMrkdwn, section } from './blocks.js';
import { friendlyDate, WEEKDAY_NAMES } from './dates.js';
import { activityLabel, wholeMoney } from './format.js';
import { cardDataOf, gapCard } from './gap-card.js';
import { MAX_CHECKBOXES, planCheckboxes } from './plan-checkboxes.js';
import { questionBlocks } from './questions.js';
import { repLine } from './team.js';

/** Rep lines per section in the manager's team table. */
const TEAM_LINES_PER_SECTION = 10;

function workButtons(): KnownBlock {
  return actions(BLOCKS.homeActions, [
    button({ text: 'Log activity', actionId: ACTIONS.openLog, style: 'primary' }),
    button({ text: 'Record a win', actionId: ACTIONS.openWin }),
    button({ text: 'Add an opportunity', actionId: ACTIONS.openOpp }),
    button({ text: 'Mark lost', actionId: ACTIONS.openLost }),
    button({ text: 'Set quota', actionId: ACTIONS.openQuota }),
    button({ text: 'Targets', actionId: ACTIONS.openTargets }),
    button({ text: 'Settings', actionId: ACTIONS.openSettings }),
  ]);
}

export function recentLine(item: RecentItem, currency: string): string {
  const account = (name: string | null) => (name ? ` · ${plainMrkdwn(name)}` : '');
  if (item.type === 'activity') {
    return `• ${item.count} ${activityLabel(item.kind, item.count)}${account(item.account)}`;
  }
  const verb = item.status === 'won' ? '🎉 won' : item.status === 'lost' ? 'lost' : 'opportunity';
  return `• ${verb} ${wholeMoney(item.amountCents, currency)}${account(item.account)}`;
}

function emptyState(data: HomeData): KnownBlock[] {
  const { period } = data.status;
  return [
    section(
      '*Welcome to Focus Coach.* Busy is not the goal: quota is. ' +
        'Focus Coach keeps your gap to quota in view and pushes your time toward what closes it: ' +
        'qualified opportunities with accounts that fit your ideal customer profile.',
    ),
    section(`*1. Set your quota* for ${period.label} (${period.range}), so everything is measured against it.`),
    section('*2. Log your first piece of work*: a call, a meeting, or an opportunity in your pipeline.'),
    section(
      '*3. Plan tomorrow*: each working morning I’ll ask for your priorities in a DM, and each evening how it went.',
    ),
    actions(BLOCKS.homeActions, [
      button({ text: 'Set quota', actionId: ACTIONS.openQuota, style: 'primary' }),
      button({ text: 'Log activity', actionId: ACTIONS.openLog }),
      button({ text: 'Add an opportunity', actionId: ACTIONS.openOpp }),
      button({ text: 'Settings', actionId: ACTIONS.openSettings }),
    ]),
    context(['Prefer typing? `/focus help` lists every command.']),
  ];
}

function repBlocks(data: HomeData): KnownBlock[] {
  const { status } = data;
  const card = gapCard(cardDataOf(status), { withPlan: false });
  const today = status.clock.local.date;
  const blocks: KnownBlock[] = [
    workButtons(),
    ...card.blocks,
    ...questionBlocks(status.report, today, status.team.currency, 'home'),
  ];
  if (status.plan.length === 0) {
    blocks.push(
      section(
        `*Today’s plan* (${friendlyDate(today)})\nNo plan yet: reply to the morning check-in, or \`/focus plan …\`.`,
      ),
    );
  } else {
    blocks.push(section(`*Today’s plan* (${friendlyDate(today)}): tick what got done`));
    blocks.push(planCheckboxes(today, status.plan));
    if (status.plan.length > MAX_CHECKBOXES) {
      blocks.push(context([`Showing the first ${MAX_CHECKBOXES} of ${status.plan.length} items.`]));
    }
  }
  const streak =
    data.streak === 0 ? 'No planning streak yet: plan today to start one.' : `🔥 ${data.streak}-day planning streak`;
  blocks.push(context([streak]));
  if (data.recent.length > 0) {
    const lines = data.recent.map((item) => recentLine(item, status.team.currency)).join('\n');
    blocks.push(section(`*Recently logged*\n${lines}`));
  }
  return blocks;
}

function managerBlocks(data: HomeData): KnownBlock[] {
  const team = data.team;
  if (!team) return [];
  const blocks: KnownBlock[] = [divider(), header('Your team')];
  blocks.push(
    actions(BLOCKS.homeManagerActions, [
      button({ text: "Set a rep's quota", actionId: ACTIONS.openRepQuota }),
      button({ text: 'Team settings', actionId: ACTIONS.openTeamSettings }),
    ]),
  );
  const channel = team.team.channelId ? `<#${team.team.channelId}>` : 'no channel yet';
  const slot = `${WEEKDAY_NAMES[team.team.weeklyDay] ?? 'Monday'}s ${formatClock(team.team.weeklyMinutes)} (${data.teamTimezone})`;
  blocks.push(
    context([
      `Weekly post: ${channel}, ${slot} · currency ${team.team.currency} · default win rate ${Math.round(team.team.defaultWinRate * 100)}%`,
    ]),
  );
  if (team.reps.length === 0) {
    blocks.push(section('No rep has a quota or logged work yet.'));
    return blocks;
  }
  const lines = team.reps.map((rep) => repLine(rep, team.team.currency, team.kind));
  for (let i = 0; i < lines.length; i += TEAM_LINES_PER_SECTION) {
    blocks.push(section(lines.slice(i, i + TEAM_LINES_PER_SECTION).join('\n')));
  }
  return blocks;
}

/** The App Home tab: the rep's dashboard and buttons; the team table and controls for managers. */
export function homeView(data: HomeData): HomeView {
  const blocks: KnownBlock[] = data.isNew ? emptyState(data) : repBlocks(data);
  const manager = managerBlocks(data);
  // Slack refuses a view over 250 kB (view_too_large) or 100 blocks: the team table stops well inside both.
  let size = Buffer.byteLength(JSON.stringify(blocks));
  let shown = 0;
  for (const block of manager) {
    const blockSize = Buffer.byteLength(JSON.stringify(block)) + 1;
    // The last block may take the 100th place; any other leaves it for the note that the table was cut.
    const limit = shown === manager.length - 1 ? LIMITS.viewBlocks : LIMITS.viewBlocks - 1;
    if (blocks.length + shown + 1 > limit || size + blockSize > VIEW_BYTES_BUDGET) break;
    size += blockSize;
    shown++;
  }
  blocks.push(...manager.slice(0, shown));
  if (shown < manager.length) {
    blocks.push(context(["The team table is cut short here; the weekly post's thread lists every rep."]));
  }
  return { type: 'home', blocks };
}

/** Half of Slack's 250 kB view limit: room for escapes and for Slack's own additions. */
const VIEW_BYTES_BUDGET = 100_000;
