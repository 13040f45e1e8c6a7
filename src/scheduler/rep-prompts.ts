/** The reps' prompts due at a pass's instant (check-in, reminder, reflection), each a DM job. */
import type { WebClient } from '@slack/web-api';
import { loadDayReview } from '../coach/daily.js';
import { loadPeriodTurn } from '../coach/recap.js';
import { timezoneOf } from '../coach/rep-context.js';
import { type RepRow, workingDaysOf } from '../db/reps.js';
import { type Claim, sendKey } from '../db/sends.js';
import type { Team } from '../db/teams.js';
import { addDays, type LocalDate, type LocalDateTime, localDateTime } from '../domain/calendar.js';
import { type DuePrompt, duePrompts, REMINDER_AFTER_MINUTES, type RepSchedule } from '../domain/due.js';
import { holidayDates, holidaySourceOf } from '../domain/holidays.js';
import { dmChannelOf } from '../slack/dm.js';
import type { Reply } from '../slack/views/blocks.js';
import { reminderMessage } from '../slack/views/checkin.js';
import { openWithPeriodTurn } from '../slack/views/recap.js';
import { reflectionMessage } from '../slack/views/reflection.js';
import type { Store } from '../storage/types.js';
import { CheckinBatches } from './checkin-batches.js';
import { type Job, type Pass, type PassDeps, type SendOutcome, sendDirect } from './sending.js';

/**
 * The reps' schedules at one pass's instant. Most reps share their working days and their holidays (the team's),
 * so each distinct setting is read once a pass rather than once a rep.
 */
class Schedules {
  private readonly workingDays = new Map<string, RepSchedule['workingDays']>();
  private readonly offDays = new Map<string, RepSchedule['offDays']>();

  /** `today`: the rep's local date; prompts are due for today and yesterday, so holidays are looked up for both. */
  of(rep: RepRow, team: Team, today: LocalDate): RepSchedule {
    let workingDays = this.workingDays.get(rep.workingDays);
    if (!workingDays) {
      workingDays = workingDaysOf(rep);
      this.workingDays.set(rep.workingDays, workingDays);
    }
    // As holidaySourceOf reads them: the rep's own country and region, or the team's.
    const own = rep.holidayCountry !== null ? `${rep.holidayCountry}|${rep.holidayRegion ?? ''}` : '';
    const holidays = `${team.id}|${own}|${today}`;
    let offDays = this.offDays.get(holidays);
    if (!offDays) {
      offDays = holidayDates(holidaySourceOf(team, rep), addDays(today, -1), today);
      this.offDays.set(holidays, offDays);
    }
    return {
      checkinMinutes: rep.checkinMinutes,
      reflectionMinutes: rep.reflectionMinutes,
      workingDays,
      pausedUntil: rep.pausedUntil,
      remindersEnabled: rep.remindersEnabled,
      offDays,
    };
  }
}

export async function dueRepPrompts(deps: PassDeps, now: number): Promise<Job[]> {
  const clocks = new Map<string, LocalDateTime>();
  const jobs: Job[] = [];
  // The check-ins' facts are read a batch of reps at a time, as they come to be rendered (checkin-batches.ts).
  const checkins = new CheckinBatches(deps.store, { now, defaultTimezone: deps.defaultTimezone });
  const schedules = new Schedules();
  for (const { rep, team } of await deps.store.reps.activeReps()) {
    const tz = timezoneOf(rep, team, deps.defaultTimezone);
    let local = clocks.get(tz);
    if (!local) {
      local = localDateTime(now, tz);
      clocks.set(tz, local);
    }
    for (const due of duePrompts(schedules.of(rep, team, local.date), local)) {
      if (due.kind === 'reminder' && !(await reminderWanted(deps.store, rep, due, now))) continue;
      if (due.kind === 'checkin') checkins.add(team, rep);
      jobs.push({
        kind: due.kind,
        teamId: rep.teamId,
        recipient: rep.userId,
        shownAs: rep.userId,
        period: due.date,
        key: sendKey(rep.teamId, rep.userId, due.kind, due.date),
        send: (pass, claim, job, client) => sendPrompt(pass, client, claim, job, { rep, team }, due, now, checkins),
      });
    }
  }
  return jobs;
}

/**
 * The reminder follows a check-in that went out at least two hours ago and got no plan of the rep's own.
 * (A check-in sent late, after a restart, may leave no room for one: it is never more than one.)
 */
async function reminderWanted(store: Store, rep: RepRow, due: DuePrompt, now: number): Promise<boolean> {
  const checkin = await store.sends.getSend(sendKey(rep.teamId, rep.userId, 'checkin', due.date));
  if (checkin?.status !== 'sent' || checkin.sentAt === null) return false;
  // In whole minutes, as passes run: a check-in sent a few seconds into 08:45 is two hours old at 10:45.
  if (minuteOf(now) - minuteOf(checkin.sentAt) < REMINDER_AFTER_MINUTES) return false;
  // No plan of the rep's own yet: items carried from an earlier day alone do not answer the check-in (pending.ts).
  const checkinRow = await store.checkins.getCheckin(rep.teamId, rep.userId, due.date);
  return (checkinRow?.planItems.length ?? 0) === 0 || checkinRow?.planSetAt === null;
}

const minuteOf = (instant: number) => Math.floor(instant / 60_000);

async function sendPrompt(
  pass: Pass,
  client: WebClient,
  claim: Claim,
  job: Job,
  loaded: { rep: RepRow; team: Team },
  due: DuePrompt,
  now: number,
  checkins: CheckinBatches,
): Promise<SendOutcome> {
  const { deps } = pass;
  const { rep } = loaded;
  const who = { teamId: rep.teamId, userId: rep.userId, now, defaultTimezone: deps.defaultTimezone, loaded };
  return sendDirect(
    pass,
    client,
    claim,
    job,
    () => dmChannelOf(client, deps.store, rep),
    async (): Promise<Reply> => {
      if (due.kind === 'reminder') return reminderMessage();
      if (due.kind !== 'checkin') return reflectionMessage(await loadDayReview(deps.store, { ...who, date: due.date }));
      // The first check-in of a period opens with how the last one went (coach/recap.ts).
      const [checkin, turn] = await Promise.all([
        checkins.message(loaded),
        loadPeriodTurn(deps.store, { ...loaded, now, defaultTimezone: deps.defaultTimezone }),
      ]);
      return openWithPeriodTurn(checkin, turn, loaded.team.currency);
    },
  );
}
