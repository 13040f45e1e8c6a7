import type { Status } from '../../coach/status.js';
import { formatMoney } from '../../domain/money.js';
import { context, fields, type Reply, section, stripMrkdwn } from './blocks.js';
import { formatEstimate, nudgeText, percent } from './gap-card.js';

const HOW_TO_ANSWER =
  'Reply here: one priority per line, a numbered list, or separated by `;`. They become today’s plan.';

/** The morning check-in: the gap in one glance, then the question for today's priorities. */
export function checkinMessage(status: Status): Reply {
  const { report, period, team } = status;
  const money = (cents: number) => formatMoney(cents, team.currency);
  const estimate = (cents: number) => formatEstimate(cents, team.currency);
  const blocks: Reply['blocks'] = [];
  let glance: string;
  if (report.quotaCents === null || report.attainment === null) {
    glance = `Good morning! No quota set for ${period.label} yet: \`/focus quota 120k quarter\`.`;
    blocks.push(section(glance));
  } else {
    glance =
      report.gapCents === 0
        ? `Good morning! Quota met for ${period.label} (${percent(report.attainment)}).`
        : `Good morning! *${money(report.gapCents)} to go* in ${period.label} (${percent(report.attainment)} of ${money(report.quotaCents)}).`;
    blocks.push(section(glance));
    const pace = Math.round(report.paceDeltaCents / 100) * 100;
    blocks.push(
      fields([
        `*Needed today*\n${report.perDayNeededCents === null ? '—' : estimate(report.perDayNeededCents)}`,
        `*Pace*\n${pace === 0 ? 'On pace' : `${estimate(Math.abs(pace))} ${pace > 0 ? 'ahead' : 'behind'}`}`,
        `*Coverage*\n${report.coverage === null ? '—' : `${report.coverage.toFixed(1)}× of the ${report.coverageNeeded.toFixed(1)}× you need`}`,
      ]),
    );
  }
  if (status.plan.length > 0) {
    // Planned already (with /focus plan): show it rather than ask again.
    const items = status.plan.map((item) => `${item.done ? '✅' : '☐'} ${item.text}`).join('\n');
    blocks.push(section(`*Today’s plan*\n${items}`));
    blocks.push(context(['To change it, reply `plan &lt;item&gt;; &lt;item&gt;`.']));
    return { text: stripMrkdwn(`${glance} Your plan for today is set.`), blocks };
  }
  blocks.push(section(`*What are today’s priorities?*\n${HOW_TO_ANSWER}`));
  blocks.push(context([`👉 ${nudgeText(report.nudge, team.currency)}`]));
  return { text: stripMrkdwn(`${glance} What are today’s priorities?`), blocks };
}

/** The one gentle reminder when the check-in is still unanswered. */
export function reminderMessage(): Reply {
  const text = 'Still time to plan today: what are your top priorities?';
  return { text, blocks: [section(`${text}\n${HOW_TO_ANSWER}`)] };
}
