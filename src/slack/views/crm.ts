/**
 * The CRM connection in Slack: `/focus crm` for managers and for reps, and the manager's Home section. Data in,
 * blocks out; times are the viewer's. The replies that send a rep to the CRM are in crm-refusals.ts.
 */
import type { KnownBlock } from '@slack/types';
import type { SyncSummary } from '../../crm/model.js';
import type { CrmOverview, CrmRunView, CrmSourceView, UnmappedOwner } from '../../db/crm-status.js';
import { formatClock, localDate, localDateTime } from '../../domain/calendar.js';
import { context, escapeMrkdwn, header, plainMrkdwn, type Reply, section, stripMrkdwn, truncate } from './blocks.js';
import { crmLabel, crmLabels } from './crm-refusals.js';
import { shortDate } from './dates.js';
import { plural } from './format.js';

/** Who is looking, and when: every time shown is in their zone. */
export interface Viewer {
  now: number;
  timezone: string;
}

/** Owners listed by name in `/focus crm`; the rest are counted. */
export const MAX_OWNERS_LISTED = 10;
/** Skip reasons named per run, most frequent first. */
const MAX_SKIP_REASONS = 3;
/** A CRM's error shown on Home is cut to this; `/focus crm` shows it whole. */
const HOME_ERROR_LENGTH = 200;

const MINUTE_MS = 60_000;

/** "5 minutes ago", "2 hours ago", "3 days ago"; "just now" under a minute (or for a clock a little behind). */
export function howLongAgo(ms: number): string {
  const minutes = Math.floor(ms / MINUTE_MS);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${plural(minutes, 'minute')} ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${plural(hours, 'hour')} ago`;
  return `${plural(Math.floor(hours / 24), 'day')} ago`;
}

/** "in 55 minutes", "in 3 hours"; "any minute now" when it is due. */
function howLongUntil(ms: number): string {
  const minutes = Math.ceil(ms / MINUTE_MS);
  if (minutes < 1) return 'any minute now';
  if (minutes < 120) return `in ${plural(minutes, 'minute')}`;
  return `in ${plural(Math.round(minutes / 60), 'hour')}`;
}

/** "today at 10:15", "Dec 3 at 09:00": the viewer's wall clock. */
function at(instant: number, viewer: Viewer): string {
  const local = localDateTime(instant, viewer.timezone);
  const today = localDate(viewer.now, viewer.timezone);
  const day = local.date === today ? 'today' : shortDate(local.date, today);
  return `${day} at ${formatClock(local.minutes)}`;
}

/** "today at 10:15 (2 hours ago)". */
export function whenPast(instant: number, viewer: Viewer): string {
  return `${at(instant, viewer)} (${howLongAgo(viewer.now - instant)})`;
}

function whenNext(instant: number, viewer: Viewer): string {
  return `${at(instant, viewer)} (${howLongUntil(instant - viewer.now)})`;
}

// --- What a run did ------------------------------------------------------------------------------

type Counts = SyncSummary['deals'];

/** "3 added, 2 changed, 1 deleted"; null when nothing moved. */
function moved(counts: Counts | undefined): string | null {
  if (!counts) return null;
  const parts = [
    counts.added > 0 ? `${counts.added} added` : null,
    counts.changed > 0 ? `${counts.changed} changed` : null,
    counts.deleted > 0 ? `${counts.deleted} deleted` : null,
  ].filter((part): part is string => part !== null);
  return parts.length === 0 ? null : parts.join(', ');
}

/** What an ok run changed: deals, activities, accounts' fit, skipped. */
export function changesPhrase(summary: SyncSummary | null): string {
  if (summary === null) return 'no details recorded';
  const deals = moved(summary.deals);
  const activities = moved(summary.activities);
  const parts = [deals === null ? 'no deal changed' : `deals ${deals}`];
  if (activities !== null) parts.push(`activities ${activities}`);
  if (summary.accountsFitted > 0) parts.push(`ICP fit set on ${plural(summary.accountsFitted, 'account')}`);
  if (summary.skipped.length > 0) parts.push(`${summary.skipped.length} skipped`);
  return parts.join(' · ');
}

/** "Skipped: 3 × no amount; 1 × …" (most frequent first), then the run's warnings. */
function runNotes(summary: SyncSummary | null): string[] {
  if (summary === null) return [];
  const notes: string[] = [];
  const byReason = new Map<string, number>();
  for (const skip of summary.skipped) byReason.set(skip.reason, (byReason.get(skip.reason) ?? 0) + 1);
  const top = [...byReason].sort((a, b) => b[1] - a[1]).slice(0, MAX_SKIP_REASONS);
  if (top.length > 0) {
    const more = byReason.size - top.length;
    const reasons = top.map(([reason, count]) => `${count} × ${escapeMrkdwn(reason)}`).join('; ');
    notes.push(`Skipped: ${reasons}${more > 0 ? `; ${plural(more, 'other reason')}` : ''}`);
  }
  for (const warning of summary.warnings) notes.push(`⚠️ ${escapeMrkdwn(warning)}`);
  return notes;
}

// --- /focus crm for managers ------------------------------------------------------------------------

function lastRunLines(view: CrmSourceView, viewer: Viewer): string[] {
  const run = view.lastRun;
  if (run === null) {
    return view.configured
      ? ['No sync has finished yet: the first runs within minutes, or now with `npm run cli -- sync`.']
      : ['No sync has run.'];
  }
  if (run.status === 'ok') return [`✅ Last sync ${whenPast(run.finishedAt, viewer)}: ${changesPhrase(run.summary)}.`];
  const lines = [
    `⚠️ Last sync failed ${whenPast(run.finishedAt, viewer)}: ${escapeMrkdwn(run.error ?? 'no reason recorded')}`,
  ];
  if (run.fix) lines.push(`*To fix:* ${escapeMrkdwn(run.fix)}`);
  const next =
    view.configured && view.nextAttemptAt !== null ? `; next try ${whenNext(view.nextAttemptAt, viewer)}` : '';
  if (view.failures > 0) lines.push(`${plural(view.failures, 'failure')} in a row${next}.`);
  lines.push(
    view.lastSuccessAt === null
      ? 'No sync has succeeded yet.'
      : `Last good sync ${whenPast(view.lastSuccessAt, viewer)}.`,
  );
  return lines;
}

function sourceBlocks(view: CrmSourceView, viewer: Viewer): KnownBlock[] {
  const state = view.configured ? 'connected' : 'not configured on the server now: its deals stay as last synced';
  const live = view.running ? ' · syncing now' : '';
  const title = `*${crmLabel(view.source)}* · ${state}${live} · ${plural(view.deals, 'deal')} from it`;
  const blocks: KnownBlock[] = [section([title, ...lastRunLines(view, viewer)].join('\n'))];
  const notes = view.lastRun?.status === 'ok' ? runNotes(view.lastRun.summary) : [];
  if (notes.length > 0) blocks.push(context(notes));
  return blocks;
}

function ownerLine(owner: UnmappedOwner): string {
  const records = owner.records === null ? '' : `: ${plural(owner.records, 'record')}`;
  return `• ${plainMrkdwn(owner.owner)}${records} (${escapeMrkdwn(owner.reason)})`;
}

function ownerBlocks(owners: readonly UnmappedOwner[]): KnownBlock[] {
  if (owners.length === 0) return [];
  const listed = owners.slice(0, MAX_OWNERS_LISTED).map(ownerLine);
  const more = owners.length - listed.length;
  if (more > 0) listed.push(`…and ${plural(more, 'more owner')}`);
  return [
    section(`*CRM owners with no Slack member*: their deals and activity are skipped\n${listed.join('\n')}`),
    context([
      'To fix: invite them to Slack with that email, or change the owner in the CRM. The next sync picks them up.',
    ]),
  ];
}

function importBlocks(run: CrmRunView | null, viewer: Viewer): KnownBlock[] {
  if (run === null) return [];
  const as = run.source === 'csv' ? 'with a column mapping' : `as ${crmLabel(run.source)} records`;
  if (run.status === 'failed') {
    return [
      section(
        `⚠️ *Last CSV import* failed ${whenPast(run.finishedAt, viewer)}: ${escapeMrkdwn(run.error ?? 'no reason recorded')}. Nothing of that file was written.`,
      ),
    ];
  }
  const blocks: KnownBlock[] = [
    section(`*Last CSV import* ${whenPast(run.finishedAt, viewer)}, ${as}: ${changesPhrase(run.summary)}.`),
  ];
  const notes = runNotes(run.summary);
  if (notes.length > 0) blocks.push(context(notes));
  return blocks;
}

function manualBlock(overview: CrmOverview): KnownBlock {
  const { feeding } = overview;
  if (overview.manualDeals) {
    return section(
      '*Manual deal entry: on.* Reps can still type `won`, `lost` and `opp`, except on accounts whose deal comes from the CRM (those change in the CRM). `/focus crm manual off` makes the CRM the only source of deals.',
    );
  }
  if (feeding.length === 0) {
    return section(
      '*Manual deal entry: off*, but no CRM feeds this team yet, so reps can still type deals. `/focus crm manual on` turns it back on.',
    );
  }
  return section(
    `*Manual deal entry: off.* Deals come only from ${crmLabels(feeding)}; reps’ \`won\`, \`lost\` and \`opp\` are refused. \`/focus crm manual on\` turns it back on.`,
  );
}

/** Anything to show: a configured source, or a sync or import that ran (as db/crm-status.ts hasCrm says). */
function shown(overview: CrmOverview): boolean {
  return overview.sources.length > 0 || overview.lastImport !== null;
}

const CONNECT_HINT =
  'To bring the pipeline in from HubSpot or Salesforce, or to import a CSV export, see “Connect your CRM” in the README.';

/** `/focus crm` for a manager: each source's last sync, what changed, unmapped owners, errors, the last import. */
export function crmManagerReply(overview: CrmOverview, viewer: Viewer): Reply {
  const blocks: KnownBlock[] = [header('Your CRM connection')];
  if (!shown(overview)) {
    blocks.push(section(`No CRM is connected: deals come from what reps type in Slack. ${CONNECT_HINT}`));
    if (!overview.manualDeals) blocks.push(manualBlock(overview));
    return { text: stripMrkdwn(`No CRM is connected. ${CONNECT_HINT}`), blocks };
  }
  for (const view of overview.sources) blocks.push(...sourceBlocks(view, viewer));
  blocks.push(...importBlocks(overview.lastImport, viewer));
  blocks.push(...ownerBlocks(overview.unmappedOwners));
  blocks.push(manualBlock(overview));
  blocks.push(context([`Times are in your time zone (${escapeMrkdwn(viewer.timezone)}).`]));
  const failed = overview.sources.filter((view) => view.lastRun?.status === 'failed').map((view) => view.source);
  const summary =
    failed.length > 0
      ? `The last ${crmLabels(failed)} sync failed: /focus crm shows the fix.`
      : `CRM: ${crmLabels(overview.sources.map((view) => view.source)) || 'the CSV import'}.`;
  return { text: truncate(summary, 300), blocks };
}

// --- /focus crm for reps -------------------------------------------------------------------------------

/** The newest good sync of a source: the state's, else its last run's when that was ok. */
function lastGoodSync(view: CrmSourceView): number | null {
  if (view.lastSuccessAt !== null) return view.lastSuccessAt;
  return view.lastRun?.status === 'ok' ? view.lastRun.finishedAt : null;
}

/** `/focus crm` for a rep: which CRM feeds the deals and when it last synced; no manager detail. */
export function crmRepReply(overview: CrmOverview, viewer: Viewer): Reply {
  if (overview.feeding.length === 0) {
    const text = 'No CRM feeds this team’s deals: you log them here with `/focus won`, `/focus opp` and `/focus lost`.';
    return { text: stripMrkdwn(text), blocks: [section(text)] };
  }
  // Only a source synced through its API has a sync time; one fed by CSV imports shows the last import.
  const synced = overview.sources
    .filter((view) => overview.feeding.includes(view.source))
    .map((view) => {
      const good = lastGoodSync(view);
      return `${crmLabel(view.source)}: ${good === null ? 'not synced yet' : `last synced ${whenPast(good, viewer)}`}`;
    });
  if (overview.lastImport?.status === 'ok')
    synced.push(`Last CSV import ${whenPast(overview.lastImport.finishedAt, viewer)}`);
  const names = crmLabels(overview.feeding);
  const how = overview.manualDeals
    ? `Deals ${names} holds are changed there; others you can still log here with \`/focus won\`, \`/focus opp\` and \`/focus lost\`.`
    : `Change deals in ${names}: typing them here is off for this team.`;
  const text = `Deals for this team come from ${names}. ${how}`;
  const blocks: KnownBlock[] = [section(text)];
  if (synced.length > 0) blocks.push(context(synced));
  return { text: stripMrkdwn(text), blocks };
}

// --- The manager's Home -------------------------------------------------------------------------------

/** Blocks the Home section takes at most (manager-home.ts budgets for them). */
export const CRM_HOME_BLOCKS = 2;

function homeLine(view: CrmSourceView, viewer: Viewer): string {
  const name = crmLabel(view.source);
  const run = view.lastRun;
  if (run === null) return `${name}: no sync yet`;
  if (run.status === 'failed') {
    const error = truncate(escapeMrkdwn(run.error ?? 'no reason recorded'), HOME_ERROR_LENGTH);
    return `⚠️ ${name}: last sync failed ${whenPast(run.finishedAt, viewer)}: ${error}`;
  }
  return `${name}: last sync ${whenPast(run.finishedAt, viewer)} · ${changesPhrase(run.summary)}`;
}

/** The CRM on a manager's Home: one line per source, unmatched owners, the way to the detail. Empty without a CRM. */
export function crmHomeBlocks(overview: CrmOverview | null, viewer: Viewer): KnownBlock[] {
  if (overview === null || !shown(overview)) return [];
  const lines = overview.sources.map((view) => homeLine(view, viewer));
  if (overview.lastImport !== null) {
    const run = overview.lastImport;
    lines.push(
      run.status === 'ok'
        ? `CSV import ${whenPast(run.finishedAt, viewer)} · ${changesPhrase(run.summary)}`
        : `⚠️ CSV import failed ${whenPast(run.finishedAt, viewer)}`,
    );
  }
  const owners = overview.unmappedOwners.length;
  if (owners > 0) lines.push(`${plural(owners, 'CRM owner')} with no Slack member: their records are skipped`);
  const manual = overview.manualDeals ? 'Manual deal entry on' : 'Manual deal entry off';
  return [section(`*CRM*\n${lines.join('\n')}`), context([`${manual} · \`/focus crm\` for the detail and fixes`])];
}
