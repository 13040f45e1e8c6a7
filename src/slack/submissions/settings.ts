import type { App } from '@slack/bolt';
import { pauseRep, resumeRep, updateRepSettings } from '../../db/reps.js';
import { updateTeamSettings } from '../../db/teams.js';
import { daysBetween, isValidTimeZone, parseClock, parseLocalDate, type Weekday } from '../../domain/calendar.js';
import { PERIOD_KINDS, type PeriodKind } from '../../domain/command.js';
import { isKnownCurrency } from '../../domain/money.js';
import { type CommandContext, isManager } from '../commands/context.js';
import { MAX_PAUSE_DAYS } from '../commands/plan.js';
import type { CommandResult } from '../commands/run.js';
import type { SlackDeps } from '../deps.js';
import { INPUTS, VIEWS } from '../ids.js';
import { simpleReply } from '../views/blocks.js';
import { conversationOf, dateOf, type StateValues, selectedManyOf, selectedOf, textOf, timeOf } from './fields.js';
import { type FormOutcome, registerForm } from './submit.js';

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
  if (Object.keys(errors).length > 0 || checkinMinutes === null || reflectionMinutes === null) return { errors };
  return {
    errorBlock: INPUTS.checkinTime,
    run: (c) =>
      c.db.transaction(
        (tx) => {
          updateRepSettings(tx, c.teamId, c.userId, {
            checkinMinutes,
            reflectionMinutes,
            workingDays,
            timezoneOverride: zone === '' ? null : zone,
            remindersEnabled: selectedOf(values, INPUTS.reminders) !== 'off',
          });
          const wasPaused = c.rep.pausedUntil !== null && c.rep.pausedUntil > today;
          if (pausedUntil && pausedUntil !== c.rep.pausedUntil) {
            pauseRep(tx, { teamId: c.teamId, userId: c.userId, today, until: pausedUntil });
          } else if (!pausedUntil && wasPaused) {
            resumeRep(tx, { teamId: c.teamId, userId: c.userId, today });
          }
          return saved();
        },
        { behavior: 'immediate' },
      ),
  };
}

function teamSettingsForm(values: StateValues, ctx: CommandContext): FormOutcome {
  if (!isManager(ctx, ctx.rep)) {
    // Checked here as well as on the button: a forged submission is refused and writes nothing.
    return { errors: { [INPUTS.weeklyDay]: 'Only managers can change team settings. Nothing was changed.' } };
  }
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
  if (Object.keys(errors).length > 0 || weeklyMinutes === null || !('id' in channel)) return { errors };
  return {
    errorBlock: INPUTS.weeklyDay,
    run: (c) => {
      updateTeamSettings(c.db, c.teamId, {
        channelId: channel.id,
        timezone: timezone === '' ? null : timezone,
        weeklyDay,
        weeklyMinutes,
        fiscalYearStartMonth,
        currency,
        defaultWinRate: winRate / 100,
        periodKind,
      });
      return saved();
    },
  };
}

export function registerSettingsForms(app: App, deps: SlackDeps): void {
  registerForm(app, deps, VIEWS.settings, repSettingsForm);
  registerForm(app, deps, VIEWS.teamSettings, teamSettingsForm);
}
