import type { HomeView, ImageBlock, KnownBlock } from '@slack/types';
import type { HomeData } from '../../coach/home.js';
import type { TeamProgress } from '../../coach/team.js';
import type { RecentItem } from '../../db/recent.js';
import { ACTIONS, BLOCKS } from '../ids.js';
import { actions, button, context, divider, header, LIMITS, plainMrkdwn, section } from './blocks.js';
import { crmHomeBlocks } from './crm.js';
import { friendlyDate } from './dates.js';
import { activityLabel, wholeMoney } from './format.js';
import { cardDataOf, gapCard } from './gap-card.js';
import { MAX_REP_ROWS, managerTeamBlocks, TEAM_FIXED_BLOCKS } from './manager-home.js';
import { MAX_CHECKBOXES, planCheckboxes } from './plan-checkboxes.js';
import { questionBlocks } from './questions.js';

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

/** Charts as image blocks, when the app can serve them (HTTP mode with PUBLIC_URL); else Home keeps its text bars. */
export interface HomeImages {
  rep: ImageBlock[];
  team: ImageBlock[];
}

const NO_IMAGES: HomeImages = { rep: [], team: [] };

function repBlocks(data: HomeData, images: HomeImages): KnownBlock[] {
  const { status } = data;
  const card = gapCard(cardDataOf(status), { withPlan: false });
  const today = status.clock.local.date;
  const blocks: KnownBlock[] = [
    workButtons(),
    ...card.blocks,
    ...images.rep,
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

/** The manager's own part, below the team: their card only if they carry a quota, else how to get one. */
function managerOwnBlocks(data: HomeData, images: HomeImages): KnownBlock[] {
  if (data.status.report.quotaCents === null) {
    return [
      divider(),
      context([
        'You carry no quota of your own, so no card of yours is shown. `/focus quota 120k` sets one; ' +
          '`/focus settings` sets your check-in times.',
      ]),
    ];
  }
  return [divider(), header('Your own quota'), ...repBlocks(data, images)];
}

/**
 * A manager's Home: the team first (totals, then the reps lowest projection first, with their actions), then
 * their own card if they carry a quota. The rows take what Slack's 100 blocks leave (at most MAX_REP_ROWS).
 */
function managerHome(data: HomeData, team: TeamProgress, images: HomeImages): HomeView {
  const own = managerOwnBlocks(data, images);
  const crm = crmHomeBlocks(data.crm ?? null, { now: data.status.clock.now, timezone: data.status.clock.timezone });
  const room = Math.floor((LIMITS.viewBlocks - own.length - TEAM_FIXED_BLOCKS - images.team.length) / 2);
  let rows = Math.min(MAX_REP_ROWS, room);
  let blocks = [...managerTeamBlocks(team, data.teamTimezone, rows, images.team, crm), ...own];
  // Slack refuses a view over 250 kB (view_too_large): with very long own content, fewer rows.
  while (rows > 0 && Buffer.byteLength(JSON.stringify(blocks)) > VIEW_BYTES_BUDGET) {
    rows--;
    blocks = [...managerTeamBlocks(team, data.teamTimezone, rows, images.team, crm), ...own];
  }
  return { type: 'home', blocks: blocks.slice(0, LIMITS.viewBlocks) };
}

/** The App Home tab: the rep's dashboard and buttons; for a manager, the team first (manager-home.ts). */
export function homeView(data: HomeData, images: HomeImages = NO_IMAGES): HomeView {
  if (data.team) return managerHome(data, data.team, images);
  return { type: 'home', blocks: data.isNew ? emptyState(data) : repBlocks(data, images) };
}

/** Half of Slack's 250 kB view limit: room for escapes and for Slack's own additions. */
const VIEW_BYTES_BUDGET = 100_000;
