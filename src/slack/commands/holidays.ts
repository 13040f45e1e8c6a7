/**
 * `/focus holidays`: the calendar (anyone), the team's country and company days off (managers, as the other
 * team settings), and a rep's own country. Runs inside the command's write transaction.
 */

import { workingDaysOf } from '../../db/reps.js';
import { type Command, type HolidaysAction, USAGE } from '../../domain/command.js';
import {
  calendarLabel,
  companyDaysOf,
  holidaySourceOf,
  holidaysBetween,
  MAX_COMPANY_DAYS,
  publicHolidaysBetween,
  workedDaysOf,
} from '../../domain/holidays.js';
import { isWorkingDay, periodContaining } from '../../domain/period.js';
import { plainMrkdwn, type Reply } from '../views/blocks.js';
import { plural } from '../views/format.js';
import { dayMonth, holidaysReply } from '../views/holidays.js';
import { confirmation, errorReply, managersOnlyReply } from '../views/replies.js';
import { type CommandContext, isManager } from './context.js';
import { statusNow } from './status.js';

type Action<Op extends HolidaysAction['op']> = Extract<HolidaysAction, { op: Op }>;

export async function handleHolidays(
  ctx: CommandContext,
  command: Extract<Command, { kind: 'holidays' }>,
): Promise<Reply> {
  const { action } = command;
  switch (action.op) {
    case 'show':
      return showHolidays(ctx);
    case 'mine':
      return setMine(ctx, action);
  }
  if (!isManager(ctx, ctx.rep)) return managersOnlyReply('change the team’s holidays');
  switch (action.op) {
    case 'country':
      return setCountry(ctx, action);
    case 'add':
      return addDay(ctx, action);
    case 'remove':
      return removeDay(ctx, action);
    case 'work':
      return workHoliday(ctx, action);
  }
}

function showHolidays(ctx: CommandContext): Reply {
  const { team, rep } = ctx;
  const today = ctx.clock.local.date;
  const period = periodContaining(rep.quotaPeriod, today, team.fiscalYearStartMonth);
  const workingDays = workingDaysOf(rep);
  const ahead = holidaysBetween(holidaySourceOf(team, rep), today, period.end).map((h) => ({
    ...h,
    working: isWorkingDay(h.date, workingDays),
  }));
  return holidaysReply({
    today,
    period,
    team: { country: team.holidayCountry, region: team.holidayRegion },
    own: rep.holidayCountry === null ? null : { country: rep.holidayCountry, region: rep.holidayRegion },
    ahead,
    companyDays: companyDaysOf(team.companyDaysOff),
    worked:
      rep.holidayCountry === null
        ? publicHolidaysBetween(holidaySourceOf(team, null), today, period.end).filter((h) =>
            workedDaysOf(team.workedHolidays).includes(h.date),
          )
        : [],
    isManager: isManager(ctx, rep),
  });
}

/** After a change: what the rep's period now counts, read again (the write is in this transaction). */
async function countedNow(ctx: CommandContext): Promise<string> {
  const status = await statusNow(ctx, 'change');
  const { report } = status;
  const next = status.nextHoliday ? ` · next holiday ${dayMonth(status.nextHoliday.date)}` : '';
  return `${status.period.label} now has ${plural(report.workingDaysInPeriod, 'working day')} for you, ${report.workingDaysLeft} left${next}. See them all: \`/focus holidays\`.`;
}

async function setCountry(ctx: CommandContext, action: Action<'country'>): Promise<Reply> {
  await ctx.store.holidays.setTeamHolidayCountry(ctx.teamId, action.country, action.region);
  const text =
    action.country === null
      ? 'The team now has no public holidays; company days off still count.'
      : `The team’s public holidays are now those of ${calendarLabel(action.country, action.region)}.`;
  return confirmation({ text, position: await countedNow(ctx) });
}

async function setMine(ctx: CommandContext, action: Action<'mine'>): Promise<Reply> {
  await ctx.store.holidays.setRepHolidayCountry(ctx.teamId, ctx.userId, action.country, action.region);
  const team = ctx.team.holidayCountry;
  const text =
    action.country !== null
      ? `Your public holidays are now those of ${calendarLabel(action.country, action.region)}, whatever the team’s.`
      : team === null
        ? 'You follow the team’s holidays again (no public holidays chosen for the team yet).'
        : `You follow the team’s holidays again: ${calendarLabel(team, ctx.team.holidayRegion)}.`;
  return confirmation({ text, position: await countedNow(ctx) });
}

async function addDay(ctx: CommandContext, action: Action<'add'>): Promise<Reply> {
  const current = companyDaysOf(ctx.team.companyDaysOff);
  if (current.length >= MAX_COMPANY_DAYS && !current.some((d) => d.date === action.date)) {
    return errorReply({
      message: `The team already has ${MAX_COMPANY_DAYS} company days off, the most it keeps: remove a past one first. Nothing was changed.`,
      ...USAGE.holidays,
    });
  }
  const replaced = await ctx.store.holidays.addCompanyDay(ctx.teamId, { date: action.date, name: action.name });
  const verb = replaced === null ? 'Added a company day off' : 'Renamed the company day off';
  return confirmation({
    text: `${verb}: ${dayMonth(action.date)} ${action.date.slice(0, 4)}, ${plainMrkdwn(action.name)}. Nobody on the team works it.`,
    position: await countedNow(ctx),
  });
}

/** The team's public holiday on `date` (the team's country, worked or not), if it has one. */
function teamHolidayOn(ctx: CommandContext, date: string) {
  return publicHolidaysBetween(holidaySourceOf(ctx.team, null), date, date)[0] ?? null;
}

/** `work 2026-10-12`: the team works that public holiday (Columbus Day, say): a working day again. */
async function workHoliday(ctx: CommandContext, action: Action<'work'>): Promise<Reply> {
  const holiday = teamHolidayOn(ctx, action.date);
  if (holiday === null) {
    const calendar = ctx.team.holidayCountry
      ? `${calendarLabel(ctx.team.holidayCountry, ctx.team.holidayRegion)} has no public holiday on ${action.date}`
      : `The team has no public holidays chosen, so ${action.date} is no holiday to work`;
    return errorReply({ message: `${calendar}. Nothing was changed.`, ...USAGE.holidays });
  }
  const day = `${plainMrkdwn(holiday.name)} (${dayMonth(action.date)} ${action.date.slice(0, 4)})`;
  if (!(await ctx.store.holidays.setHolidayWorked(ctx.teamId, action.date, true))) {
    return { ...confirmation({ text: `The team works ${day} already. Nothing was changed.` }), refused: true };
  }
  return confirmation({
    text: `The team works ${day}: a working day for everyone on the team’s calendar. \`/focus holidays remove ${action.date}\` makes it a holiday again.`,
    position: await countedNow(ctx),
  });
}

async function removeDay(ctx: CommandContext, action: Action<'remove'>): Promise<Reply> {
  // A worked public holiday first: `remove` takes back the team's own word on that date.
  if (await ctx.store.holidays.setHolidayWorked(ctx.teamId, action.date, false)) {
    const holiday = teamHolidayOn(ctx, action.date);
    const day = holiday
      ? `${plainMrkdwn(holiday.name)} (${dayMonth(action.date)} ${action.date.slice(0, 4)})`
      : action.date;
    return confirmation({ text: `${day} is a holiday for the team again.`, position: await countedNow(ctx) });
  }
  const removed = await ctx.store.holidays.removeCompanyDay(ctx.teamId, action.date);
  if (removed === null) {
    const count = companyDaysOf(ctx.team.companyDaysOff).length;
    return {
      ...confirmation({
        text: `There is no company day off on ${action.date}. Nothing was changed.`,
        position: `The team has ${plural(count, 'company day off', 'company days off')}: \`/focus holidays\` lists them.`,
      }),
      refused: true,
    };
  }
  return confirmation({
    text: `Removed the company day off ${dayMonth(removed.date)} ${removed.date.slice(0, 4)}, ${plainMrkdwn(removed.name)}: no longer a day off.`,
    position: await countedNow(ctx),
  });
}
