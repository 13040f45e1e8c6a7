/**
 * `/focus help`: every command of USAGE (domain/command.ts), each with its right form, what it does and its
 * example, in groups. Derived from USAGE, so a command added there is listed even before it has a group here.
 */
import { type CommandName, USAGE } from '../../domain/command.js';
import { context, escapeMrkdwn, header, type Reply, section } from './blocks.js';

/** The groups help shows, in order; a command in none of them is listed under "More". */
const GROUPS: readonly { title: string; commands: readonly CommandName[] }[] = [
  { title: 'Where you stand', commands: ['status', 'quota', 'team', 'help'] },
  { title: 'Log your work', commands: ['won', 'opp', 'lost', 'log', 'icp'] },
  { title: 'Plan your time', commands: ['plan', 'target', 'pause', 'resume'] },
  { title: 'Your settings and the team’s', commands: ['settings', 'holidays', 'channel', 'crm'] },
];

/** What each command does, in a few words; a command without one shows its form and example alone. */
const WHAT: Partial<Record<CommandName, string>> = {
  status: 'your gap card: quota, won, gap, pace, projection, counted pipeline, coverage, focus mix, targets, plan',
  quota: 'your quota for the current month, quarter or year (managers: add @rep to set a rep’s)',
  team: 'the team’s progress, as in the weekly post, now',
  help: 'this list',
  won: 'a closed-won deal (closes your open deal with that account, if any)',
  opp: 'a qualified opportunity (close date: default the end of your period)',
  lost: 'mark that account’s open deal lost',
  log: 'activity, with a count and an account if you like',
  icp: 'whether an account fits your ideal customer profile (alone: the accounts waiting for an answer)',
  plan: 'today’s priorities, separated by ; (alone: today’s plan)',
  target: 'an activity target per day or week; 0 removes it (alone: your targets and how they stand)',
  pause: 'no check-ins or reflections until that date',
  resume: 'check-ins and reflections back on',
  settings: 'a form: check-in and reflection times, working days, time zone, reminders',
  holidays: 'the team’s holiday calendar (changes: managers)',
  channel: 'managers: where the weekly progress post goes',
  crm: 'managers: the CRM connection (last sync, changes, unmapped owners); `manual off` leaves deals to the CRM',
};

/** The groups with every USAGE command placed once: its own group, else "More". */
export function helpGroups(): { title: string; commands: CommandName[] }[] {
  const all = Object.keys(USAGE) as CommandName[];
  const placed = new Set<CommandName>();
  const groups = GROUPS.map(({ title, commands }) => {
    const present = commands.filter((name) => name in USAGE && !placed.has(name));
    for (const name of present) placed.add(name);
    return { title, commands: present };
  });
  const rest = all.filter((name) => !placed.has(name));
  if (rest.length > 0) groups.push({ title: 'More', commands: rest });
  return groups.filter((group) => group.commands.length > 0);
}

/** "`/focus won <amount> <account>`  a closed-won deal … e.g. `/focus won 24.5k Acme Corp`". */
function line(name: CommandName): string {
  const { usage, example } = USAGE[name];
  // Forms hold placeholders like <amount>, which Slack would read as links unless escaped.
  const form = `\`${escapeMrkdwn(usage)}\``;
  const what = WHAT[name] ? `  ${WHAT[name]}` : '';
  const eg = example === usage ? '' : `, e.g. \`${escapeMrkdwn(example)}\``;
  return `${form}${what}${eg}`;
}

export function helpReply(): Reply {
  const blocks = [
    header('Focus Coach: close the gap, not just the day'),
    section(
      'Activity is not progress: qualified work with accounts that fit your ICP is. ' +
        'Focus Coach keeps your quota gap in view and helps you spend the day on what closes it.',
    ),
    ...helpGroups().map(({ title, commands }) => section(`*${title}*\n${commands.map(line).join('\n')}`)),
    context([
      'Amounts: `120000`, `120k`, `$120,000`, `1.2m`. In our DM, type the same commands without `/focus`. Replies are only visible to you.',
    ]),
  ];
  return { text: 'Focus Coach help: /focus shows your gap; /focus help lists every command.', blocks };
}
