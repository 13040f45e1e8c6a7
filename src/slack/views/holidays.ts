/** The holiday calendar in words: the card's line, and `/focus holidays`'s reply. Pure builders. */
import { type LocalDate, weekdayOf } from '../../domain/calendar.js';
import { type CompanyDay, calendarLabel, type Holiday } from '../../domain/holidays.js';
import type { Period } from '../../domain/period.js';
import { context, plainMrkdwn, type Reply, section, stripMrkdwn } from './blocks.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Holidays listed in a reply; the rest are counted. */
const LISTED = 12;

/** 'Thu 24 Dec'. */
export function dayMonth(date: LocalDate): string {
  const [, month, day] = date.split('-').map(Number);
  return `${DAYS[weekdayOf(date)]} ${day} ${MONTHS[(month ?? 1) - 1]}`;
}

/** 'Thu 24 Dec, Christmas Eve': the name as typed or as the library gives it, escaped for mrkdwn. */
export function holidayText(holiday: Pick<Holiday, 'date' | 'name'>): string {
  return `${dayMonth(holiday.date)}, ${plainMrkdwn(holiday.name)}`;
}

/** The card's line about the next holiday of the period, if one is left. */
export function nextHolidayLine(holiday: Holiday, today: LocalDate): string {
  const when = holiday.date === today ? 'Today is a holiday' : 'Next holiday';
  return `🏖️ ${when}: ${holidayText(holiday)} (not counted as a working day)`;
}

export interface HolidaysView {
  today: LocalDate;
  period: Period;
  team: { country: string | null; region: string | null };
  /** The rep's own country, when they chose one. */
  own: { country: string; region: string | null } | null;
  /** The rep's holidays from today to the period's end, each flagged when it falls on a day they work anyway. */
  ahead: readonly (Holiday & { working: boolean })[];
  companyDays: readonly CompanyDay[];
  /** Public holidays ahead in the period that the team works all the same. */
  worked: readonly Holiday[];
  isManager: boolean;
}

function sourceLines(view: HolidaysView): string[] {
  const team =
    view.team.country === null
      ? 'Team: no public holidays chosen yet.'
      : `Team: public holidays of ${calendarLabel(view.team.country, view.team.region)}.`;
  const lines = [team];
  if (view.own !== null) {
    lines.push(`You: ${calendarLabel(view.own.country, view.own.region)}, your own choice (not the team’s).`);
  }
  return lines;
}

function aheadLines(view: HolidaysView): string[] {
  if (view.ahead.length === 0 && view.worked.length === 0) return [`No holidays left in ${view.period.label}.`];
  const lines = view.ahead
    .slice(0, LISTED)
    .map(
      (h) =>
        `• ${holidayText(h)}${h.kind === 'company' ? ' (company day off)' : ''}${h.working ? '' : ' (not a working day anyway)'}`,
    );
  if (view.ahead.length > LISTED) lines.push(`…and ${view.ahead.length - LISTED} more`);
  if (view.worked.length > 0) {
    lines.push(`Worked by the team all the same: ${view.worked.map((h) => holidayText(h)).join(' · ')}.`);
  }
  return [`*Holidays left in ${view.period.label}* (to ${dayMonth(view.period.end)})`, ...lines];
}

function companyLines(view: HolidaysView): string[] {
  const upcoming = view.companyDays.filter((d) => d.date >= view.today);
  if (upcoming.length === 0) return ['*Company days off*: none ahead.'];
  const lines = upcoming.slice(0, LISTED).map((d) => `• ${d.date}: ${plainMrkdwn(d.name)}`);
  if (upcoming.length > LISTED) lines.push(`…and ${upcoming.length - LISTED} more`);
  return ['*Company days off*', ...lines];
}

/** `/focus holidays` with nothing after it. */
export function holidaysReply(view: HolidaysView): Reply {
  const how = view.isManager
    ? 'Change the team’s: `/focus holidays country US CA`, `/focus holidays add 2026-12-24 Christmas Eve`, `/focus holidays work 2026-10-12` (a public holiday the team works), `/focus holidays remove 2026-12-24`.'
    : 'A manager sets the team’s holidays and company days off.';
  const mine =
    view.own === null
      ? 'In another country? `/focus holidays mine DE`.'
      : 'Back to the team’s: `/focus holidays mine team`.';
  const blocks = [
    section(sourceLines(view).join('\n')),
    section(aheadLines(view).join('\n')),
    section(companyLines(view).join('\n')),
    context([
      'Holidays are not working days: pace, working days left, check-ins, reflections and streaks skip them.',
      `${how} ${mine}`,
    ]),
  ];
  const next = view.ahead.find((h) => h.working);
  const summary = next ? `Next holiday: ${holidayText(next)}.` : `No holidays left in ${view.period.label}.`;
  return { text: stripMrkdwn(`${sourceLines(view).join(' ')} ${summary}`), blocks };
}
