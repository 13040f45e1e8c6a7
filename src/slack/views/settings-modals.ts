/** The settings modals: the rep's own, and the team's (managers). Pure builders, data in, view out. */
import type { InputBlock, ModalView } from '@slack/types';
import type { RepRow } from '../../db/reps.js';
import type { Team } from '../../db/teams.js';
import { formatClock } from '../../domain/calendar.js';
import { PERIOD_KINDS } from '../../domain/command.js';
import { type CompanyDay, companyDaysOf } from '../../domain/holidays.js';
import { MONTH_NAMES } from '../../domain/period.js';
import { INPUTS, VIEWS } from '../ids.js';
import { WEEKDAY_NAMES } from './dates.js';
import { input, modal, option, plain, radio, staticSelect } from './inputs.js';

const capitalised = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/** What Slack lets a plain-text input hold. */
const TEXT_INPUT_MAX = 3000;

/** 'US CA', 'DE' or '': a country and region as the holiday fields show them. */
const countryText = (country: string | null, region: string | null) =>
  country === null ? '' : `${country}${region === null ? '' : ` ${region}`}`;

const dayLine = (day: CompanyDay) => `${day.date} ${day.name}`;

/**
 * The company days off the team modal shows, one per line: the latest that fit in the input. Older ones that
 * do not fit are kept as they are when the form is saved (the submission asks this function which were shown).
 */
export function companyDaysShown(days: readonly CompanyDay[]): CompanyDay[] {
  const shown: CompanyDay[] = [];
  let length = 0;
  for (let i = days.length - 1; i >= 0; i--) {
    const day = days[i] as CompanyDay;
    length += dayLine(day).length + 1;
    if (length > TEXT_INPUT_MAX) break;
    shown.unshift(day);
  }
  return shown;
}

/** `today` (the rep's local date) decides whether a stored pause is still ahead and worth showing. */
export function settingsModal(rep: RepRow, effectiveTimezone: string, today: string): ModalView {
  const pausedUntil = rep.pausedUntil !== null && rep.pausedUntil > today ? rep.pausedUntil : null;
  const days = rep.workingDays.split(',').filter(Boolean);
  const dayOptions = WEEKDAY_NAMES.map((name, index) => option(name, String(index)));
  const initialDays = dayOptions.filter((o) => o.value !== undefined && days.includes(o.value));
  return modal(
    VIEWS.settings,
    'Your settings',
    [
      input(INPUTS.checkinTime, 'Morning check-in', {
        type: 'timepicker',
        initial_time: formatClock(rep.checkinMinutes),
      }),
      input(INPUTS.reflectionTime, 'Evening reflection', {
        type: 'timepicker',
        initial_time: formatClock(rep.reflectionMinutes),
      }),
      input(INPUTS.workingDays, 'Working days', {
        type: 'checkboxes',
        options: dayOptions,
        ...(initialDays.length > 0 ? { initial_options: initialDays } : {}),
      }),
      input(
        INPUTS.timezone,
        'Time zone',
        {
          type: 'plain_text_input',
          placeholder: plain(rep.slackTimezone ?? effectiveTimezone),
          max_length: 64,
          ...(rep.timezoneOverride ? { initial_value: rep.timezoneOverride } : {}),
        },
        {
          optional: true,
          hint: `Leave empty to follow Slack's (${rep.slackTimezone ?? `now ${effectiveTimezone}`}). Or an IANA name such as Europe/London.`,
        },
      ),
      input(
        INPUTS.reminders,
        'A reminder when the check-in goes unanswered',
        radio([option('On', 'on'), option('Off', 'off')], rep.remindersEnabled ? 'on' : 'off'),
      ),
      input(
        INPUTS.myHolidayCountry,
        'Public holidays of',
        {
          type: 'plain_text_input',
          placeholder: plain('The team’s'),
          max_length: 40,
          ...(rep.holidayCountry ? { initial_value: countryText(rep.holidayCountry, rep.holidayRegion) } : {}),
        },
        {
          optional: true,
          hint: 'Leave empty to follow the team’s. Or your own country’s two-letter code, with a region if you like: DE BY.',
        },
      ),
      input(
        INPUTS.pausedUntil,
        'Pause prompts until',
        { type: 'datepicker', ...(pausedUntil ? { initial_date: pausedUntil } : {}) },
        { optional: true, hint: 'No check-ins or reflections before this date. Clear it to resume.' },
      ),
    ],
    'Save',
  );
}

/** `defaultTimezone`: the operator's, used while the team has none of its own. */
export function teamSettingsModal(team: Team, defaultTimezone: string): ModalView {
  return modal(
    VIEWS.teamSettings,
    'Team settings',
    [
      input(
        INPUTS.channel,
        'Weekly progress post goes to',
        {
          type: 'conversations_select',
          filter: { include: ['public', 'private'], exclude_bot_users: true },
          ...(team.channelId ? { initial_conversation: team.channelId } : {}),
        },
        { optional: true, hint: 'For a private channel, invite the app there first.' },
      ),
      input(
        INPUTS.weeklyDay,
        'Posted on',
        staticSelect(
          WEEKDAY_NAMES.map((name, index) => option(name, String(index))),
          String(team.weeklyDay),
        ),
      ),
      input(INPUTS.weeklyTime, 'At', { type: 'timepicker', initial_time: formatClock(team.weeklyMinutes) }),
      input(
        INPUTS.teamTimezone,
        "In the team's time zone",
        {
          type: 'plain_text_input',
          placeholder: plain(defaultTimezone),
          max_length: 64,
          ...(team.timezone ? { initial_value: team.timezone } : {}),
        },
        { optional: true, hint: `An IANA name such as America/Chicago. Empty: ${defaultTimezone}.` },
      ),
      input(
        INPUTS.teamPeriod,
        'Team totals add up quotas per',
        radio(
          PERIOD_KINDS.map((kind) => option(capitalised(kind), kind)),
          team.periodKind,
        ),
        { hint: 'Reps with quotas of another period are listed with their own, not added in.' },
      ),
      input(
        INPUTS.fiscalStart,
        'Fiscal year starts in',
        staticSelect(
          MONTH_NAMES.map((name, index) => option(name, String(index + 1))),
          String(team.fiscalYearStartMonth),
        ),
      ),
      input(
        INPUTS.currency,
        'Currency',
        { type: 'plain_text_input', initial_value: team.currency, max_length: 3, min_length: 3 },
        {
          hint: 'A three-letter code such as USD, EUR or GBP. A new one relabels the amounts already recorded and converts nothing: you are asked to confirm first.',
        },
      ),
      input(
        INPUTS.winRate,
        'Default win rate (%)',
        {
          type: 'number_input',
          is_decimal_allowed: false,
          min_value: '1',
          max_value: '100',
          initial_value: String(Math.round(team.defaultWinRate * 100)),
        },
        { hint: 'Used for reps with fewer than 5 closed deals in 12 months.' },
      ),
      ...teamHolidayInputs(team),
    ],
    'Save',
  );
}

function teamHolidayInputs(team: Team): InputBlock[] {
  const shown = companyDaysShown(companyDaysOf(team.companyDaysOff));
  return [
    input(
      INPUTS.holidayCountry,
      'Public holidays of',
      {
        type: 'plain_text_input',
        placeholder: plain('US CA'),
        max_length: 40,
        ...(team.holidayCountry ? { initial_value: countryText(team.holidayCountry, team.holidayRegion) } : {}),
      },
      {
        optional: true,
        hint: 'A two-letter country code, with a state or region code if you like (US CA, DE BY). Empty: no public holidays. Not working days for anyone on the team, unless a rep picks their own country.',
      },
    ),
    input(
      INPUTS.companyDaysOff,
      'Company days off',
      {
        type: 'plain_text_input',
        multiline: true,
        placeholder: plain('2026-12-24 Christmas Eve'),
        max_length: TEXT_INPUT_MAX,
        ...(shown.length > 0 ? { initial_value: shown.map(dayLine).join('\n') } : {}),
      },
      { optional: true, hint: 'One a line: the date as YYYY-MM-DD, then its name. Nobody on the team works them.' },
    ),
  ];
}
