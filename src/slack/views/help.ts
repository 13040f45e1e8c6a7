import { context, header, type Reply, section } from './blocks.js';

const SECTIONS: readonly { title: string; lines: readonly [string, string][] }[] = [
  {
    title: 'Where you stand',
    lines: [
      [
        '/focus',
        'your gap card: quota, won, gap, pace, projection, counted pipeline, coverage, focus mix, targets, plan',
      ],
      ['/focus quota 120k quarter', 'set your quota for the current month, quarter or year'],
    ],
  },
  {
    title: 'Log your work',
    lines: [
      ['/focus won 30k Acme Corp', 'a closed-won deal (closes your open deal with Acme Corp, if any)'],
      ['/focus opp 45k Globex close 3/15', 'a qualified opportunity, closing 3/15 (default: the end of your period)'],
      ['/focus lost Globex', "mark that account's open deal lost"],
      ['/focus log call 3 Initech', 'activity: call, email, meeting, demo or proposal; count and account optional'],
      ['/focus icp Globex yes', 'whether an account fits your ideal customer profile (yes or no)'],
    ],
  },
  {
    title: 'Plan your time',
    lines: [
      ['/focus plan Call Initech; Send Umbrella proposal', "today's priorities, separated by ;"],
      ['/focus target meeting 8/week', 'an activity target per day or week (0 removes it)'],
      ['/focus pause 2026-12-24', 'no check-ins until that date'],
      ['/focus resume', 'prompts back on'],
    ],
  },
  {
    title: 'For managers',
    lines: [
      ['/focus quota 150k quarter @dana', "set a rep's quota"],
      ['/focus channel #sales', 'where the weekly progress post goes'],
    ],
  },
];

export function helpReply(): Reply {
  const blocks = [
    header('Focus Coach: close the gap, not just the day'),
    section(
      'Activity is not progress: qualified work with accounts that fit your ICP is. ' +
        'Focus Coach keeps your quota gap in view and helps you spend the day on what closes it.',
    ),
    ...SECTIONS.map(({ title, lines }) =>
      section(`*${title}*\n${lines.map(([example, what]) => `\`${example}\`  ${what}`).join('\n')}`),
    ),
    context(['Amounts: `120000`, `120k`, `$120,000`, `1.2m`. Replies are only visible to you.']),
  ];
  return { text: 'Focus Coach help: /focus shows your gap; /focus help lists every command.', blocks };
}
