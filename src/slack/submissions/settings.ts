import type { Team } from '../../db/teams.js';
import { daysBetween, isValidTimeZone, parseClock, parseLocalDate, type Weekday } from '../../domain/calendar.js';
import { PERIOD_KINDS, type PeriodKind } from '../../domain/command.js';
import { type CompanyDay, companyDaysOf, MAX_COMPANY_DAYS } from '../../domain/holidays.js';
import { isKnownCurrency } from '../../domain/money.js';
import { parseCompanyDay, parseHolidayCountry } from '../../domain/parse-holidays.js';
import type { CommandContext } from '../commands/context.js';
import { MAX_PAUSE_DAYS } from '../commands/plan.js';
import type { CommandResult } from '../commands/run.js';
import type { SlackDeps } from '../deps.js';
import { INPUTS, type InputId, VIEWS } from '../ids.js';
import type { SlackRouter } from '../router.js';
import { simpleReply } from '../views/blocks.js';
import { companyDaysShown } from '../views/settings-modals.js';
import { conversationOf, dateOf, type StateValues, selectedManyOf, selectedOf, textOf, timeOf } from './fields.js';
import { type FormOutcome, registerForm } from './submit.js';
import { registerTeamSettingsForm, type TeamSettingsRead } from './team-settings.js';

type Errors = Partial<Record<(typeof INPUTS)[keyof typeof INPUTS], string>>;

const saved = (): CommandResult => ({ reply: simpleReply('Saved.'), changed: true });

function clockOf(values: StateValues, id: (typeof INPUTS)[keyof typeof INPUTS], errors: Errors): number | null {
  const minutes = parseClock(timeOf(values, id) ?? '');
  if (minutes === null) errors[id] = 'Pick a time.';
  return minutes;
}

function repSettingsForm(values: StateValues, ctx: CommandContext): FormOutcome {
  const errors: Errors = {};
  const checkinMinutes = clockOf(values, INPUTS.checkinTime, errors);
  const reflectionMinutes = clockOf(values, INPUTS.reflectionTime, errors);
  if (checkinMinutes !== null && reflectionMinutes !== null && reflectionMinutes <= checkinMinutes) {
    errors[INPUTS.reflectionTime] = 'The reflection comes after the check-in: pick a later time.';
  }
  const workingDays = selectedManyOf(values, INPUTS.workingDays)
    .map(Number)
    .filter((day): day is Weekday => Number.isInteger(day) && day >= 0 && day <= 6);
  if (workingDays.length === 0) errors[INPUTS.workingDays] = 'Pick at least one working day.';
  const zone = textOf(values, INPUTS.timezone);
  if (zone !== '' && !isValidTimeZone(zone)) {
    errors[INPUTS.timezone] =
      `“${zone.slice(0, 40)}” isn't a time zone. Use an IANA name such as Europe/London, or leave it empty.`;
  }
  const today = ctx.clock.local.date;
  // A pause already over counts as none (the form may still show an old date).
  const picked = dateOf(values, INPUTS.pausedUntil);
  const pauseText = picked && picked === ctx.rep.pausedUntil && picked <= today ? undefined : picked;
  const pausedUntil = pauseText ? parseLocalDate(pauseText) : null;
  if (pauseText && (pausedUntil === null || daysBetween(today, pausedUntil) <= 0)) {
    errors[INPUTS.pausedUntil] = `Pick a date after today (${today}), or clear it to resume.`;
  } else if (pausedUntil && daysBetween(today, pausedUntil) > MAX_PAUSE_DAYS) {
    errors[INPUTS.pausedUntil] = 'Pick a date within a year.';
  }
  const ownHolidays = holidayCountryOf(values, INPUTS.myHolidayCountry, errors);
  if (Object.keys(errors).length > 0 || checkinMinutes === null || reflectionMinutes === null) return { errors };
  return {
    errorBlock: INPUTS.checkinTime,
    run: (c) =>
      c.store.transaction(
        async (tx) => {
          await tx.reps.updateRepSettings(c.teamId, c.userId, {
            checkinMinutes,
            reflectionMinutes,
            workingDays,
            timezoneOverride: zone === '' ? null : zone,
            remindersEnabled: selectedOf(values, INPUTS.reminders) !== 'off',
          });
          if (ownHolidays) {
            await tx.holidays.setRepHolidayCountry(c.teamId, c.userId, ownHolidays.country, ownHolidays.region);
          }
          const wasPaused = c.rep.pausedUntil !== null && c.rep.pausedUntil > today;
          if (pausedUntil && pausedUntil !== c.rep.pausedUntil) {
            await tx.reps.pauseRep({ teamId: c.teamId, userId: c.userId, today, until: pausedUntil });
          } else if (!pausedUntil && wasPaused) {
            await tx.reps.resumeRep({ teamId: c.teamId, userId: c.userId, today });
          }
          return saved();
        },
        { teamId: c.teamId },
      ),
  };
}

/** The team form's values, checked: the change to save, or the errors to show on their fields. */
function readTeamSettings(values: StateValues, ctx: CommandContext): TeamSettingsRead {
  const errors: Errors = {};
  const weeklyDay = Number(selectedOf(values, INPUTS.weeklyDay));
  if (!Number.isInteger(weeklyDay) || weeklyDay < 0 || weeklyDay > 6) errors[INPUTS.weeklyDay] = 'Pick a day.';
  const weeklyMinutes = clockOf(values, INPUTS.weeklyTime, errors);
  const fiscalYearStartMonth = Number(selectedOf(values, INPUTS.fiscalStart));
  if (!Number.isInteger(fiscalYearStartMonth) || fiscalYearStartMonth < 1 || fiscalYearStartMonth > 12) {
    errors[INPUTS.fiscalStart] = 'Pick a month.';
  }
  const currency = textOf(values, INPUTS.currency).toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency) || !isKnownCurrency(currency)) {
    errors[INPUTS.currency] = 'A three-letter currency code, such as USD, EUR or GBP.';
  }
  const timezone = textOf(values, INPUTS.teamTimezone);
  if (timezone !== '' && !isValidTimeZone(timezone)) {
    errors[INPUTS.teamTimezone] =
      `“${timezone.slice(0, 40)}” isn't a time zone. Use an IANA name such as America/Chicago.`;
  }
  const periodKind = selectedOf(values, INPUTS.teamPeriod) as PeriodKind;
  if (!PERIOD_KINDS.includes(periodKind)) errors[INPUTS.teamPeriod] = 'Pick month, quarter or year.';
  const winRate = Number(textOf(values, INPUTS.winRate));
  if (!Number.isInteger(winRate) || winRate < 1 || winRate > 100)
    errors[INPUTS.winRate] = 'A whole percent from 1 to 100.';
  const channel = conversationOf(values, INPUTS.channel);
  if ('invalid' in channel) errors[INPUTS.channel] = "That isn't a channel. Pick one from the list.";
  const holidays = holidayCountryOf(values, INPUTS.holidayCountry, errors);
  const companyDays = companyDaysIn(values, ctx.team, errors);
  if (Object.keys(errors).length > 0 || weeklyMinutes === null || !('id' in channel)) return { errors };
  return {
    change: {
      settings: {
        channelId: channel.id,
        timezone: timezone === '' ? null : timezone,
        weeklyDay,
        weeklyMinutes,
        fiscalYearStartMonth,
        currency,
        defaultWinRate: winRate / 100,
        periodKind,
      },
      holidays,
      companyDays,
    },
  };
}

/** Whether the form had this field: a modal opened before it existed must not clear what is stored. */
const isSubmitted = (values: StateValues, id: InputId) => values[id]?.[id] !== undefined;

/** A holiday country field ('US CA', 'de', or empty for none): the choice (null: not in the form), or an error on the field. */
function holidayCountryOf(
  values: StateValues,
  id: typeof INPUTS.holidayCountry | typeof INPUTS.myHolidayCountry,
  errors: Errors,
): { country: string | null; region: string | null } | null {
  if (!isSubmitted(values, id)) return null;
  const words = textOf(values, id).split(/\s+/).filter(Boolean);
  if (words.length === 0) return { country: null, region: null };
  const choice = parseHolidayCountry(words, []);
  if ('problem' in choice) {
    errors[id] = `${choice.problem}.`;
    return { country: null, region: null };
  }
  return choice;
}

/**
 * The team's company days off after the form: the lines typed (one day each), plus the older days the form
 * could not show (see companyDaysShown), which stay as they were.
 */
function companyDaysIn(values: StateValues, team: Team, errors: Errors): CompanyDay[] | null {
  if (!isSubmitted(values, INPUTS.companyDaysOff)) return null;
  const stored = companyDaysOf(team.companyDaysOff);
  const shown = new Set(companyDaysShown(stored));
  const days = new Map<string, CompanyDay>(stored.filter((d) => !shown.has(d)).map((d) => [d.date, d]));
  const lines = textOf(values, INPUTS.companyDaysOff)
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
  for (const [index, line] of lines.entries()) {
    const day = parseCompanyDay(line);
    if ('problem' in day) {
      errors[INPUTS.companyDaysOff] =
        `Line ${index + 1}: ${day.problem}. Write one day a line, as 2026-12-24 Christmas Eve.`;
      return [];
    }
    days.set(day.date, day);
  }
  if (days.size > MAX_COMPANY_DAYS) {
    errors[INPUTS.companyDaysOff] = `At most ${MAX_COMPANY_DAYS} company days off: remove some past ones.`;
  }
  return [...days.values()];
}

export function registerSettingsForms(routes: SlackRouter, deps: SlackDeps): void {
  registerForm(routes, deps, VIEWS.settings, repSettingsForm);
  // The team's form has its own handler: a currency change may first need a confirmation.
  registerTeamSettingsForm(routes, deps, readTeamSettings);
}
