import type { Status } from '../../coach/status.js';
import type { Yesterday } from '../../coach/yesterday.js';
import { adviceLines } from './advice.js';
import { context, fields, type Reply, section, stripMrkdwn } from './blocks.js';
import { moneyIn } from './format.js';
import { coverageText, paceText, positionPhrase, projectionText } from './gap-card.js';
import { questionBlocks } from './questions.js';
import { morningBlocks } from './yesterday.js';

const HOW_TO_ANSWER =
  'Reply here: one priority per line, a numbered list, or separated by `;`. They become today’s plan.';

/** The morning check-in: the gap in one glance, the nudge, the question for today's priorities, and what needs an answer. */
export function checkinMessage(status: Status, yesterday?: Yesterday): Reply {
  const { report, period, team } = status;
  const today = status.clock.local.date;
  const money = moneyIn(team.currency);
  // The check-in asks for today's plan itself: no nudge for one on top.
  const advice = adviceLines({ report, period, currency: team.currency, today }, ['no-plan']);
  const blocks: Reply['blocks'] = [];
  const position = positionPhrase(report, team.currency);
  let glance: string;
  if (position === null) {
    glance = `Good morning! No quota set for ${period.label} yet: \`/focus quota 120k quarter\`.`;
    blocks.push(section(glance));
  } else {
    glance = `Good morning! ${period.label}: *${position.charAt(0).toUpperCase()}${position.slice(1)}*.`;
    blocks.push(section(glance));
    blocks.push(
      fields([
        `*Needed per working day*\n${report.perDayNeededCents === null || report.gapCents === 0 ? '—' : money(report.perDayNeededCents)}`,
        `*Pace*\n${paceText(report, team.currency)}`,
        `*Coverage*\n${coverageText(report)}`,
        `*Projected*\n${projectionText(report, team.currency)}`,
      ]),
    );
    blocks.push(context([[`👉 ${advice.lead}`, ...advice.more.map((line) => `• ${line}`)].join('\n')]));
  }
  // Yesterday's lesson, its unfinished items to carry, and priorities from the numbers (views/yesterday.ts).
  blocks.push(...morningBlocks(status, yesterday));
  const questions = questionBlocks(report, today, team.currency);
  if (status.plan.length > 0) {
    // Planned already (with /focus plan): show it rather than ask again.
    const items = status.plan.map((item) => `${item.done ? '✅' : '☐'} ${item.text}`).join('\n');
    blocks.push(section(`*Today’s plan*\n${items}`));
    blocks.push(context(['To change it, reply `plan &lt;item&gt;; &lt;item&gt;`.']));
    blocks.push(...questions);
    return { text: stripMrkdwn(`${glance} Your plan for today is set.`), blocks };
  }
  blocks.push(section(`*What are today’s priorities?*\n${HOW_TO_ANSWER}`));
  blocks.push(...questions);
  return { text: stripMrkdwn(`${glance} What are today’s priorities?`), blocks };
}

/** The one gentle reminder when the check-in is still unanswered. */
export function reminderMessage(): Reply {
  const text = 'Still time to plan today: what are your top priorities?';
  return { text, blocks: [section(`${text}\n${HOW_TO_ANSWER}`)] };
}
